#!/usr/bin/env bash
# Fetch every held-out project of the twenty-second set (pinned GitHub commits) into TARGET
# (default /work/unseen22), skipping those already there. The set is BLIND: only
#   python -P bench/seams_truth.py --held-out TARGET --check
# has been run on it (module counts and reference problems, no proposal).
# Usage: bench/held_out_fetch/set21/all.sh [TARGET]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../set3/_wheel.sh
source "$here/../set3/_wheel.sh"
fetch_set "${1:-/work/unseen22}" "$here"
