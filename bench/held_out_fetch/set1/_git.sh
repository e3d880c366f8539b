#!/usr/bin/env bash
# Shared body of the first held-out set's fetch scripts (sourced, not run). The first set
# (netbox, CTFd, redash, dispatch, saleor) was once copied by hand into /work/unseen/<project>/
# from the session's GitHub mirrors, at each mirror's tip of the default branch, the commits
# the first set's git-history sweep cloned again (docs/benchmarks.md, "Git co-change on real
# history"); these scripts rebuild those copies at the same pinned commits. Unlike the later
# sets, the unit is the REPOSITORY ROOT: TARGET/<project>/ is the repository's tree (each
# reference names what sits there: netbox's manage.py folder netbox/, CTFd's package CTFd/
# beside wsgi.py, serve.py ..., redash/ with manage.py and bin/, dispatch's src/dispatch/
# beside bin/, docs/scripts/ and utils/, saleor/ with manage.py), so strangler finds the
# import roots itself as it did on the hand-made copies.
# The repository is read from a local mirror, MIRROR (default /work/.mirror/<owner>+<name>/repo,
# the git directory the session's `fetch github:<owner>/<name>` tool writes), else cloned from
# GitHub. Callers set PROJECT, REPO (owner/name) and COMMIT (40 hex digits), then call
#   fetch_tree TARGET   the whole tree at COMMIT (a `git archive`), minus the test folders
#                       (tests/, test/: strangler leaves them out anyway; analysis.json is
#                       byte-identical with and without them);
#   fetch_py TARGET     only the *.py files at COMMIT, minus the paths in SKIP (NetBox's copy).
set -euo pipefail

# The git directory holding COMMIT: the mirror, else a bare clone in $1 (a scratch folder).
_set1_gitdir() {
    local work="$1" gitdir="${MIRROR:-/work/.mirror/${REPO/\//+}/repo}"
    if [ ! -d "$gitdir" ]; then
        git clone --bare --quiet "https://github.com/$REPO.git" "$work/clone"
        gitdir="$work/clone"
    fi
    git --git-dir="$gitdir" cat-file -e "$COMMIT^{commit}" || {
        echo "error: $REPO has no commit $COMMIT in $gitdir" >&2
        return 2
    }
    echo "$gitdir"
}

_set1_dest() {
    local dest="$1/$PROJECT"
    if [ -e "$dest" ]; then
        echo "error: $dest exists; remove it first" >&2
        return 2
    fi
    echo "$dest"
}

fetch_tree() {
    local dest work gitdir
    dest="$(_set1_dest "$1")"
    work="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    gitdir="$(_set1_gitdir "$work")"
    mkdir -p "$work/tree"
    git --git-dir="$gitdir" archive "$COMMIT" | tar -x -C "$work/tree"
    find "$work/tree" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
    mkdir -p "$(dirname "$dest")"
    mv "$work/tree" "$dest"
    echo "$PROJECT ${COMMIT:0:12} unpacked in $dest, test folders dropped" \
        "($(find "$dest" -name '*.py' | wc -l) Python files)"
}

fetch_py() {
    local dest work gitdir mode type blob path skip n=0
    dest="$(_set1_dest "$1")"
    work="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    gitdir="$(_set1_gitdir "$work")"
    mkdir -p "$work/tree"
    while read -r mode type blob path; do
        [ "$type" = blob ] || continue
        case "$path" in *.py) ;; *) continue ;; esac
        for skip in ${SKIP:-}; do
            [ "$path" = "$skip" ] && continue 2
        done
        mkdir -p "$work/tree/$(dirname "$path")"
        git --git-dir="$gitdir" cat-file blob "$blob" > "$work/tree/$path"
        n=$((n + 1))
    done < <(git --git-dir="$gitdir" ls-tree -r "$COMMIT")
    mkdir -p "$(dirname "$dest")"
    mv "$work/tree" "$dest"
    echo "$PROJECT ${COMMIT:0:12} unpacked in $dest ($n Python files)"
}
