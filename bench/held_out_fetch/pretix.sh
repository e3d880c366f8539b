#!/usr/bin/env bash
# Fetch the held-out project pretix (Django ticketing, pretix/pretix) at a pinned release from
# PyPI and unpack its sources as <target>/pretix/pretix/ (the package, as under src/ in the
# source repository; the wheel holds the same tree). *.dist-info is dropped. Usage:
#   bench/held_out_fetch/pretix.sh [TARGET_DIR]   # default /work/unseen2
set -euo pipefail
VERSION="2026.8.0"
TARGET="${1:-/work/unseen2}"
DEST="$TARGET/pretix"
if [ -e "$DEST" ]; then
    echo "pretix.sh: $DEST exists; remove it first to fetch again" >&2
    exit 1
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download "pretix==$VERSION" --no-deps --only-binary=:all: -d "$TMP" --quiet
WHEEL="$TMP/pretix-$VERSION-py3-none-any.whl"
mkdir -p "$TMP/unpacked"
python3 - "$WHEEL" "$TMP/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
rm -rf "$TMP"/unpacked/*.dist-info
mkdir -p "$DEST"
mv "$TMP/unpacked/pretix" "$DEST/pretix"
echo "pretix $VERSION unpacked in $DEST ($(find "$DEST" -name '*.py' | wc -l) Python files)"
