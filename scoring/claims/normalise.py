"""Claim text normalisation: strips social-media furniture so that only the claim's words are left."""

from __future__ import annotations

import html
import re
import unicodedata

from scoring.text.calendar import MONTH_ABBREVIATION_PATTERN, MONTH_NAME_PATTERN

# Embedded tweets end with a signature: "— Display Name (@handle) March 7, 2022". The dash is an em or en dash
# (sometimes a hyphen) and the date is the month name, day and year as Twitter's embed code writes it.
_SIGNATURE = re.compile(
    r"\s*(?:[—–]|\s-)\s*(?P<name>[^—–()]{0,80}?)\s*\(@\w{1,20}\)\s*"
    rf"(?:(?:{MONTH_NAME_PATTERN}|{MONTH_ABBREVIATION_PATTERN})\.?\s+\d{{1,2}},?\s+\d{{4}})?\s*$",
    re.IGNORECASE,
)
# Photo links are often glued to the preceding word ("Amendmentpic.twitter.com/x"), so they go first.
_PIC_LINK = re.compile(r"pic\.twitter\.com/\w+", re.IGNORECASE)
# A URL ends at whitespace, at a '#' that starts a glued hashtag, at a glued signature dash, or at the
# ellipsis of a truncated link.
_URL = re.compile(r"(?:https?://|www\.)[^\s#…—–]*…?", re.IGNORECASE)
# Retweet prefix "RT @someone:" and the reply chain "@a @b" that opens a reply carry no claim content.
_RETWEET = re.compile(r"^\s*RT\s+@\w+:?\s*", re.IGNORECASE)
_LEADING_HANDLES = re.compile(r"^\s*(?:@\w+[\s:,]*)+")
# ".@name" opens a tweet that is about that account rather than a reply to it, so the name is kept.
_PUBLIC_MENTION = re.compile(r"^\s*\.@(\w+)")
_VIA_HANDLE = re.compile(r"\b(?:via|h/t|cc)\s+@\w+", re.IGNORECASE)
_HANDLE = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
# Lower-to-upper transitions split joined words in handles and hashtags ("#AustralianFires"); digits stay
# attached, since tags such as "#2A" or "#COVID19" are names in their own right.
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"\s+")


def normalise_claim(text: str) -> str:
    """Return the claim's words without tweet furniture.

    Removes photo links, URLs, a leading "RT @x:", the opening reply chain of @handles, and the
    "— Name (@handle) Date" signature of an embedded tweet (the display name is kept: who said it is part of
    the claim). Handles and hashtags that sit inside a sentence become words ("#AustralianFires" ->
    "Australian Fires"), since they often name the subject. HTML entities are decoded, Unicode is put in
    NFKC form, and runs of whitespace collapse to one space.
    """
    text = unicodedata.normalize("NFKC", html.unescape(text))
    text = _PIC_LINK.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _signature_to_name(text)
    text = _RETWEET.sub("", text)
    text = _PUBLIC_MENTION.sub(lambda m: _split_joined(m.group(1)), text)
    text = _LEADING_HANDLES.sub("", text)
    text = _VIA_HANDLE.sub(" ", text)
    text = _HANDLE.sub(lambda m: " " + _split_joined(m.group(1)) + " ", text)
    text = _HASHTAG.sub(lambda m: " " + _split_joined(m.group(1)) + " ", text)
    return _SPACE.sub(" ", text).strip()


def _signature_to_name(text: str) -> str:
    match = _SIGNATURE.search(text)
    if match is None:
        return text
    name = match.group("name").strip()
    head = text[: match.start()].rstrip()
    return f"{head} {name}" if name else head


def _split_joined(word: str) -> str:
    return _CAMEL_BOUNDARY.sub(" ", word.replace("_", " "))
