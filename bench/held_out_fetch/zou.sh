#!/usr/bin/env bash
# Fetch the held-out project zou (cgwire/zou, the Flask + SQLAlchemy REST API of the Kitsu
# production tracker) at a pinned version from PyPI and unpack its sources as
# TARGET/zou/zou/... (the layout of the other held-out projects: TARGET/<project>/<package>/).
# The wheel holds the sources; its *.dist-info is dropped, and its entry_points.txt is kept as
# the [entry_points] section of TARGET/zou/setup.cfg (strangler reads plugin maps from there).
# Usage: bench/held_out_fetch/zou.sh [TARGET]   (default /work/unseen2)
set -euo pipefail
VERSION="1.0.97"
TARGET="${1:-/work/unseen2}"
PIP="${PIP:-pip}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$PIP" download "zou==${VERSION}" --no-deps --only-binary=:all: -d "$work/dl" --quiet
wheel="$(ls "$work"/dl/zou-"${VERSION}"-*.whl)"
python3 -m zipfile -e "$wheel" "$work/unpacked"

dest="$TARGET/zou"
if [ -e "$dest" ]; then
    echo "error: $dest exists; remove it first" >&2
    exit 2
fi
mkdir -p "$dest"
info="$work/unpacked/zou-${VERSION}.dist-info"
for entry in "$work"/unpacked/*; do
    case "$entry" in
        *.dist-info|*.data) continue ;;
    esac
    cp -r "$entry" "$dest/"
done
if [ -f "$info/entry_points.txt" ]; then
    {
        echo "# Written by bench/held_out_fetch/zou.sh from zou-${VERSION}.dist-info/entry_points.txt"
        echo "[metadata]"
        echo "name = zou"
        echo "version = ${VERSION}"
        echo ""
        echo "[entry_points]"
        # entry_points.txt sections ([console_scripts] ...) become setup.cfg's indented form.
        python3 - "$info/entry_points.txt" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(delimiters=("=",))
parser.optionxform = str
parser.read(sys.argv[1], encoding="utf-8")
for section in parser.sections():
    print(f"{section} =")
    for key, value in parser.items(section):
        print(f"    {key} = {value}")
PY
    } > "$dest/setup.cfg"
fi
find "$dest" -name '__pycache__' -type d -prune -exec rm -rf {} +
echo "zou ${VERSION} unpacked in $dest ($(find "$dest" -name '*.py' | wc -l) Python files)"
