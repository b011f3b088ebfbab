"""The spaCy adapter of the ``Parser`` port: the only module that imports spaCy, inside ``load``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring.text.parse import DEFAULT_SPACY_MODEL, Parse, Token

# Components the rules never read: the lemmatizer (the rules match word forms) costs time on every text.
_UNUSED_COMPONENTS = ("lemmatizer",)
# Texts per nlp.pipe batch: spaCy's default; larger batches gave no gain on two cores.
PIPE_BATCH_SIZE = 64


def parse_of(doc: Any) -> Parse:
    """Our ``Parse`` of a spaCy ``Doc``."""
    tokens: list[Token] = []
    children: list[list[int]] = [[] for _ in range(len(doc))]
    sent = 0
    for token in doc:
        if token.is_sent_start and token.i > 0:
            sent += 1
        head = token.head.i
        if head != token.i:
            children[head].append(token.i)
        text = token.text
        tokens.append(
            Token(
                i=token.i,
                text=text,
                lower=text.lower(),
                tag=token.tag_,
                pos=token.pos_,
                dep=token.dep_,
                head=head,
                start=token.idx,
                end=token.idx + len(text),
                ent=token.ent_type_,
                sent=sent,
            )
        )
    return Parse(doc.text, tuple(tokens), tuple(tuple(c) for c in children))


class SpacyParser:
    """A spaCy pipeline behind the ``Parser`` protocol; thread-safe for reading (spaCy's pipe is)."""

    __slots__ = ("_model_id", "_nlp")

    def __init__(self, nlp: Any, model_id: str) -> None:
        self._nlp = nlp
        self._model_id = model_id

    @classmethod
    def load(cls, name: str = DEFAULT_SPACY_MODEL) -> SpacyParser:
        """Load an installed spaCy pipeline by package name or directory (no download ever happens)."""
        nlp = _load_without_torch(name)
        meta = nlp.meta
        return cls(nlp, f"spacy-{meta.get('lang', 'xx')}_{meta.get('name', name)}-{meta.get('version', '?')}")

    @property
    def model_id(self) -> str:
        return self._model_id

    def parse_many(self, texts: Sequence[str]) -> list[Parse]:
        return [parse_of(doc) for doc in self._nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE)]


def _load_without_torch(name: str) -> Any:
    """spacy.load, keeping torch out of a process that has not loaded it.

    thinc, under spaCy, imports torch whenever it is installed, only to offer PyTorch layers that
    en_core_web_sm does not use; in the serving process (the ONNX backend, which never needs torch)
    that import costs about 190 MiB and seconds at start-up. While spaCy and thinc are imported, an
    import of torch fails, so thinc records that it has none; torch imports normally afterwards.
    """
    import sys

    if "torch" in sys.modules:  # already loaded (the torch backend): nothing to save
        import spacy

        return spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes "import torch" raise ImportError
    try:
        import spacy

        return spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    finally:
        del sys.modules["torch"]
