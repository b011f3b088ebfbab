"""Finds negated predicates ("did not attend", "never visited", "refused to sign", "no evidence")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.text.words import LATIN_WORD

# How many words may sit between a negation cue and the word it negates ("has not yet been formally
# charged"): auxiliaries, pronouns and adverbs, as in the scope rules of the *SEM 2012 negation task.
SCOPE_SKIP_MAX = 4

_CUE_RE = re.compile(
    r"\b(?:"
    r"(?P<nt>[A-Za-z]+n[’']t)"
    r"|(?P<cannot>cannot)"
    r"|(?P<word>not|never|no|neither|nor|none\s+of\s+the|none\s+of|nobody|no\s+one|nothing)"
    r"|(?P<deny>denied|denies|deny|denying)(?:\s+that)?"
    r"|(?P<fail>(?:failed|fails|fail|failing|refused|refuses|refuse|refusing|declined|declines|decline)\s+to)"
    r")\b",
    re.IGNORECASE,
)
# Cues that do not negate the next predicate: "not only ... but", "no longer" keeps a negation, but
# "no doubt", "no matter", "whether or not", "if not" and "not to mention" do not deny anything.
_NOT_A_NEGATION_AFTER_RE = re.compile(
    r"^\s+(?:only|just|least|merely|necessarily\s+only|to\s+mention|doubt|matter|wonder|less\s+than|"
    r"fewer\s+than|more\s+than|exception)\b",
    re.IGNORECASE,
)
# "whether or not", "if not", and the contrastive "X, not Y" that names an alternative rather than denying.
_NOT_A_NEGATION_BEFORE_RE = re.compile(r"(?:\b(?:whether\s+or|if|or|why)|[,;:(—–]|\s-)\s*$", re.IGNORECASE)
# Words between a cue and the predicate it negates.
_SCOPE_SKIP = frozenset(
    """be been being is are was were am have has had do does did will would shall should can could may
    might must ever yet also even actually really always directly immediately so very too much more any
    a an the that this these those he she they it we i you his her their its our my your to in
    longer formally officially publicly personally ultimately once again""".split()
)


@dataclass(frozen=True, slots=True)
class Negation:
    """A negation cue and the word it denies."""

    cue_start: int
    cue_end: int
    cue: str
    predicate_start: int
    predicate_end: int
    predicate: str  # as written; callers compare lemmas


def find_negations(text: str) -> tuple[Negation, ...]:
    """All negated predicates in `text`, in order; offsets slice `text` exactly."""
    found: list[Negation] = []
    for match in _CUE_RE.finditer(text):
        if match.group("word") and _NOT_A_NEGATION_AFTER_RE.match(text[match.end() : match.end() + 30]):
            continue
        if match.group("word") and _NOT_A_NEGATION_BEFORE_RE.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            continue
        predicate = _predicate_after(text, match.end())
        if predicate is None:
            continue
        found.append(
            Negation(
                cue_start=match.start(),
                cue_end=match.end(),
                cue=match.group(0),
                predicate_start=predicate.start(),
                predicate_end=predicate.end(),
                predicate=predicate.group(0),
            )
        )
    return tuple(found)


def _predicate_after(text: str, position: int) -> re.Match[str] | None:
    skipped = 0
    cursor = position
    while True:
        gap = text[cursor : cursor + 3]
        # A negation does not reach across a clause boundary.
        stripped = gap.lstrip(" \t")
        if stripped[:1] and not stripped[:1].isalpha():
            return None
        word = LATIN_WORD.search(text, cursor)
        if word is None or text[cursor : word.start()].strip():
            return None
        if word.group(0).lower() not in _SCOPE_SKIP:
            return word
        skipped += 1
        if skipped > SCOPE_SKIP_MAX:
            return None
        cursor = word.end()
