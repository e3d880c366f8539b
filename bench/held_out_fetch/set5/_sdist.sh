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
    write_entry_points "$info" "$dest" set5
    find "$dest" -name '__pycache__' -type d -prune -exec rm -rf {} +
    echo "$PROJECT $VERSION unpacked in $dest ($(find "$dest" -name '*.py' | wc -l) Python files)"
}
