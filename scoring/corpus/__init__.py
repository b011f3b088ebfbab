"""The corpus: documents and their provenance, ingest, passages, near-duplicates, the versioned index.

documents.py (what an article is, the manifest) and ingest.py (files -> documents) feed index.py, which
splits documents into passages (passages.py), groups near-copies (duplicates.py), attributes and embeds
every passage (embeddings persist in vector_store.py) and searches them through retrieval/.
"""

from scoring.corpus.documents import MAX_DOCUMENT_CHARS, Document, document_from_mapping, load_manifest
from scoring.corpus.index import CorpusHit, CorpusIndex, IndexedPassage, corpus_version
from scoring.corpus.passages import Passage, passage_context

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "CorpusHit",
    "CorpusIndex",
    "Document",
    "IndexedPassage",
    "Passage",
    "corpus_version",
    "document_from_mapping",
    "load_manifest",
    "passage_context",
]
