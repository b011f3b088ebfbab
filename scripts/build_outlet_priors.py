"""Build the shipped outlet priors (scoring/data/outlets/) from the source tables in data/outlets/.

The rule is the one in outlet-priors.md §4: each source label is mapped onto 0-1 (§4.1), weighted, decayed
for age (w *= 0.5 per 3 years between the snapshot date and --as-of), and pooled into p and a confidence
(§4.2). Lin subdomain rows are dropped where the parent domain has its own Lin row (§4.4), CRED-1 `www.`
duplicates keep the lower category, state flags (§4.5) and source types with their defaults (§4.6) come from
the hand-curated tables, and overrides replace everything for their domain (§4.7).

Run:  python scripts/build_outlet_priors.py [--as-of YYYY-MM-DD] [--out-dir scoring/data/outlets]

One module over 300 lines on purpose: it is a script run by path (not a package), its steps read top to
bottom (load the sources, build the entries, render the files), and tests load it as one file.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scoring.outlets import (  # noqa: E402  (the repo root is put on the path above)
    USER_CONTENT_PLATFORMS,
    SourceRating,
    normalise_name,
    pool_ratings,
    prior_of,
    table_key,
)
from scoring.outlets import registrable_domain as _registrable_domain  # noqa: E402

# Each key is looked up several times while building; memoise the pure function for this process.
registrable_domain = functools.cache(_registrable_domain)

DATA_DIR = REPO / "data" / "outlets"
OUT_DIR = REPO / "scoring" / "data" / "outlets"
LIN_FILE = "lin2023_domain_pc1.unclear-license.csv"
IDIAP_FILE = "idiap2024_golden_truth_dataset.csv"
CRED1_FILE = "cred1_current.csv"
LICENCE_FILES = ("LICENSE-Apache-2.0.txt", "NOTICE.md")

# A fixed default keeps rebuilds byte-identical; pass --as-of to age the snapshots to another day.
DEFAULT_AS_OF = date(2026, 11, 22)
# Recency factor (§4.1): w *= 0.5 for every HALF_LIFE_YEARS between snapshot and as-of date.
HALF_LIFE_YEARS = 3.0
DAYS_PER_YEAR = 365.25
# Snapshot dates: the commit that last changed each file (PROVENANCE.md).
SNAPSHOT_DATES = {
    "lin2023": date(2023, 8, 24),
    "idiap2024": date(2024, 6, 19),
    "cred1": date(2026, 8, 4),
}
# §4.1 weights and mappings onto the Lin pc1 scale.
BASE_WEIGHTS = {"lin2023": 1.0, "idiap2024": 0.8, "cred1": 0.6}
IDIAP_LABELS = {
    "1": ("reliable", 0.80),
    "0": ("mixed", 0.50),
    "-1": ("unreliable", 0.25),
    "-2": ("blacklisted", 0.10),
}
CRED1_VALUES = {
    "fake": 0.05,
    "conspiracy": 0.10,
    "unreliable": 0.25,
    "rumor": 0.30,
    "satire": 0.30,
    "mixed": 0.45,
    "reliable": 0.75,
}
# §4.6 defaults for unrated non-news sources; the weight gives confidence 0.4 on its own (1 - e^-w = 0.4).
TYPE_DEFAULTS = {"igo": 0.75, "official_statistics": 0.75, "think_tank": 0.55}
TYPE_DEFAULT_CONFIDENCE = 0.4
TYPE_DEFAULT_WEIGHT = -math.log(1.0 - TYPE_DEFAULT_CONFIDENCE)
SOURCE_TYPES = frozenset(
    {"news", "wire", "igo", "ngo_advocacy", "think_tank", "government", "official_statistics"}
)
STATE_FLAGS = {"state_controlled": "state_affiliated", "public_independent": "public_independent"}
ADVOCACY_FLAG = "advocacy; attribute"
SATIRE_FLAG = "satire"
DECIMALS = 4
PRIOR_COLUMNS = ("domain", "name", "p", "confidence", "prior", "sources", "flags", "source_type")

app = typer.Typer(add_completion=False, help=__doc__)


@dataclass
class Entry:
    sources: list[SourceRating] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    source_type: str | None = None
    name: str | None = None


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _key(raw: str) -> str | None:
    # Upstream quirks: stray spaces ("silver-coin-investor. com") and fragments ("x.org/#articles").
    return table_key("".join(raw.split()).split("#", 1)[0])


def _recency(source: str, as_of: date | None) -> float:
    if as_of is None:
        return 1.0
    age_years = max(0, (as_of - SNAPSHOT_DATES[source]).days) / DAYS_PER_YEAR
    return float(0.5 ** (age_years / HALF_LIFE_YEARS))


def _rating(source: str, label: str, value: float, as_of: date | None) -> SourceRating:
    weight = BASE_WEIGHTS[source] * _recency(source, as_of)
    return SourceRating(source, label, round(value, DECIMALS), round(weight, DECIMALS))


def _add(
    table: dict[str, tuple[str, float]], exact: set[str] | None, raw: str, key: str, label: str, value: float
) -> None:
    """Keep one row per key. With `exact` (Lin, idiap) the bare row wins over `www.`/`m.`/`amp.` variants,
    which are imputed like other subdomain rows (§4.4); otherwise (CRED-1) the lower score wins (§4.1)."""
    if exact is not None and raw.strip().lower() == key:
        if key not in exact or value < table[key][1]:
            table[key] = (label, value)
        exact.add(key)
    elif (exact is None or key not in exact) and (key not in table or value < table[key][1]):
        table[key] = (label, value)


def _is_subdomain_row(key: str) -> bool:
    if "/" in key:
        return False
    parent = registrable_domain(key)
    return parent is not None and parent != key and parent not in USER_CONTENT_PLATFORMS


def _publisher(key: str) -> str | None:
    """The registrable domain that a host or host/path key belongs to, or None on a user-content platform."""
    parent = registrable_domain(key.split("/", 1)[0])
    return None if parent in USER_CONTENT_PLATFORMS else parent


def load_sources(
    data_dir: Path, outlet_hosts: frozenset[str]
) -> tuple[dict[str, dict[str, tuple[str, float]]], int]:
    """Per source, key -> (label, value on 0-1); and the number of Lin subdomain rows dropped."""
    lin: dict[str, tuple[str, float]] = {}
    exact: set[str] = set()
    for rec in _read(data_dir / LIN_FILE):
        if (key := _key(rec["domain"])) is not None:
            pc1 = float(rec["pc1"])
            _add(lin, exact, rec["domain"], key, f"{pc1:.{DECIMALS}f}", pc1)
    idiap: dict[str, tuple[str, float]] = {}
    exact = set()
    for rec in _read(data_dir / IDIAP_FILE):  # newsguard_score is never read: third-party data (§5)
        if (key := _key(rec["domain"])) is not None:
            label, value = IDIAP_LABELS[rec["reliability_label"].strip()]
            _add(idiap, exact, rec["domain"], key, f"{label}/{rec['label_source'].strip()}", value)
    cred1: dict[str, tuple[str, float]] = {}
    for rec in _read(data_dir / CRED1_FILE):
        if (key := _key(rec["domain"])) is not None:
            category = rec["category"].strip()
            _add(cred1, None, rec["domain"], key, category, CRED1_VALUES[category])
    # §4.4: Lin subdomain rows are mostly imputed; use one only when the parent has no Lin row, or when the
    # host is an outlet in its own right: labelled by an expert list or named in aliases.csv
    # (abcnews.go.com, news.sky.com, timesofindia.indiatimes.com).
    keep = idiap.keys() | cred1.keys() | outlet_hosts
    dropped = [k for k in lin if _is_subdomain_row(k) and registrable_domain(k) in lin and k not in keep]
    for key in dropped:
        del lin[key]
    return {"lin2023": lin, "idiap2024": idiap, "cred1": cred1}, len(dropped)


def _curated_key(raw: str, path: Path) -> str:
    key = table_key(raw)
    if key is None or key != raw.strip().lower():
        raise typer.BadParameter(f"{path.name}: {raw!r} is not a normalised host name")
    return key


def build_entries(data_dir: Path, as_of: date | None) -> tuple[dict[str, Entry], list[tuple[str, str]], int]:
    alias_path = data_dir / "aliases.csv"
    alias_rows = [(rec["alias"], _curated_key(rec["domain"], alias_path)) for rec in _read(alias_path)]
    tables, dropped = load_sources(data_dir, frozenset(domain for _, domain in alias_rows))
    entries: dict[str, Entry] = {}
    for source, table in tables.items():
        for key, (label, value) in table.items():
            entries.setdefault(key, Entry()).sources.append(_rating(source, label, value, as_of))
            if source == "cred1" and label == "satire":
                entries[key].flags.append(SATIRE_FLAG)
    for entry in entries.values():
        entry.source_type = "news"  # every upstream list rates news publishers
    aliases = _add_aliases(entries, alias_rows)
    _add_curated(entries, data_dir)
    _add_overrides(entries, data_dir)
    return entries, aliases, dropped


def _add_aliases(entries: dict[str, Entry], alias_rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every alias, refused when it normalises to nothing or to two domains; a domain's first alias names it."""
    aliases: list[tuple[str, str]] = []
    alias_keys: dict[str, str] = {}
    for alias, domain in alias_rows:
        norm = normalise_name(alias)
        if not norm:
            raise typer.BadParameter(f"aliases.csv: empty alias for {domain}")
        if alias_keys.setdefault(norm, domain) != domain:
            raise typer.BadParameter(f"aliases.csv: {alias!r} maps to {alias_keys[norm]} and {domain}")
        aliases.append((alias, domain))
        entry = entries.setdefault(domain, Entry())
        entry.name = entry.name or alias
    return aliases


def _add_curated(entries: dict[str, Entry], data_dir: Path) -> None:
    """Source types and state flags, keyed on a table key; rows under that domain without their own entry
    inherit them (de.rt.com is state media like rt.com; ema.europa.eu is an IGO like europa.eu)."""
    curated_type: dict[str, str] = {}
    curated_flags: dict[str, list[str]] = {}
    path = data_dir / "source_types.csv"
    for rec in _read(path):
        if rec["source_type"] not in SOURCE_TYPES:
            raise typer.BadParameter(f"source_types.csv: unknown type {rec['source_type']!r}")
        key = _curated_key(rec["domain"], path)
        curated_type[key] = rec["source_type"]
        if rec["source_type"] == "ngo_advocacy":
            curated_flags.setdefault(key, []).append(ADVOCACY_FLAG)
    path = data_dir / "state_affiliated.csv"
    for rec in _read(path):
        if rec["flag"] not in STATE_FLAGS:
            raise typer.BadParameter(f"state_affiliated.csv: unknown flag {rec['flag']!r}")
        key = _curated_key(rec["domain"], path)
        country = rec["country"].strip().upper()
        curated_flags.setdefault(key, []).extend([STATE_FLAGS[rec["flag"]], f"state_country:{country}"])
    for key in curated_type.keys() | curated_flags.keys():
        entries.setdefault(key, Entry())
    for key, entry in entries.items():
        owner = key if key in curated_type or key in curated_flags else (_publisher(key) or key)
        entry.flags += curated_flags.get(owner, [])
        entry.source_type = curated_type.get(owner, entry.source_type)
        if not entry.sources and entry.source_type in TYPE_DEFAULTS:
            default_value = TYPE_DEFAULTS[entry.source_type]
            weight = round(TYPE_DEFAULT_WEIGHT, DECIMALS)
            entry.sources.append(
                SourceRating("source_type_default", entry.source_type, default_value, weight)
            )


def _add_overrides(entries: dict[str, Entry], data_dir: Path) -> None:
    path = data_dir / "overrides.csv"
    for rec in _read(path):
        value, confidence = float(rec["value"]), float(rec["confidence"])
        if not (0.0 <= value <= 1.0 and 0.0 < confidence < 1.0):
            raise typer.BadParameter(f"overrides.csv: {rec['domain']}: value in [0,1], confidence in (0,1)")
        # The weight that gives exactly this confidence on its own; an override is a reviewed decision, so
        # it replaces the upstream ratings and does not decay.
        weight = round(-math.log(1.0 - confidence), DECIMALS)
        entry = entries.setdefault(_curated_key(rec["domain"], path), Entry())
        entry.sources = [SourceRating("override", f"{value:.{DECIMALS}f}", value, weight)]


def _fmt(x: float) -> str:
    return f"{x:.{DECIMALS}f}"


def render_priors(entries: dict[str, Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PRIOR_COLUMNS)
    for key in sorted(entries):
        entry = entries[key]
        p, confidence = pool_ratings(entry.sources)
        sources = "|".join(f"{s.source}:{s.label}:{_fmt(s.value)}:{_fmt(s.weight)}" for s in entry.sources)
        flags = "|".join(dict.fromkeys(entry.flags))
        source_type = entry.source_type or "unknown"
        writer.writerow(
            (
                key,
                entry.name or "",
                _fmt(p),
                _fmt(confidence),
                _fmt(prior_of(p, confidence)),
                sources,
                flags,
                source_type,
            )
        )
    return out.getvalue()


def render_aliases(aliases: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("alias", "domain"))
    writer.writerows(aliases)
    return out.getvalue()


def render_readme(data_dir: Path, as_of: date | None, entries: dict[str, Entry], dropped: int) -> str:
    hashes = "\n".join(
        f"| `{name}` | `{hashlib.sha256((data_dir / name).read_bytes()).hexdigest()[:16]}` |"
        for name in (
            LIN_FILE,
            IDIAP_FILE,
            CRED1_FILE,
            "aliases.csv",
            "source_types.csv",
            "state_affiliated.csv",
            "overrides.csv",
        )
    )
    rated = sum(1 for e in entries.values() if e.sources)
    recency = (
        f"recency factor applied as of **{as_of.isoformat()}**"
        if as_of
        else "**no recency factor** (--no-recency)"
    )
    return f"""# Outlet priors (generated: do not edit)

Built by `python scripts/build_outlet_priors.py` from `data/outlets/` ({recency}).
Rebuilding with the same inputs and `--as-of` gives these files byte for byte.

- `outlet_priors.csv`: one row per host or host/path key ({len(entries)} rows, {rated} with ratings).
  Columns `domain,name,p,confidence,prior,sources,flags,source_type`. `sources` lists each contribution
  as `source:label:value:weight` joined by `|`; weights already include the recency factor
  (0.5 per {HALF_LIFE_YEARS:g} years since each snapshot). `prior = 0.5 + confidence * (p - 0.5)`.
  {dropped} imputed Lin subdomain rows were dropped in favour of their parent domain.
- `aliases.csv`: outlet names as they appear in running text -> table key (the first alias of a
  domain is its display name).
- `LICENSE-Apache-2.0.txt`, `NOTICE.md`: licence and attribution for the upstream data
  (idiap golden truth, Apache-2.0; CRED-1, CC BY 4.0, remapped; Lin et al. 2023, licence unclear).

Loaded by `scoring.outlets.OutletTable.from_csv(outlet_priors.csv, aliases.csv)`; the rule is in
`scripts/build_outlet_priors.py` and the sources in `data/outlets/PROVENANCE.md`.

| input | sha256 (first 16) |
|---|---|
{hashes}
"""


@app.command()
def main(
    as_of: Annotated[str, typer.Option(help="Date the snapshots are aged to (YYYY-MM-DD).")] = (
        DEFAULT_AS_OF.isoformat()
    ),
    recency: Annotated[
        bool, typer.Option(help="Apply the recency factor (off reproduces §4.2's table).")
    ] = True,
    data_dir: Annotated[Path, typer.Option(help="Source tables.")] = DATA_DIR,
    out_dir: Annotated[Path, typer.Option(help="Where the shipped files go.")] = OUT_DIR,
) -> None:
    """Regenerate outlet_priors.csv, aliases.csv, README.md and the licence files."""
    as_of_date = date.fromisoformat(as_of) if recency else None
    entries, aliases, dropped = build_entries(data_dir, as_of_date)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "outlet_priors.csv").write_text(render_priors(entries), encoding="utf-8")
    (out_dir / "aliases.csv").write_text(render_aliases(aliases), encoding="utf-8")
    (out_dir / "README.md").write_text(
        render_readme(data_dir, as_of_date, entries, dropped), encoding="utf-8"
    )
    for name in LICENCE_FILES:
        shutil.copyfile(data_dir / name, out_dir / name)
    rated = sum(1 for e in entries.values() if e.sources)
    typer.echo(f"{len(entries)} rows ({rated} rated, {dropped} Lin subdomain rows dropped) -> {out_dir}")


if __name__ == "__main__":
    app()
