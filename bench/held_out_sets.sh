#!/usr/bin/env bash
# Fetch every held-out set into its default folder (/work/unseen for set 1, /work/unseen2 for
# the second set, /work/unseenN for setN), skipping the projects already there: what a new
# machine needs before `seams_sweep.py --held-out DIR` can run on every set. Sets 1 and
# 11-22 read GitHub mirrors (`fetch github:<owner>/<name>` writes /work/.mirror/<owner>+<name>/
# repo; without one, each script clones from GitHub); `--repos` lists the repositories they
# need, one per line, so the mirrors can be fetched first. The rest come from PyPI.
# Usage: bench/held_out_sets.sh [--repos]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)/held_out_fetch"
if [ "${1:-}" = --repos ]; then
    grep -ho 'REPO="[^"]*"' "$here"/set*/*.sh | cut -d'"' -f2 | sort -u
    exit 0
fi
bash "$here/all.sh" /work/unseen2
for folder in "$here"/set*/; do
    set_name="$(basename "$folder")"
    number="${set_name#set}"
    target="/work/unseen$number"
    [ "$number" = 1 ] && target=/work/unseen
    echo "== $set_name -> $target"
    bash "$folder/all.sh" "$target"
done
