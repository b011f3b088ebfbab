"""Every word pattern the pipeline reads text with, in one place, and why each stage needs its own.

The stages tokenise differently on purpose, and each pattern below was tuned with the stage that uses it:

=========================  ==============================================  ===============================
pattern                    matches                                         used by
=========================  ==============================================  ===============================
WORD                       Unicode words with inner ' ’ - ("don't",        word counts (claims, passages)
                           "well-known")
WORD_CHAR_RUN              bare runs of word characters                    near-duplicate shingles
LATIN_WORD                 Latin-letter words with ' ’ - inside            negation scope, counted nouns
LATIN_WORD_OR_NUMBER       Latin words (no hyphen: "well-known" is two)    stance contexts and lemmas
                           and numbers with , or . inside
SLOT_TOKEN                 the same, plus the punctuation a paraphrase     slot alignment (stance)
                           keeps ("in _ ," is not "in _ report")
INDEX_WORD                 Unicode words with inner ' ’ . ("U.S.")         re-ranker features (retrieval)
NUMBER                     digits with , or . inside ("3,000", "1.5")      re-ranker features (retrieval)
SOURCE_TOKEN               words, dotted abbreviations, line breaks and    attribution's tokeniser
                           every other non-space character
=========================  ==============================================  ===============================
"""

from __future__ import annotations

import re

_LATIN_LETTERS = r"[A-Za-z][A-Za-z'’]*"
_NUMBER = r"\d+(?:[.,]\d+)*"

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
WORD_CHAR_RUN = re.compile(r"\w+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
LATIN_WORD_OR_NUMBER = re.compile(rf"{_LATIN_LETTERS}|{_NUMBER}")
SLOT_TOKEN = re.compile(rf"{_LATIN_LETTERS}|{_NUMBER}|[,;:()\"“”]|[.!?]+")
INDEX_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
NUMBER = re.compile(_NUMBER)
SOURCE_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., D.C.
    r"|[^\W_](?:[^\W_]|['’\-&.](?=[^\W_]))*"  # words, with internal apostrophes, hyphens, dots
    r"|\n"  # kept as a token: a line break ends a headline or paragraph
    r"|\S",
)


def word_count(text: str) -> int:
    return len(WORD.findall(text))
