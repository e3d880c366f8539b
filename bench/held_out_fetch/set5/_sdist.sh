#!/usr/bin/env bash
# Shared body for a fifth-set project published on PyPI as an sdist only (sourced, not run):
# set3/_wheel.sh's fetch_pinned with the source archive. Callers set PROJECT, DIST, VERSION and
# PACKAGES (the top-level folders of the sdist to keep), then call fetch_sdist TARGET.
set -euo pipefail
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../set3/_wheel.sh"

fetch_sdist() {
    fetch_pinned sdist "$1"
}
