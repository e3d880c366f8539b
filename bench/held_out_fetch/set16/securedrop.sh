#!/usr/bin/env bash
# Fetch the held-out project securedrop (freedomofpress/securedrop, the whistleblower
# submission system of the Freedom of the Press Foundation: sources reach a news organisation
# over a Tor onion service, send it encrypted messages and files and read its replies under a
# Diceware codename; journalists read the submissions, reply, star and delete sources; admins
# manage the journalist accounts and the instance's settings: Flask + Flask-SQLAlchemy over
# SQLite, Redis (server-side sessions, the rq worker queue, the key cache), Sequoia PGP through
# the redwood Rust binding, with the vendored GnuPG wrapper pretty_bad_protocol for the legacy
# keys). The repository holds the server application in securedrop/, a FLAT folder of modules
# imported by their top-level names (its working directory is on sys.path; no securedrop
# package): models.py (every table in one module: sources, submissions, replies, source
# stars, journalists, journalist login attempts, the seen files/messages/replies, the
# instance configuration), db.py (the SQLAlchemy object), sdconfig.py (the configuration),
# source_app/ (the source interface: the Flask app factory and the main, info and api
# blueprints, with its forms, session manager and helpers), journalist_app/ (the journalist
# interface: the app factory and the main, col (collections), account, admin and api (the
# REST API of SecureDrop Workstation) blueprints, with its Redis sessions, forms, decorators
# and helpers), source_user.py (source accounts from codenames), passphrases.py (Diceware),
# encryption.py and startup.py (the keys and encryption), store.py (the encrypted files on
# disk), two_factor.py (TOTP/HOTP), i18n.py and template_filters.py, rm.py,
# secure_tempfile.py and request_that_secures_file_uploads.py (secure deletion and uploads),
# worker.py (the rq queue), management/ and manage.py (the admin CLI), source.py and
# journalist.py (the WSGI entry points), alembic/ (the migrations), loaddata.py and
# specialstrings.py (the development data loader and its test strings); beside them
# securedrop/tests/, the templates (journalist_templates/, source_templates/), static/,
# translations/, wordlists/ and dictionaries/, debian/ (the packaging, with an OSSEC check
# script), dockerfiles/, bin/ and scripts/ (developer and cron scripts without a .py
# extension), requirements/; outside it the admin tooling (admin/ and securedrop-admin, the
# installer CLI), install_files/ and molecule/ (the Ansible roles and their tests), redwood/
# (the Rust crate), journalist_gui/, docs and the CI files. Pinned commit
# of GitHub (b80c941 of 2024-10-23, version 2.11.0~rc1; the server is not published on
# PyPI), unpacked FLAT as TARGET/securedrop/<module> (models.py is TARGET/securedrop/models.py,
# journalist_app/ is TARGET/securedrop/journalist_app/), the layout the application imports.
# Kept: the Python modules and packages of securedrop/ listed in PATHS, with the Alembic
# migrations (alembic/env.py and alembic/versions/; strangler skips them) and the development
# data loader loaddata.py with specialstrings.py (the reference ignores them). Not kept:
# securedrop/tests/, setup.py (packaging only), upload-screenshots.py (a docs tool), debian/,
# dockerfiles/, bin/, scripts/, requirements/, the templates, static files, translations,
# word lists, config.py.example, alembic.ini, and everything outside securedrop/ (admin/,
# install_files/, molecule/, docs, the front end's assets, the CI and docker files).
# Usage: bench/held_out_fetch/set16/securedrop.sh [TARGET]   (default /work/unseen16)
set -euo pipefail
PROJECT="securedrop" REPO="freedomofpress/securedrop" COMMIT="b80c941a3bf3355aefd098beeb1f246d4ff38933"
PATHS="securedrop/alembic securedrop/journalist_app securedrop/management
       securedrop/pretty_bad_protocol securedrop/source_app securedrop/db.py
       securedrop/encryption.py securedrop/execution.py securedrop/i18n.py
       securedrop/journalist.py securedrop/loaddata.py securedrop/manage.py securedrop/models.py
       securedrop/passphrases.py securedrop/request_that_secures_file_uploads.py
       securedrop/rm.py securedrop/sdconfig.py securedrop/secure_tempfile.py
       securedrop/server_os.py securedrop/source.py securedrop/source_user.py
       securedrop/specialstrings.py securedrop/startup.py securedrop/store.py
       securedrop/template_filters.py securedrop/two_factor.py securedrop/version.py
       securedrop/worker.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen16}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
