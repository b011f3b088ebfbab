"""What kind of source a source phrase is: an outlet (through the alias map or outlet-like name words), a
named on-record source, or an anonymous one; and the key form of outlet names in the alias map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from scoring.attribution.lexicon import ANONYMOUS_HEADS, KNOWN_OUTLETS, NAMED_KIND_HEADS, OUTLET_NAME_WORDS
from scoring.attribution.phrases import Phrase
from scoring.attribution.tokens import Tokens, bare, is_capitalised, is_word
from scoring.text.canonical import name_key

SourceKind = Literal["on_record", "media_report", "anonymous"]


def normalise_outlet(name: str) -> str:
    """Lowercase, no leading "the", no possessive, single spaces: the key form of the outlet alias map."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key.endswith("'s"):
        key = key[:-2]
    if key.startswith("the "):
        key = key[4:]
    return key.strip(" .,")


def _alias(aliases: Mapping[str, str], name: str) -> str | None:
    """The alias map's domain for a name in either key form: "daily mail" or the table's "dailymail"."""
    for key in (normalise_outlet(name), name_key(name)):
        if key in aliases:
            return aliases[key]
    return None


def outlet_domain(aliases: Mapping[str, str], name: str) -> tuple[bool, str | None]:
    """(is an outlet, its domain if the alias map knows it)."""
    key = normalise_outlet(name)
    domain = _alias(aliases, key)
    if domain is not None:
        return True, domain
    words = key.split()
    # "Iraqi News correspondent" or "a report by the Daily Mail": try the trailing and leading word runs.
    for size in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[-size:]), " ".join(words[:size])):
            domain = _alias(aliases, part)
            if domain is not None:
                return True, domain
    if key in KNOWN_OUTLETS:
        return True, None
    return False, None


def source_kind(tokens: Tokens, phrase: Phrase, source: str, aliases: Mapping[str, str]) -> SourceKind:
    """How checkable a source phrase is: an outlet, a named (on-record) source, or an anonymous one."""
    head_low = bare(tokens.lower[phrase.head])
    name = tokens.text[tokens.starts[phrase.name_first] : tokens.ends[phrase.name_last]]
    if outlet_domain(aliases, name)[0] or outlet_domain(aliases, source)[0]:
        return "media_report"
    has_name_head = is_capitalised(tokens, phrase.head) and head_low not in ANONYMOUS_HEADS
    if has_name_head:
        if looks_like_outlet(tokens, phrase):
            return "media_report"
        return "on_record"
    if head_low in ANONYMOUS_HEADS:
        return "anonymous"
    if tokens.lower[phrase.first] in ("a", "an", "one") and head_low not in NAMED_KIND_HEADS:
        return "anonymous"  # "a senior minister said", "a trader said": a role, but no one named
    return "on_record"  # "the ministry", "the president", "a study": an identifiable source


def looks_like_outlet(tokens: Tokens, phrase: Phrase) -> bool:
    """A name ending in an outlet word ("Iraqi News", "Daily Mail") or a known outlet."""
    words = [
        tokens.lower[k] for k in range(phrase.name_first, phrase.name_last + 1) if is_word(tokens.words[k])
    ]
    capitalised = [k for k in range(phrase.name_first, phrase.name_last + 1) if is_capitalised(tokens, k)]
    if not words or not capitalised:
        return False
    return (
        bare(tokens.lower[capitalised[-1]]) in OUTLET_NAME_WORDS
        and len(capitalised) >= 2
        or (bare(words[-1]) in KNOWN_OUTLETS)
    )
