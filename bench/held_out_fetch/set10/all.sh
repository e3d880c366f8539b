#!/usr/bin/env bash
# Fetch every held-out project of the tenth set (pinned PyPI versions) into TARGET
# (default /work/unseen10), skipping those already there. Score them with
#   python -P bench/seams_truth.py --held-out TARGET
# Usage: bench/held_out_fetch/set10/all.sh [TARGET]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../set3/_wheel.sh
source "$here/../set3/_wheel.sh"
fetch_set "${1:-/work/unseen10}" "$here"
