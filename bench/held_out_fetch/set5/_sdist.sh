#!/usr/bin/env bash
# Shared body for a fifth-set project published on PyPI as an sdist only (sourced, not run):
# the sdist twin of set3/_wheel.sh's fetch_wheel, which it sources for fetch_set. Download one
# pinned sdist and unpack it as TARGET/<project>/<package>/...; the sdist's
# *.egg-info/entry_points.txt is kept as the [entry_points] section of TARGET/<project>/setup.cfg,
# as fetch_wheel does with a wheel's. Callers set PROJECT, DIST, VERSION and PACKAGES (the
# top-level folders of the sdist to keep), then call fetch_sdist TARGET.
set -euo pipefail
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../set3/_wheel.sh"

fetch_sdist() {
    local target="$1"
    local dest="$target/$PROJECT"
    if [ -e "$dest" ]; then
        echo "error: $dest exists; remove it first" >&2
        return 2
    fi
    local work
    work="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    ${PIP:-python3 -m pip} download "${DIST}==${VERSION}" --no-deps --no-binary=:all: \
        -d "$work/dl" --quiet
    local sdist
    sdist="$(ls "$work"/dl/*.tar.gz)"
    mkdir -p "$work/unpacked"
    tar xzf "$sdist" -C "$work/unpacked"
    local top
    top="$(ls -d "$work"/unpacked/*/)"
    mkdir -p "$dest"
    local package
    for package in $PACKAGES; do
        cp -r "$top/$package" "$dest/"
    done
    local info
    info="$(ls -d "$top"/*.egg-info 2>/dev/null | head -1)"
    if [ -n "$info" ] && [ -f "$info/entry_points.txt" ]; then
        {
            echo "# Written by bench/held_out_fetch/${FETCH_SET:-set5}/$PROJECT.sh from $(basename "$info")/entry_points.txt"
            echo "[metadata]"
            echo "name = $DIST"
            echo "version = $VERSION"
            echo ""
            echo "[entry_points]"
            python3 - "$info/entry_points.txt" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
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
    echo "$PROJECT $VERSION unpacked in $dest ($(find "$dest" -name '*.py' | wc -l) Python files)"
}
