"""What a client sends: claims, batches and drafts, validated at the edge (lengths, URLs, no control
characters); the core still enforces the configured limits."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from scoring import MAX_BATCH_ITEMS, MAX_CLAIM_CHARS, MAX_DRAFT_CHARS

# Control characters other than tab, newline and carriage return have no place in prose and break
# logs and terminals; lone surrogates cannot be encoded as UTF-8 at all.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The per-request bounds of claims, drafts and batches are the core's default limits (scoring/scorer.py),
# which are also the most the settings allow: SCORER_MAX_CLAIM_CHARS and the rest can only lower them, and
# the configured limits are enforced by the core (and by cached_scoring for batches).
MAX_URL_CHARS = 2_048
MAX_OUTLET_CHARS = 200


def clean_text(value: str) -> str:
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError("text contains control characters or invalid Unicode (lone surrogates)")
    return value


# What the OpenAPI says a `url` is: an absolute http(s) URL with a host (or empty, meaning none).
# http_url() enforces it, with the host check a pattern cannot make.
HTTP_URL_PATTERN = r"^$|^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+([/?#]\S*)?$"
HttpUrlText = Annotated[
    str,
    StringConstraints(max_length=MAX_URL_CHARS),
    Field(
        json_schema_extra={"pattern": HTTP_URL_PATTERN},
        description="An absolute http(s) URL with a host; empty means none.",
    ),
]


def http_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) URL with a host; None for none; ValueError otherwise."""
    if value is None or value == "":
        return None
    clean_text(value)
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
        raise ValueError(f"url is not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not host or re.search(r"\s", value):
        raise ValueError("url must be an absolute http(s) URL with a host, such as https://example.com/story")
    return value


class SourceIn(BaseModel):
    """Where the claim was published or found. Either field may be given; url wins when both are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"url": "https://www.reuters.com/world/"}]}
    )

    url: HttpUrlText | None = None
    outlet: Annotated[str, StringConstraints(max_length=MAX_OUTLET_CHARS)] | None = None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return http_url(value)

    @field_validator("outlet")
    @classmethod
    def _valid_outlet(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return clean_text(value).strip()


ClaimText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CLAIM_CHARS)]


class ScoreRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "claim": "ISIS snipers killed 15 children fleeing Mosul",
                    "source": {"url": "https://www.inquisitr.com/x"},
                }
            ]
        },
    )

    claim: ClaimText = Field(description=f"One claim, at most {MAX_CLAIM_CHARS} characters.")
    source: SourceIn | None = None

    @field_validator("claim")
    @classmethod
    def _claim_text(cls, value: str) -> str:
        clean_text(value)
        if not value.strip():
            raise ValueError("claim must contain non-whitespace text")
        return value


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ScoreRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Iraqi News reported that ISIS snipers killed 15 children. Is this true?",
                    "source": None,
                }
            ]
        },
    )

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_DRAFT_CHARS)] = Field(
        description=f"The draft, at most {MAX_DRAFT_CHARS} characters."
    )
    source: SourceIn | None = None

    @field_validator("text")
    @classmethod
    def _draft_text(cls, value: str) -> str:
        clean_text(value)
        if not value.strip():
            raise ValueError("text must contain non-whitespace text")
        return value
