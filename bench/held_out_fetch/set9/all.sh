#!/usr/bin/env bash
# Fetch every held-out project of the ninth set (pinned PyPI versions) into TARGET
# (default /work/unseen9), skipping those already there. Score them with
#   python -P bench/seams_truth.py --held-out TARGET
# Usage: bench/held_out_fetch/set9/all.sh [TARGET]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../set3/_wheel.sh
source "$here/../set3/_wheel.sh"
fetch_set "${1:-/work/unseen9}" "$here"
