#!/usr/bin/env bash
# Fetch the held-out project openoversight (lucyparsons/OpenOversight, the Lucy Parsons Labs'
# public database of police officers for accountability: departments with their ranks (job
# titles) and units, officer profiles with assignments, salaries, notes, descriptions and
# links, crowd-sourced photos that volunteers sort and tag with officers' faces, incidents
# with their locations and license plates, user accounts with area coordinators and
# administrators, CSV bulk imports and per-department CSV downloads: Flask + Flask-SQLAlchemy
# + Flask-Login + Flask-Migrate (Alembic) + WTForms; OpenOversight/app is ONE Flask package:
# app/__init__.py the app factory (create_app, the `app` object that gunicorn and FLASK_APP
# serve: there is no top-level runner module), app/models/database.py the tables of every
# concern in one module (departments, jobs, unit_types, officers, assignments, salaries,
# notes, descriptions, links, raw_images, faces, incidents, locations, license_plates, users
# and the join tables) with models/{config (settings), database_cache, database_imports (rows
# from dicts for the CSV import), emails (the account e-mails), users (the anonymous user)},
# app/main/ the `main` blueprint (views.py: every page and route of the site, forms.py: every
# form, model_view.py: the CRUD view base, downloads.py: the CSV downloads), app/auth/ the
# `auth` blueprint (login, registration, confirmation, passwords, user admin), commands.py
# the Flask CLI commands (admin user, departments, job titles, bulk officer import, the
# advanced CSV import), csv_imports.py (the advanced CSV import), email_client.py (Gmail, SMTP
# and simulated mail providers), utils/ (auth decorators, choices, S3 image upload and
# cropping, constants, query helpers, form processing, general helpers), filters.py (Jinja
# filters), formfields.py, validators.py, widgets.py) at a pinned commit of GitHub (no PyPI
# release), unpacked as TARGET/openoversight/OpenOversight/... (the package is imported as
# OpenOversight.app). The tests/ folder is dropped (with the top-level test_data.py, which
# loads the test fixtures); the Alembic migrations (OpenOversight/migrations, the directory
# the app hands to Flask-Migrate) are kept (strangler skips them); the front end
# (app/static, app/templates), the container entry-point scripts (OpenOversight/scripts),
# docs, proposals, database/ (the schema diagram), the Fabric deploy tasks (tasks.py), the
# pg_dump helper (db_backup.py), requirements and docker files are not kept.
# Usage: bench/held_out_fetch/set18/openoversight.sh [TARGET]   (default /work/unseen18)
set -euo pipefail
PROJECT="openoversight" REPO="lucyparsons/OpenOversight" COMMIT="00976630a3c8f9898e52444e88a37dbe4e7fd0be"
PATHS="OpenOversight"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen18}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/OpenOversight/app/static" "$target/$PROJECT/OpenOversight/app/templates" \
    "$target/$PROJECT/OpenOversight/scripts"
echo "$PROJECT: dropped the test folders and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
