#!/usr/bin/env bash
# Fetch the held-out project weblate (WeblateOrg/weblate, Django) at a pinned version from PyPI
# and unpack its sources as <target>/weblate/weblate/... (the layout of the source repository:
# the project directory holds the top-level package `weblate`). The wheel holds the sources;
# its *.dist-info is dropped. Usage: bench/held_out_fetch/weblate.sh [TARGET_DIR]
# (default /work/unseen2). Reference: bench/truth/held_out/weblate.toml.
set -euo pipefail
VERSION="5.14.3"
TARGET="${1:-/work/unseen2}"
DEST="$TARGET/weblate"
if [ -e "$DEST" ]; then
    echo "weblate.sh: $DEST exists; remove it first to fetch again" >&2
    exit 1
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
pip download "weblate==$VERSION" --no-deps --only-binary=:all: -d "$TMP/dl" --quiet
WHEEL="$(ls "$TMP"/dl/weblate-"$VERSION"-*.whl)"
python3 -m zipfile -e "$WHEEL" "$TMP/src"
rm -rf "$TMP"/src/*.dist-info
mkdir -p "$DEST"
cp -a "$TMP"/src/. "$DEST"/
echo "weblate $VERSION unpacked in $DEST: $(find "$DEST" -name '*.py' | wc -l) Python files"
