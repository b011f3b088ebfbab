"""The `reliability` command: serve the API, or score a claim or a draft from the shell."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from scoring import ReliabilityScorer
    from service.api.schemas.requests import SourceIn

T = TypeVar("T")

# One worker per process (each would hold its own model); scale with replicas. Shutdown drains in-flight
# requests for up to this long, under Kubernetes' default 30 s grace period.
WORKERS = 1
GRACEFUL_SHUTDOWN_SECONDS = 20

app = typer.Typer(
    help="Source-reliability scoring: how far a news claim can be trusted, and why.", no_args_is_help=True
)


def _offline() -> None:
    # The model is packaged; never reach for a hub at run time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    log_level: Annotated[str | None, typer.Option(help="Overrides SCORER_LOG_LEVEL.")] = None,
) -> None:
    """Run the HTTP service (one worker; scale with replicas, not workers)."""
    _offline()
    import uvicorn

    from service.api.logs import configure_logging
    from service.server import server_config
    from service.settings import get_settings

    settings = get_settings()
    level = (log_level or settings.log_level).upper()
    configure_logging(level)
    config = server_config(
        "service.app:create_app",
        settings,
        factory=True,
        host=host,
        port=port,
        workers=WORKERS,
        log_config=None,
        access_log=False,  # service.access logs each request once, with its route and request id
        log_level=level.lower(),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )
    uvicorn.Server(config).run()


@app.command()
def score(
    claim: Annotated[str, typer.Argument(help="The claim to score.")],
    source: Annotated[str | None, typer.Option("--source", help="URL where the claim was published.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet name or domain, if no URL.")] = None,
) -> None:
    """Score one claim against the corpus the service serves and print the JSON that POST /score answers."""
    _offline()
    from service.adapters.cache import InMemoryScoreCache
    from service.adapters.single_flight import SingleFlight
    from service.api.cached_scoring import score_claims

    source_in = _source(source, outlet)
    scorer = _serving_scorer()
    [result] = _run_scoring(score_claims(scorer, InMemoryScoreCache(), SingleFlight(), [claim], [source_in]))
    _print_json(json.loads(result))


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A text file holding the draft; '-' reads standard input.")],
    source: Annotated[
        str | None, typer.Option("--source", help="URL the draft will be published at.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON that POST /check answers instead of a table.")
    ] = False,
) -> None:
    """Check a draft against the corpus the service serves: each sentence with offsets, verdict and score."""
    _offline()
    from service.adapters.cache import InMemoryScoreCache
    from service.adapters.single_flight import SingleFlight
    from service.api.cached_scoring import check_draft

    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    source_in = _source(source, None)
    scorer = _serving_scorer()
    report = _run_scoring(check_draft(scorer, InMemoryScoreCache(), SingleFlight(), text, source_in))
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    for item in report.claims:
        result = item.result
        status = (
            f"{result.verdict:<13} {result.score:.2f} {result.band}"
            if result
            else f"(not scored: {item.reason})"
        )
        typer.echo(f"[{item.start}:{item.end}] {status}  {item.text[:90]}")


def _serving_scorer() -> ReliabilityScorer:
    """The scorer `reliability serve` would serve: over the corpus store (with every ingest) when enabled."""
    from service.app import serving_scorer
    from service.settings import get_settings

    return serving_scorer(get_settings())


def _source(url: str | None, outlet: str | None) -> SourceIn | None:
    """The source as the API would take it, with the same checks (exit 2 on a bad URL)."""
    from pydantic import ValidationError

    from service.api.schemas.requests import SourceIn

    if not url and not outlet:
        return None
    try:
        return SourceIn(url=url, outlet=outlet)
    except ValidationError as exc:
        typer.echo(f"error (invalid_source): {exc.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from exc


def _run_scoring(work: Coroutine[Any, Any, T]) -> T:
    from scoring import ScoringError

    try:
        return asyncio.run(work)
    except ScoringError as exc:
        typer.echo(f"error ({exc.code}): {exc}", err=True)
        raise typer.Exit(2) from exc


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders: .jsonl/.ndjson, .html/.htm, or plain text.")
    ],
    state_dir: Annotated[Path | None, typer.Option(help="Overrides SCORER_STATE_DIR.")] = None,
) -> None:
    """Add documents to the corpus store as one new version (idempotent: re-ingesting changes nothing)."""
    from tqdm import tqdm

    from scoring import Document, ScoringError
    from scoring.corpus.ingest import parse_file
    from service.adapters.corpus_store import CorpusStore
    from service.settings import get_settings

    settings = get_settings()
    root = (state_dir / "corpus") if state_dir else settings.corpus_store_dir
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()})
    missing = [p for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: not found: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    documents: list[Document] = []
    rejected: list[tuple[str, str]] = []
    for file in tqdm(files, desc="reading", unit="file", disable=not sys.stderr.isatty()):
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            rejected.append((str(file), f"unreadable: {exc}"))
            continue
        parsed = parse_file(str(file), content)
        documents.extend(parsed.documents)
        rejected.extend((r.source, r.reason) for r in parsed.rejections)
    try:
        store = CorpusStore.open(root, seed_manifest=settings.corpus_manifest)
        summary = store.apply(documents, rejected=rejected)
    except ScoringError as exc:  # a document the store refuses, or a store that cannot be read
        typer.echo(f"error ({exc.code}): {exc}", err=True)
        raise typer.Exit(2) from exc
    except OSError as exc:  # the state directory cannot be written
        typer.echo(f"error (corpus_store_unwritable): {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        f"added {len(summary.added)}, updated {len(summary.updated)}, unchanged {len(summary.unchanged)}, "
        f"near-duplicates {len(summary.near_duplicates)}, rejected {len(summary.rejected)}"
    )
    for doc_id, original in summary.near_duplicates.items():
        typer.echo(f"  near-duplicate: {doc_id} copies {original}")
    for where, why in summary.rejected:
        typer.echo(f"  rejected {where}: {why}")
    changed = "new version" if summary.changed else "no change; version"
    typer.echo(f"corpus {changed} {summary.version} in {root}")


@app.command("export-onnx")
def export_onnx_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write; point SCORER_ONNX_MODEL_DIR at it.")],
    model_dir: Annotated[Path | None, typer.Option(help="Overrides SCORER_MODEL_DIR.")] = None,
) -> None:
    """Export the embedding model to ONNX (fp32 and int8) for SCORER_EMBEDDING_BACKEND=onnx-int8."""
    _offline()
    from scoring import ScoringError
    from scoring.embedding.onnx_export import export_onnx
    from service.settings import get_settings

    source = model_dir or get_settings().resolved_model_dir()
    try:
        export = export_onnx(source, out)
    except ScoringError as exc:
        typer.echo(f"error ({exc.code}): {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {export.fp32_path} and {export.int8_path}")


if __name__ == "__main__":
    app()
