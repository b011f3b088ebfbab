#!/usr/bin/env bash
# Build the installable WordPress plugin: dist/reliability-check-wordpress.zip, with the shared script and
# styles copied in (in the repository they are links to service/static/). Needs only Python.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
python3 - <<'PY'
import pathlib, zipfile
root = pathlib.Path("integrations/wordpress")
out = pathlib.Path("dist/reliability-check-wordpress.zip")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted((root / "reliability-check").rglob("*")):
        if path.is_file():  # follows the links, so the zip holds the files themselves
            archive.write(path, path.relative_to(root))
print(out)
PY
