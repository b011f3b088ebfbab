"""The canonical form of a text for hashing and comparison."""

from __future__ import annotations

import unicodedata


def normalise_text(text: str) -> str:
    """Canonical form for hashing and comparison: NFC, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())
