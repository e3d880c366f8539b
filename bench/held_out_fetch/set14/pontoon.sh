#!/usr/bin/env bash
# Fetch the held-out project pontoon (mozilla/pontoon, Mozilla's translation management system:
# Django + Celery, many Django apps under pontoon/: base (the shared tables: projects, locales,
# resources, entities, translations, users' profiles, permissions), sync (the VCS sync of
# projects' source and translation files), translate (the translation workspace), translations,
# pretranslation (machine pretranslation), machinery (translation memory and MT services),
# terminology, checks (quality checks), batch (mass actions), tags, insights and
# localizations/projects/teams/contributors (the dashboards), messaging (notifications and
# e-mails to localizers), actionlog and uxactionlog, administration, search, tour, homepage,
# api (REST + GraphQL), settings, db) at a pinned commit of GitHub (no PyPI release),
# unpacked as TARGET/pontoon/pontoon/... with manage.py. The test/ and tests/ folders and
# conftest.py are dropped; the Django migrations inside the apps are kept (strangler skips
# them); static files and templates come along with the package; the front end
# (translate/, a React app), docs and docker files are not kept.
# Usage: bench/held_out_fetch/set14/pontoon.sh [TARGET]   (default /work/unseen14)
set -euo pipefail
PROJECT="pontoon" REPO="mozilla/pontoon" COMMIT="eb868358ac2c585a0d22dfec9ae0776e86de2e20"
PATHS="pontoon manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen14}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" -name conftest.py -delete
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
