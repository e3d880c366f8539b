#!/usr/bin/env bash
# Fetch the held-out project indico (CERN's event-management monolith, Flask + SQLAlchemy) for
# bench/seams_truth.py --held-out: the sources of its one top-level package `indico` as
# published on PyPI (a wheel holds the sources), unpacked into TARGET/indico/indico the way
# /work/unseen/<project>/<package> is laid out. The version and the wheel's hash are pinned so
# that the reference bench/truth/held_out/indico.toml always meets the same code.
#
# Usage: bench/held_out_fetch/indico.sh [TARGET]     (default TARGET: /work/unseen2)
set -euo pipefail

VERSION="3.2.9"
SHA256="194d2e31ccaabd2b9af7809e67d60d942faee35a6b4de36f0c2c280a32ed84c3"
TARGET="${1:-/work/unseen2}"
DEST="$TARGET/indico"
PYTHON="${PYTHON:-python3}"

if [ -e "$DEST" ]; then
    echo "indico.sh: $DEST exists already; remove it first to fetch again" >&2
    exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: "indico==$VERSION" -d "$WORK"
WHEEL="$WORK/indico-$VERSION-py3-none-any.whl"
echo "$SHA256  $WHEEL" | sha256sum --check --quiet -
"$PYTHON" - "$WHEEL" "$WORK/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
rm -rf "$WORK"/unpacked/*.dist-info
mkdir -p "$DEST"
mv "$WORK/unpacked/indico" "$DEST/indico"
echo "indico $VERSION -> $DEST/indico ($(find "$DEST" -name '*.py' | wc -l) Python files)"
