#!/usr/bin/env bash
# Fetch the held-out project calibreweb (janeczku/calibre-web, the Flask + SQLAlchemy web app for
# a Calibre e-book library: ONE FLAT package, calibreweb/cps, of ~80 modules, one Flask blueprint
# per feature module (web, admin, editbooks, shelf, opds, kobo, kobo_auth, oauth_bb,
# remotelogin, search, about, gdrive, ...), two databases (db.py maps Calibre's own metadata.db,
# ub.py the app's users/shelves/downloads/Kobo sync tables, config_sql.py the settings table),
# background tasks in cps/tasks, metadata providers, a vendored login manager (cw_login) and
# SSRF-safe requests wrapper (cw_advocate)). The package puts calibreweb/ itself on sys.path
# and imports `cps` as a top-level package. Pinned release from PyPI, unpacked as
# TARGET/calibreweb/calibreweb/... with the entry points (console_scripts cps) in setup.cfg.
# Usage: bench/held_out_fetch/set6/calibreweb.sh [TARGET]   (default /work/unseen6)
set -euo pipefail
PROJECT="calibreweb" DIST="calibreweb" VERSION="0.6.27" PACKAGES="calibreweb" FETCH_SET="set6"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen6}"
