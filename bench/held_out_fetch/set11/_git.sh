#!/usr/bin/env bash
# Shared body of the eleventh held-out set's fetch scripts for projects that publish no usable
# PyPI package (sourced, not run): export a pinned commit of a GitHub repository and unpack the
# PATHS kept as TARGET/<project>/... (the layout of the other held-out projects). The repository
# is read from a local mirror, MIRROR (default /work/.mirror/<owner>+<name>/repo, the git
# directory the session's `fetch github:<owner>/<name>` tool writes), else cloned from GitHub.
# Callers set PROJECT, REPO (owner/name), COMMIT (40 hex digits) and PATHS ("SRC[:DEST] ...":
# SRC a path in the repository, DEST where it goes under TARGET/<project>, default its last
# component), then call fetch_git TARGET.
set -euo pipefail

fetch_git() {
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
    local gitdir="${MIRROR:-/work/.mirror/${REPO/\//+}/repo}"
    if [ ! -d "$gitdir" ]; then
        git clone --bare --filter=blob:none --quiet "https://github.com/$REPO.git" "$work/clone"
        gitdir="$work/clone"
    fi
    git --git-dir="$gitdir" cat-file -e "$COMMIT^{commit}" || {
        echo "error: $REPO has no commit $COMMIT in $gitdir" >&2
        return 2
    }
    mkdir -p "$work/tree" "$dest"
    local entry src
    for entry in $PATHS; do
        src="${entry%%:*}"
        mkdir -p "$work/tree/$(dirname "$src")"
        if [ "$(git --git-dir="$gitdir" cat-file -t "$COMMIT:$src")" = tree ]; then
            # archive the subtree only: a monorepo mirror may lack blobs elsewhere (large assets)
            git --git-dir="$gitdir" archive --prefix="$src/" "$COMMIT:$src" | tar -x -C "$work/tree"
        else
            git --git-dir="$gitdir" cat-file blob "$COMMIT:$src" > "$work/tree/$src"
        fi
    done
    for entry in $PATHS; do
        src="${entry%%:*}"
        local to="${src##*/}"
        [ "$entry" != "$src" ] && to="${entry#*:}"
        cp -r "$work/tree/$src" "$dest/$to"
    done
    find "$dest" -name '__pycache__' -type d -prune -exec rm -rf {} +
    echo "$PROJECT ${COMMIT:0:12} unpacked in $dest ($(find "$dest" -name '*.py' | wc -l) Python files)"
}
