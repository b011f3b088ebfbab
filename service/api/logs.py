"""Structured JSON logs with the request id on every line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson

from service.api.middleware import request_id_var


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        fields = getattr(record, "fields", None)  # structured extras, e.g. the access log's method and status
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if k not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


# Claims and drafts can be confidential: none of their text is logged unless log_claim_text is set, and
# then only this many leading characters, enough to recognise a request when debugging.
CLAIM_LOG_PREFIX_CHARS = 80
_text_logger = logging.getLogger("service.text")


def log_submitted_texts(is_enabled: bool, kind: str, texts: Sequence[str]) -> None:
    """One INFO line with a short prefix of each submitted text, only when ``is_enabled``."""
    if not is_enabled:
        return
    prefixes = [
        t[:CLAIM_LOG_PREFIX_CHARS] + ("..." if len(t) > CLAIM_LOG_PREFIX_CHARS else "") for t in texts
    ]
    _text_logger.info("%s text (prefixes): %s", kind, prefixes, extra={"fields": {"texts": len(texts)}})


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
