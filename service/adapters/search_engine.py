"""The search engine the corpus's dense side runs on, from the settings (corpus_engine)."""

from __future__ import annotations

from scoring.retrieval import RetrievalConfig
from scoring.retrieval.lance_index import LanceEngine, LanceSettings
from service.settings import Settings


def search_engine(settings: Settings) -> LanceEngine | None:
    """The LanceDB engine at engine_uri (default: the directory state_dir/engine), or None for the in-house
    index files.

    Its approximate index starts where the in-house one switches to HNSW, so a small corpus is searched
    exactly either way.
    """
    if settings.corpus_engine != "lancedb":
        return None
    return LanceEngine(
        settings.engine_location,
        LanceSettings(
            ann_threshold=RetrievalConfig().ann_threshold,
            fold_rows=settings.engine_fold_rows,
            keep_versions_s=settings.engine_keep_versions_seconds,
        ),
        settings.engine_storage(),
    )
