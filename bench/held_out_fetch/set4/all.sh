#!/usr/bin/env bash
# Fetch every held-out project of the fourth set (pinned PyPI versions) into TARGET
# (default /work/unseen4), skipping those already there. Score them with
#   python -P bench/seams_sweep.py --held-out TARGET
# Usage: bench/held_out_fetch/set4/all.sh [TARGET]
set -euo pipefail
TARGET="${1:-/work/unseen4}"
here="$(cd "$(dirname "$0")" && pwd)"
for script in "$here"/*.sh; do
    project="$(basename "$script" .sh)"
    case "$project" in all|_*) continue ;; esac
    if [ -d "$TARGET/$project" ]; then
        echo "$project: already in $TARGET"
        continue
    fi
    bash "$script" "$TARGET"
done
