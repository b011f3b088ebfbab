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

from evaluation.attribution_set import service_attributor
from evaluation.polnear_data import GoldAttribution, load_split
from scoring.attribution import AttributionRelation, Cue
from scoring.text.words import WORD_CHAR_RUN

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


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _token_sets(text: str, spans: Sequence[tuple[int, int]]) -> list[frozenset[int]]:
    return [frozenset(m.start() + s for m in WORD_CHAR_RUN.finditer(text[s:e])) for s, e in spans]


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
    words = WORD_CHAR_RUN.findall(core)
    if not words:
        return None
    head = words[-1]
    singular = head[:-1] if head.endswith("s") else head
    return "anonymous" if head in ANONYMOUS_HEADS or singular in ANONYMOUS_HEADS else "named"


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


_SPAN_SCORES = (
    "source_exact",
    "source_overlap",
    "cue_exact",
    "cue_overlap",
    "human_source_overlap",
    "human_source_exact",
    "speech_source_overlap",
)


def evaluate(polnear_dir: Path, split: str, *, use_parser: bool = True) -> dict[str, object]:
    """Run the extractor over one split; returns span scores, agreement and the human ceiling."""
    attributor = service_attributor(use_parser=use_parser)
    totals = dict.fromkeys(_SPAN_SCORES, SpanScore(0, 0, 0))
    confusion: Counter[tuple[str, str]] = Counter()
    for article in load_split(polnear_dir, split):
        text, gold = article.text, article.annotations[0]
        relations = attributor.relations(text)
        hedge_cues = [c for c in attributor.attribute(text).cues if c.category == "hedge"]
        for name, score in _span_scores(text, relations, article.annotations).items():
            totals[name] += score
        for item in gold:
            label = gold_label(item)
            if label is not None:
                confusion[(label, _predicted_label(label, item, relations, hedge_cues))] += 1
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


def _span_scores(
    text: str,
    relations: Sequence[AttributionRelation],
    annotations: tuple[tuple[GoldAttribution, ...], ...],
) -> dict[str, SpanScore]:
    """One article's source and cue span scores against the gold annotator, and the other annotators'."""
    gold = annotations[0]
    pred_sources = [(r.source_start, r.source_end) for r in relations if r.source_start is not None]
    pred_sources_int = [(s, e) for s, e in pred_sources if e is not None]
    pred_cues = [(r.cue.start, r.cue.end) for r in relations]
    gold_sources = [g.source for g in gold if g.source]
    gold_cues = [g.cue for g in gold if g.cue]
    speech_sources = [
        (r.source_start, r.source_end)
        for r in relations
        if r.is_reported_speech and r.source_start is not None and r.source_end is not None
    ]
    scores = dict.fromkeys(_SPAN_SCORES, SpanScore(0, 0, 0))
    scores["speech_source_overlap"] = score_spans(text, speech_sources, gold_sources, exact=False)
    for exact, suffix in ((True, "exact"), (False, "overlap")):
        scores[f"source_{suffix}"] = score_spans(text, pred_sources_int, gold_sources, exact=exact)
        scores[f"cue_{suffix}"] = score_spans(text, pred_cues, gold_cues, exact=exact)
        for other in annotations[1:]:
            other_sources = [g.source for g in other if g.source]
            scores[f"human_source_{suffix}"] += score_spans(text, other_sources, gold_sources, exact=exact)
    return scores


def _predicted_label(
    label: str, item: GoldAttribution, relations: Sequence[AttributionRelation], hedge_cues: Sequence[Cue]
) -> str:
    """The label the extractor gives a gold attribution, by the rule in the module docstring."""
    if label == "hedged":
        return "hedged" if any(_overlaps((c.start, c.end), item.cue) for c in hedge_cues) else "missed"
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
    if match is None:
        return "missed"
    return "anonymous" if match.kind == "anonymous" else "named"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR directory")
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument(
        "--no-parser", action="store_true", help="the token rules alone, as without a spaCy pipeline"
    )
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.split, use_parser=not args.no_parser)
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
