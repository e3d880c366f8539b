#!/usr/bin/env bash
# Fetch the held-out monolith keystone (OpenStack Identity) from PyPI and unpack it as the
# other held-out projects are laid out: <target>/keystone/ holds the top-level package
# `keystone/` (as in the source repository) plus a setup.cfg. The wheel carries no setup.cfg,
# so its *.dist-info/entry_points.txt is written back as the pbr `[entry_points]` section the
# upstream setup.cfg has (group = newline-separated `name = module:attr` lines); *.dist-info
# and *.data are dropped.
# Usage: bench/held_out_fetch/keystone.sh [TARGET_DIR]   (default /work/unseen2)
set -euo pipefail
VERSION=30.0.0
TARGET=${1:-/work/unseen2}
PYTHON=${PYTHON:-python3}
DEST="$TARGET/keystone"
if [ -e "$DEST" ]; then
  echo "keystone.sh: $DEST exists; remove it first to fetch again" >&2
  exit 2
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$PYTHON" -m pip download "keystone==$VERSION" --no-deps --only-binary=:all: -d "$TMP" >&2
WHEEL=$(ls "$TMP"/keystone-"$VERSION"-*.whl)
mkdir -p "$TARGET"
"$PYTHON" - "$WHEEL" "$DEST" "$VERSION" <<'PY'
import configparser, io, sys, zipfile
from pathlib import Path

wheel, dest, version = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with zipfile.ZipFile(wheel) as z:
    members = [n for n in z.namelist() if n.startswith("keystone/")]
    z.extractall(dest, members)
    eps = z.read(f"keystone-{version}.dist-info/entry_points.txt").decode()
parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
parser.optionxform = str
parser.read_string(eps)
out = io.StringIO()
out.write(f"[metadata]\nname = keystone\nversion = {version}\n\n[files]\npackages =\n    keystone\n\n")
out.write("[entry_points]\n")
for group in parser.sections():
    out.write(f"{group} =\n")
    for name, target in parser.items(group):
        out.write(f"    {name} = {target}\n")
(dest / "setup.cfg").write_text(out.getvalue(), encoding="utf-8")
print(f"keystone {version}: {len(members)} files into {dest}")
PY
