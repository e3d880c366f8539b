#!/usr/bin/env bash
# Fetch the held-out project kallithea (the Kallithea source-code hosting app for Git and
# Mercurial: TurboGears2 + Routes + SQLAlchemy, LAYER-first: kallithea/controllers (one
# controller per area, admin/ and the JSON-RPC api/), kallithea/model (db.py with every table,
# one model class module per area), kallithea/lib (auth, auth_modules, hooks, indexers, the vcs
# library with git/hg backends and ssh serving), kallithea/config (app factory, WSGI middleware
# for git/hg over HTTP), kallithea/bin (click CLI, API and gist clients)) at a pinned release
# from PyPI. 0.7.0 ships as an sdist only, so this uses set5/_sdist.sh; unpacked as
# TARGET/kallithea/kallithea/... (docs/, scripts/ and the top-level setup.py/conftest.py are
# dropped), with the entry points (console_scripts, paste.app_factory) kept in setup.cfg.
# Usage: bench/held_out_fetch/set5/kallithea.sh [TARGET]   (default /work/unseen5)
set -euo pipefail
PROJECT="kallithea" DIST="Kallithea" VERSION="0.7.0" PACKAGES="kallithea" FETCH_SET="set5"
# shellcheck source=_sdist.sh
source "$(cd "$(dirname "$0")" && pwd)/_sdist.sh"
fetch_sdist "${1:-/work/unseen5}"
