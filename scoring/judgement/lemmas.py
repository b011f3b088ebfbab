"""Lemmas for matching words across a claim and a passage: a crude lemmatiser, its irregular forms,
news synonyms read as one word, stopwords, and the units of measure a figure can name."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import MappingProxyType

# Words news copy uses interchangeably for what a figure counts or what happened to it, read as one word
# when matching context and counted nouns ("15 kids" and "15 children", "20 dead" and "20 killed").
# Written from general news usage; each group maps to its first member's lemma.
EQUIVALENT_WORDS: tuple[tuple[str, ...], ...] = (
    ("child", "kid", "minor", "youngster", "juvenile"),
    ("person", "individual", "resident", "inhabitant"),
    ("soldier", "troop", "serviceman", "servicemen", "servicemember"),
    ("militant", "insurgent"),
    ("die", "kill", "fatality", "slain", "perish"),
    ("injure", "wound", "hurt", "injury"),
    ("arrest", "detain", "apprehend"),
    ("house", "home", "dwelling", "residence", "household"),
    ("migrant", "immigrant"),
    ("police", "officer", "policeman", "policemen", "cop"),
    ("doctor", "physician", "medic"),
    ("student", "pupil", "schoolchild", "schoolchildren"),
    ("car", "vehicle", "automobile"),
    ("company", "firm", "corporation"),
    ("vote", "ballot"),
    ("rise", "increase", "grow", "climb", "jump", "surge", "soar"),
    ("fall", "decrease", "drop", "decline", "plunge", "shrink", "slump"),
)
# Units of measure a counted noun can name (as quantities.py spells them): figures in different units, or
# one with a unit and one without, are not compared even when they sit in the same slot.
MEASURE_UNITS = frozenset(
    """degrees celsius fahrenheit kelvin metres feet inches miles kilometres centimetres millimetres
    kilograms tonnes gigatonnes ppm acres hectares litres gallons barrels pounds ounces watts megawatts
    gigawatts seconds minutes hours days weeks months years decades centuries""".split()
)
# Function words and the hedges around figures ("about", "nearly"): never evidence that two mentions agree.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can cannot could did do does doing down during each either even ever every
    few for from further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just least less many may me might more most much must my myself neither never
    no nor not now of off on once one only or other our ours ourselves out over own per said same say says
    several she should since so some such than that the their theirs them themselves then there these they
    this those through to too under until up upon us very was we were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself according told about
    almost around nearly approximately roughly least fewer percent cent""".split()
)
# Irregular forms news verbs and nouns take; the suffix stripper handles the regular ones.
IRREGULAR = MappingProxyType(
    {
        "children": "child",
        "men": "man",
        "women": "woman",
        "people": "person",
        "persons": "person",
        "mice": "mouse",
        "feet": "foot",
        "teeth": "tooth",
        "geese": "goose",
        "was": "be",
        "were": "be",
        "is": "be",
        "are": "be",
        "been": "be",
        "went": "go",
        "gone": "go",
        "did": "do",
        "done": "do",
        "had": "have",
        "has": "have",
        "said": "say",
        "found": "find",
        "made": "make",
        "took": "take",
        "taken": "take",
        "gave": "give",
        "given": "give",
        "got": "get",
        "met": "meet",
        "won": "win",
        "lost": "lose",
        "paid": "pay",
        "sold": "sell",
        "bought": "buy",
        "left": "leave",
        "held": "hold",
        "told": "tell",
        "began": "begin",
        "begun": "begin",
        "ran": "run",
        "fell": "fall",
        "fallen": "fall",
        "rose": "rise",
        "risen": "rise",
        "grew": "grow",
        "grown": "grow",
        "saw": "see",
        "seen": "see",
        "knew": "know",
        "known": "know",
        "thought": "think",
        "brought": "bring",
        "caught": "catch",
        "fought": "fight",
        "taught": "teach",
        "led": "lead",
        "spent": "spend",
        "built": "build",
        "sent": "send",
        "struck": "strike",
        "shot": "shoot",
        "wrote": "write",
        "written": "write",
        "spoke": "speak",
        "spoken": "speak",
        "chose": "choose",
        "chosen": "choose",
        "drove": "drive",
        "driven": "drive",
        "flew": "fly",
        "flown": "fly",
        "froze": "freeze",
        "frozen": "freeze",
        "stole": "steal",
        "stolen": "steal",
        "broke": "break",
        "broken": "break",
        "came": "come",
        "became": "become",
        "kept": "keep",
        "felt": "feel",
        "meant": "mean",
        "heard": "hear",
        "stood": "stand",
        "understood": "understand",
        "hid": "hide",
        "hidden": "hide",
        "bore": "bear",
        "born": "bear",
        "dying": "die",
        "died": "die",
        "dead": "die",
        "death": "die",
        "deaths": "die",
    }
)


def lemma_of(word: str) -> str:
    """A crude lemma: lower case, irregular forms mapped, common inflections stripped."""
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    if lowered in IRREGULAR:
        return IRREGULAR[lowered]
    if len(lowered) <= 3:
        return lowered
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            if suffix == "s" and lowered.endswith(("ss", "us", "is")):
                break
            lowered = lowered[: -len(suffix)] + replacement
            break
    # "moved"/"move" and "running"/"run" should meet: drop a final e and undouble a final consonant.
    if lowered.endswith("e") and len(lowered) > 3:
        lowered = lowered[:-1]
    if len(lowered) > 3 and lowered[-1] == lowered[-2] and lowered[-1] not in "aeiouls":
        lowered = lowered[:-1]
    return lowered


_CANONICAL = MappingProxyType(
    {lemma_of(word): lemma_of(group[0]) for group in EQUIVALENT_WORDS for word in group[1:]}
)
MEASURE_UNIT_KEYS = frozenset(lemma_of(word) for word in MEASURE_UNITS)


@functools.lru_cache(maxsize=65_536)
def key_of(word: str) -> str:
    """The lemma of `word`, with news synonyms of one another ("kids", "children") mapped to one lemma.

    Memoised: a pure function of the word, called for every token of every passage compared (it was
    the largest self time in stance finding), over a vocabulary that repeats."""
    lemma = lemma_of(word)
    return _CANONICAL.get(lemma, lemma)


def surface_lemmas(words: Sequence[str]) -> frozenset[str]:
    return frozenset(lemma_of(w) for w in words if lemma_of(w) not in STOPWORDS)


def content_lemmas(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w if w.startswith("per:") else key_of(w) for w in words if key_of(w) not in STOPWORDS)
