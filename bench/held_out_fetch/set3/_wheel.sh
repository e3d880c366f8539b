#!/usr/bin/env bash
# Shared body of the third held-out set's fetch scripts (sourced, not run): download one pinned
# wheel from PyPI and unpack it as TARGET/<project>/<package>/... (the layout of the other
# held-out projects), modelled on bench/held_out_fetch/zou.sh. *.dist-info and *.data are
# dropped; entry_points.txt is kept as the [entry_points] section of TARGET/<project>/setup.cfg
# (strangler reads plugin maps from there). Callers set PROJECT, DIST, VERSION and PACKAGES
# (the top-level folders of the wheel to keep), then call fetch_wheel TARGET. A set's all.sh
# calls fetch_set TARGET FOLDER.
set -euo pipefail

fetch_wheel() {
    fetch_pinned wheel "$1"
}

# Download the pinned DIST==VERSION as KIND (wheel: a py3-none-any wheel; sdist: the source
# archive, for projects that publish no wheel) and unpack its PACKAGES as TARGET/<project>/...,
# with its entry points kept in setup.cfg (`write_entry_points`).
fetch_pinned() {
    local kind="$1" target="$2"
    local dest="$target/$PROJECT"
    if [ -e "$dest" ]; then
        echo "error: $dest exists; remove it first" >&2
        return 2
    fi
    local work
    work="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    local only="--only-binary=:all:"
    [ "$kind" = sdist ] && only="--no-binary=:all:"
    ${PIP:-python3 -m pip} download "${DIST}==${VERSION}" --no-deps "$only" \
        -d "$work/dl" --quiet
    local top info
    if [ "$kind" = sdist ]; then
        mkdir -p "$work/unpacked"
        tar xzf "$(ls "$work"/dl/*.tar.gz)" -C "$work/unpacked"
        top="$(ls -d "$work"/unpacked/*/)"
        info="$(ls -d "$top"/*.egg-info 2>/dev/null | head -1)"
    else
        python3 -m zipfile -e "$(ls "$work"/dl/*.whl)" "$work/unpacked"
        top="$work/unpacked"
        info="$(ls -d "$work"/unpacked/*.dist-info)"
    fi
    mkdir -p "$dest"
    local package
    for package in $PACKAGES; do
        cp -r "$top/$package" "$dest/"
    done
    write_entry_points "$info" "$dest" "$([ "$kind" = sdist ] && echo set5 || echo set3)"
    find "$dest" -name '__pycache__' -type d -prune -exec rm -rf {} +
    echo "$PROJECT $VERSION unpacked in $dest ($(find "$dest" -name '*.py' | wc -l) Python files)"
}

# Keep INFO/entry_points.txt (a wheel's dist-info or an sdist's egg-info) as the
# [entry_points] section of DEST/setup.cfg, where strangler reads plugin maps. $3: the set
# named in the header line when FETCH_SET is unset.
write_entry_points() {
    local info="$1" dest="$2" default_set="$3"
    [ -n "$info" ] && [ -f "$info/entry_points.txt" ] || return 0
    {
        echo "# Written by bench/held_out_fetch/${FETCH_SET:-$default_set}/$PROJECT.sh from $(basename "$info")/entry_points.txt"
        echo "[metadata]"
        echo "name = $DIST"
        echo "version = $VERSION"
        echo ""
        echo "[entry_points]"
        python3 - "$info/entry_points.txt" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
parser.optionxform = str
parser.read(sys.argv[1], encoding="utf-8")
for section in parser.sections():
    print(f"{section} =")
    for key, value in parser.items(section):
        print(f"    {key} = {value}")
PY
    } > "$dest/setup.cfg"
}

# Fetch every project script of the set in folder $2 (all but all.sh and _*.sh) into TARGET
# $1, skipping the projects already there.
fetch_set() {
    local target="$1" folder="$2" script project
    for script in "$folder"/*.sh; do
        project="$(basename "$script" .sh)"
        case "$project" in all|_*) continue ;; esac
        if [ -d "$target/$project" ]; then
            echo "$project: already in $target"
            continue
        fi
        bash "$script" "$target"
    done
}
