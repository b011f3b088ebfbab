"""The canonical form of a text for hashing and comparison, and of a name for lookup."""

from __future__ import annotations

import unicodedata


def normalise_text(text: str) -> str:
    """Canonical form for hashing and comparison: NFC, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


_ARTICLES = frozenset({"the"})


def name_key(name: str) -> str:
    """Case-, accent-, article- and punctuation-insensitive key for a name (of an outlet, in the alias table).

    "The Daily Mail" -> "dailymail"; "Mail Online" and "MailOnline" -> "mailonline"; "U.N." -> "un".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    )
    words = "".join(
        ch if ch.isalnum() else " " for ch in folded.replace("'", "").replace("\u2019", "")
    ).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)
