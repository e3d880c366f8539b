#!/usr/bin/env bash
# Fetch the held-out project trac (Trac, the wiki + issue tracker + Subversion/Git browser on its
# own component framework: trac/core.py Components and ExtensionPoints, one package per
# subsystem (ticket, wiki, versioncontrol, timeline, search, notification, prefs, admin, web,
# db, upgrades) and the optional components of tracopt/, all loaded through the trac.plugins
# entry points) at a pinned release from PyPI, unpacked as TARGET/trac/{trac,tracopt}/... with
# the wheel's entry points (trac.plugins, console_scripts) kept in setup.cfg.
# Usage: bench/held_out_fetch/set5/trac.sh [TARGET]   (default /work/unseen5)
set -euo pipefail
PROJECT="trac" DIST="Trac" VERSION="1.6" PACKAGES="trac tracopt" FETCH_SET="set5"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen5}"
