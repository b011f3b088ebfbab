"""The spaCy parser the attribution and check-worthiness rules read, loaded as settings say."""

from __future__ import annotations

from scoring import CachingParser, ModelUnavailable, Parser, SpacyParser
from service.settings import Settings


def load_parser(settings: Settings) -> Parser:
    """The pinned spaCy pipeline behind a parse cache; a pipeline that is not installed fails readiness."""
    try:
        return CachingParser(SpacyParser.load(settings.parser_model), settings.parser_cache_entries)
    except OSError as exc:  # spaCy's error for a pipeline that is not installed
        raise ModelUnavailable(f"cannot load the spaCy pipeline {settings.parser_model!r}: {exc}") from exc
