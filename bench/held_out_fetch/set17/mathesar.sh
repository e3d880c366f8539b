#!/usr/bin/env bash
# Fetch the held-out project mathesar (mathesar-foundation/mathesar, a self-hosted web
# application with a spreadsheet-like interface to view, edit, query and share the data of
# PostgreSQL databases, with access control by Postgres roles and privileges: Django +
# django-modern-rpc (one JSON-RPC endpoint) + psycopg; mathesar/models/base.py holds its own
# tables (servers, databases, configured roles, user-database-role maps, table, column and
# exploration metadata, forms and form fields, data files, download links),
# mathesar/models/{users,analytics}.py the users and the analytics reports; mathesar/rpc/
# <area> the RPC methods (servers, databases, roles, collaborators, schemas, tables,
# columns, constraints, records, explorations, forms, data modeling, users, analytics),
# mathesar/views/ the plain Django views (pages, data files, exports, file download links,
# bulk insert, installation, login), mathesar/utils/ and imports/ the helpers (CSV import
# and preview, explorations, permissions, forms, download links), mathesar/examples/ the
# demo data sets; db/ the SQL layer that mathesar calls: thin Python wrappers over the
# msar.* SQL functions installed from db/sql/, and db/deprecated/ the older SQLAlchemy
# layer of queries, transforms and types still used by explorations; config/ the Django
# project (settings, URLconf, WSGI/ASGI, the database and SSO configuration)) at a pinned
# commit of GitHub (no PyPI release), unpacked as TARGET/mathesar/{config,db,mathesar} with
# manage.py. The tests/ folders are dropped (the root api_tests/ and conftest.py are not
# kept); the Django migrations are kept (strangler skips them); mathesar/static (icons and
# images), mathesar/templates (HTML) and the SQL dumps of the demo data sets
# (mathesar/examples/resources) are not kept; the front end (mathesar_ui/), docs,
# translations, the setup/ and build-scripts/ installer helpers, bin/, deployment and docker
# files are not kept.
# Usage: bench/held_out_fetch/set17/mathesar.sh [TARGET]   (default /work/unseen17)
set -euo pipefail
PROJECT="mathesar" REPO="mathesar-foundation/mathesar" COMMIT="e214743031f1e5aa762b22ac53b321755223da57"
PATHS="config db manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen17}"
fetch_git "$target"
# mathesar/ is exported child by child and mathesar/examples file by file: the SQL dump of a
# demo data set (examples/resources/movie_rentals_lite.sql) is not in the mirror, so
# archiving mathesar/ whole fails; static/, templates/ and tests/ are left out.
PROJECT="mathesar/mathesar" PATHS="mathesar/__init__.py mathesar/admin.py
    mathesar/analytics.py mathesar/apps.py mathesar/auth.py mathesar/errors.py
    mathesar/imports mathesar/install.py mathesar/management mathesar/middleware.py
    mathesar/migrations mathesar/models mathesar/rpc mathesar/sso.py
    mathesar/template_context_processors mathesar/urls.py mathesar/utils mathesar/views" \
    fetch_git "$target"
PROJECT="mathesar/mathesar/examples" PATHS="mathesar/examples/base.py
    mathesar/examples/bike_shop_dataset.py mathesar/examples/hardware_store_dataset.py
    mathesar/examples/ice_cream_employees_dataset.py mathesar/examples/library_dataset.py
    mathesar/examples/library_makerspace_dataset.py mathesar/examples/movies_lite_dataset.py
    mathesar/examples/museum_exhibits_dataset.py mathesar/examples/nonprofit_grants_dataset.py" \
    fetch_git "$target"
find "$target/mathesar" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "mathesar: dropped the tests ($(find "$target/mathesar" -name '*.py' | wc -l) Python files)"
