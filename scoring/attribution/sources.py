"""Outlet names in source phrases: the key form of the alias map, and whether a name is an outlet."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.attribution.lexicon import KNOWN_OUTLETS


def normalise_outlet(name: str) -> str:
    """Lowercase, no leading "the", no possessive, single spaces: the key form of the outlet alias map."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key.endswith("'s"):
        key = key[:-2]
    if key.startswith("the "):
        key = key[4:]
    return key.strip(" .,")


def outlet_domain(aliases: Mapping[str, str], name: str) -> tuple[bool, str | None]:
    """(is an outlet, its domain if the alias map knows it)."""
    key = normalise_outlet(name)
    if key in aliases:
        return True, aliases[key]
    words = key.split()
    # "Iraqi News correspondent" or "a report by the Daily Mail": try the trailing and leading word runs.
    for size in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[-size:]), " ".join(words[:size])):
            if part in aliases:
                return True, aliases[part]
    if key in KNOWN_OUTLETS:
        return True, None
    return False, None
