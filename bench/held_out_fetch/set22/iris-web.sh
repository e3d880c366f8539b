#!/usr/bin/env bash
# Fetch the held-out project iris-web (dfir-iris/iris-web, DFIR-IRIS, the collaborative
# incident-response platform: investigation cases opened for customers, with their assets,
# indicators of compromise (IOCs), timeline events and the graph built from them, notes,
# tasks, evidences (received files) and the per-case datastore of uploaded files, comments on
# every case object, alerts ingested from SIEMs and escalated or merged into cases, report
# templates and the generated reports, case templates, the IRIS modules (DIM: third-party
# processing modules hooked on case objects and run by Celery workers), users, groups,
# organisations and the per-case access control with local, LDAP and OIDC logins, saved
# filters, custom attributes, tags, user activities, the server settings, updates and
# backups, a REST API and a GraphQL API over cases and IOCs: Flask + Flask-SQLAlchemy +
# marshmallow + Celery + Flask-SocketIO; ONE package, app/ (source/app in the repository),
# laid out by KIND: models/ (the SQLAlchemy tables: models.py holds most of them, cases.py,
# alerts.py and authorization.py the rest), schema/marshables.py (the marshmallow schemas of
# every table), datamgmt/<area> (the data-access functions: case/ one module per case object,
# manage/ one per administered object, alerts/, client/, datastore/, dashboard/, reporter/,
# iris_engine/ ...), business/ (the newer service layer of cases, IOCs, notes, users and
# permissions), blueprints/<area> (the Flask blueprints: case/ one per case object, manage/ one
# per administered object, alerts/, dashboard/, login/, profile/, graphql/ ...), iris_engine/
# (access_control/ with the LDAP and OIDC handlers, module_handler/, reporter/, tasker/ (the
# Celery app), updater/, backup/, utils/, the demo builder), the vendored flask_dropzone/, and
# the top-level modules __init__.py (the app object and its extensions), views.py (the
# blueprint table), configuration.py, post_init.py (the database seeding), forms.py and util.py)
# at a pinned commit of GitHub: 56ef91b of 2025-02-10, the commit of release v2.4.20 (its tree
# is the one of the master head, e6aa4ba, the merge of the 2.4.20 hotfix), unpacked as
# TARGET/iris-web/{app,run.py}. Kept: source/app (its Jinja templates and resources stay) and
# source/run.py (the WSGI and development entry point); the Alembic migrations (app/alembic)
# are kept (strangler skips the folder). The static front end (app/static: JavaScript, vendored
# libraries, CSS, images) is dropped; the tests (source/tests, the root tests/), the root
# upgrades/ script, source/dependencies (module wheels), source/spectaql (the GraphQL docs),
# source/scripts, docker/, deploy/, scripts/ and the compose files are not kept.
# Usage: bench/held_out_fetch/set22/iris-web.sh [TARGET]   (default /work/unseen22)
set -euo pipefail
PROJECT="iris-web" REPO="dfir-iris/iris-web" COMMIT="56ef91b59e921a55f89b937c2bbcb8d09e3531da"
PATHS="source/app source/run.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen22}"
fetch_git "$target"
rm -rf "$target/$PROJECT/app/static"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the tests and the static front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
