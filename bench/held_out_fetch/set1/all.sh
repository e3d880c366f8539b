#!/usr/bin/env bash
# Fetch every held-out project of the first set (netbox, CTFd, redash, dispatch, saleor; pinned
# GitHub commits, read from the session's mirrors) into TARGET (default /work/unseen, the
# folder every section of docs/benchmarks.md scores with `--held-out /work/unseen`), skipping
# those already there. The set was copied by hand at first; these scripts rebuild the copies
# (same modules and code lines: netbox 754, CTFd 186, redash 171, dispatch 658 (478 scored,
# 180 ignored), saleor 1,142). The set is OPENED (tuned on since the first held-out check):
#   python -P bench/seams_truth.py --held-out TARGET [--check]
# Usage: bench/held_out_fetch/set1/all.sh [TARGET]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../set3/_wheel.sh
source "$here/../set3/_wheel.sh"
fetch_set "${1:-/work/unseen}" "$here"
