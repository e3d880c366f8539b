#!/usr/bin/env bash
# Fetch the held-out project pgadmin4 (pgadmin-org/pgadmin4, the Flask + Flask-SQLAlchemy
# PostgreSQL administration web app: one PgAdminModule blueprint per folder, the object browser
# as a tree of node blueprints under pgadmin/browser/server_groups/servers/..., tools/ (query
# tool, debugger, ERD, schema diff, backup/restore, ...), misc/, authenticate/, llm/, the
# config-database tables in pgadmin/model, and pgacloud/) at a pinned release from PyPI,
# unpacked as TARGET/pgadmin4/pgadmin4/... The wheel's pgadmin4/ folder holds setup.py (the
# pgadmin CLI), so it is an import root; its built static files and docs stay as shipped.
# Usage: bench/held_out_fetch/set5/pgadmin4.sh [TARGET]   (default /work/unseen5)
set -euo pipefail
PROJECT="pgadmin4" DIST="pgadmin4" VERSION="9.18" PACKAGES="pgadmin4" FETCH_SET="set5"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen5}"
