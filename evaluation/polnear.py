"""Scores the attribution extractor against the PolNeAR corpus (source and cue spans, named vs anonymous).

Data: ``<polnear>/<split>/text/*.txt`` and brat standoff files
``<split>/attributions/<stem>_<annotator>.ann``.
Some articles carry several annotator files; the first in sorted order is gold and the rest give a human
ceiling (the second annotator scored against the first with the same metric).

Span matching. Each article's spans are deduplicated by offsets (PolNeAR reuses one source span for
several attributions, e.g. "X said ..., adding ..."), so a source is counted once however many cues
share it. Two criteria are reported:

* exact: predicted and gold offsets are equal after trimming whitespace and the punctuation that brat
  annotators include or leave out inconsistently (the trailing comma of an appositive, a colon after
  "said"). This is the strict PARC-style score.
* overlap: a prediction matches a gold span when they share at least one word token; matching is
  one-to-one (each gold span is used once, in text order). This is the score that matters for our use:
  we need to know *who* is the source, and PolNeAR's spans carry long appositives and modifiers
  ("Hillary Clinton's campaign manager Robby Mook") whose exact bounds do not change who that is.

``speech_source_overlap`` is the overlap score of the speech relations alone (those that decide
``Attributor.attribute``), without the stance verbs ("X opposed") that PolNeAR also annotates.

Named vs anonymous agreement. The rule below was fixed before any score was looked at.
Gold label of each gold attribution:

1. It has a Source span:
   a. the span (lowercased) is a pronoun (he, she, they, it, i, we, you, who, which, that, his, her, its,
      their) -> excluded: labelling it needs coreference, which PolNeAR does not annotate;
   b. else the core of the span is taken: the text before the first comma, parenthesis or " who ",
      and then before the first of " for ", " of ", " at ", " from ", " with ", " close to ",
      " familiar ", " in ". Its last word is the head. If the head (singular or plural form) is one of
      ANONYMOUS_HEADS -> "anonymous";
   c. otherwise -> "named" (a person, organisation, document or other identified source).
2. It has no Source span: if its cue contains one of HEDGE_WORDS -> "hedged"; otherwise excluded.

Predicted label: the relation from ``Attributor.relations`` on the whole article whose cue overlaps the
gold cue (else whose source overlaps the gold source), mapped on_record/media_report -> "named",
anonymous -> "anonymous"; for gold "hedged", "hedged" if a hedge cue overlaps the gold cue. No such
relation -> "missed". Agreement is reported over all labelled gold attributions (misses count as
disagreements) and over the found ones only.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scoring.attribution import Attributor

ANONYMOUS_HEADS = frozenset(
    {
        "source", "official", "aide", "insider", "people", "person", "someone", "somebody", "witness",
        "eyewitness", "resident", "staffer", "adviser", "advisor", "diplomat", "spokesman", "spokeswoman",
        "spokesperson", "analyst", "expert", "critic", "observer", "operative", "ally", "allies",
        "associate", "confidant", "protester", "protestor", "demonstrator", "employee", "worker",
        "investigator", "member", "activist", "neighbor", "neighbour", "relative", "friend", "some",
        "many", "others", "several", "few", "one", "strategist", "consultant", "insiders",
    }
)  # fmt: skip
HEDGE_WORDS = (
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "rumor",
    "rumour",
    "believed",
    "understood",
)
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "his", "her", "its", "their"}
)
_CORE_CUT = re.compile(r",|\(| who ")
_PP_CUT = re.compile(r" (?:for|of|at|from|with|close to|familiar|in) ")
_TRIM = " \t\n\u00a0,.;:\"'“”‘’—–-"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    cue_text: str
    source_text: str


@dataclass(frozen=True, slots=True)
class Article:
    stem: str
    text: str
    annotations: tuple[tuple[GoldAttribution, ...], ...]  # one tuple per annotator, first is gold


@dataclass(frozen=True, slots=True)
class SpanScore:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )


def _contiguous(offsets: str) -> tuple[int, int] | None:
    # Discontinuous brat spans ("10 20;25 30") are reduced to their outer bounds.
    parts = [p.split() for p in offsets.split(";")]
    try:
        return int(parts[0][0]), int(parts[-1][-1])
    except (ValueError, IndexError):
        return None


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    spans: dict[str, tuple[str, tuple[int, int] | None, str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            kind, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (kind, _contiguous(offsets), fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(part.split(":", 1) for part in fields[1].split() if ":" in part))
    gold = []
    for event in events:
        source = spans.get(event.get("Source", ""))
        cue = spans.get(event.get("Cue", ""))
        gold.append(
            GoldAttribution(
                source=source[1] if source else None,
                cue=cue[1] if cue else None,
                cue_text=cue[2] if cue else "",
                source_text=source[2] if source else "",
            )
        )
    return tuple(gold)


def load_split(polnear_dir: Path, split: str) -> list[Article]:
    base = polnear_dir / split
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        by_stem.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    articles = []
    for stem, anns in sorted(by_stem.items()):
        text = (base / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append(Article(stem, text, tuple(read_ann(a) for a in anns)))
    return articles


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _token_sets(text: str, spans: Sequence[tuple[int, int]]) -> list[frozenset[int]]:
    return [frozenset(m.start() + s for m in _WORD.finditer(text[s:e])) for s, e in spans]


def score_spans(
    text: str, predicted: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]], *, exact: bool
) -> SpanScore:
    pred = sorted({_trim(text, s) for s in predicted})
    ref = sorted({_trim(text, s) for s in gold})
    if exact:
        return SpanScore(len(set(pred) & set(ref)), len(pred), len(ref))
    pred_tokens, ref_tokens = _token_sets(text, pred), _token_sets(text, ref)
    used: set[int] = set()
    hits = 0
    for p_tokens in pred_tokens:
        for i, r_tokens in enumerate(ref_tokens):
            if i not in used and p_tokens & r_tokens:
                used.add(i)
                hits += 1
                break
    return SpanScore(hits, len(pred), len(ref))


def gold_label(item: GoldAttribution) -> str | None:
    """The named/anonymous/hedged label of a gold attribution, by the rule in the module docstring."""
    if item.source is None:
        cue = item.cue_text.lower()
        return "hedged" if any(word in cue for word in HEDGE_WORDS) else None
    span = " ".join(item.source_text.lower().split())
    if span in PRONOUNS:
        return None
    core = _PP_CUT.split(_CORE_CUT.split(f" {span} ")[0] + " ")[0]
    words = _WORD.findall(core)
    if not words:
        return None
    head = words[-1]
    singular = head[:-1] if head.endswith("s") else head
    return "anonymous" if head in ANONYMOUS_HEADS or singular in ANONYMOUS_HEADS else "named"


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def evaluate(polnear_dir: Path, split: str) -> dict[str, object]:
    """Run the extractor over one split; returns span scores, agreement and the human ceiling."""
    attributor = Attributor()
    totals = {
        key: SpanScore(0, 0, 0)
        for key in ("source_exact", "source_overlap", "cue_exact", "cue_overlap", "human_source_overlap")
    }
    totals["human_source_exact"] = SpanScore(0, 0, 0)
    totals["speech_source_overlap"] = SpanScore(0, 0, 0)
    confusion: Counter[tuple[str, str]] = Counter()
    for article in load_split(polnear_dir, split):
        text, gold = article.text, article.annotations[0]
        relations = attributor.relations(text)
        hedge_cues = [c for c in attributor.attribute(text).cues if c.category == "hedge"]
        pred_sources = [(r.source_start, r.source_end) for r in relations if r.source_start is not None]
        pred_sources_int = [(s, e) for s, e in pred_sources if e is not None]
        pred_cues = [(r.cue.start, r.cue.end) for r in relations]
        gold_sources = [g.source for g in gold if g.source]
        speech_sources = [
            (r.source_start, r.source_end)
            for r in relations
            if r.is_reported_speech and r.source_start is not None and r.source_end is not None
        ]
        totals["speech_source_overlap"] += score_spans(text, speech_sources, gold_sources, exact=False)
        gold_cues = [g.cue for g in gold if g.cue]
        for exact, suffix in ((True, "exact"), (False, "overlap")):
            totals[f"source_{suffix}"] += score_spans(text, pred_sources_int, gold_sources, exact=exact)
            totals[f"cue_{suffix}"] += score_spans(text, pred_cues, gold_cues, exact=exact)
            for other in article.annotations[1:]:
                other_sources = [g.source for g in other if g.source]
                totals[f"human_source_{suffix}"] += score_spans(
                    text, other_sources, gold_sources, exact=exact
                )
        for item in gold:
            label = gold_label(item)
            if label is None:
                continue
            predicted = "missed"
            if label == "hedged":
                if any(_overlaps((c.start, c.end), item.cue) for c in hedge_cues):
                    predicted = "hedged"
            else:
                match = next((r for r in relations if _overlaps((r.cue.start, r.cue.end), item.cue)), None)
                if match is None:
                    match = next(
                        (
                            r
                            for r in relations
                            if r.source_start is not None
                            and r.source_end is not None
                            and _overlaps((r.source_start, r.source_end), item.source)
                        ),
                        None,
                    )
                if match is not None:
                    predicted = "anonymous" if match.kind == "anonymous" else "named"
            confusion[(label, predicted)] += 1
    labelled = sum(confusion.values())
    found = sum(n for (_, p), n in confusion.items() if p != "missed")
    agree = sum(n for (g, p), n in confusion.items() if g == p)
    result: dict[str, object] = {
        name: {
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "gold": s.gold,
            "predicted": s.predicted,
        }
        for name, s in totals.items()
    }
    result["agreement_all"] = agree / labelled if labelled else 0.0
    result["agreement_found"] = agree / found if found else 0.0
    result["labelled"] = labelled
    result["confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())}
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR directory")
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.split)
    print(f"PolNeAR {args.split}")
    print(f"{'spans':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}")
    for name, row in result.items():
        if isinstance(row, dict) and "f1" in row:
            print(
                f"{name:<22}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}"
                f"{row['gold']:>7}{row['predicted']:>7}"
            )
    labelled = result["labelled"]
    print(f"named/anonymous/hedged agreement, all labelled ({labelled}): {result['agreement_all']:.3f}")
    print(f"named/anonymous/hedged agreement, found only: {result['agreement_found']:.3f}")
    print("confusion (gold->predicted):", result["confusion"])


if __name__ == "__main__":
    main()
