#!/usr/bin/env bash
# Fetch the held-out project readthedocs (readthedocs/readthedocs.org, the Read the Docs
# platform, which hosts documentation: projects imported from Git repositories, their
# versions, the builds that run Sphinx or MkDocs in Docker and upload the HTML, PDF and ePub
# output to storage, the proxito server that serves the docs of each project on its own
# (sub)domain with redirects and custom domains, full-text search, organizations and teams,
# the OAuth links to GitHub, GitLab and Bitbucket and their webhooks, Stripe subscriptions,
# SSO, notifications, audit logs, analytics: Django + Django REST Framework + Celery +
# Elasticsearch; ONE package, readthedocs/, laid out by Django app: projects/ (projects,
# domains, features, environment variables, imported files, the project dashboard),
# builds/ (versions, builds, build commands, automation rules), doc_builder/ (the builders
# and the Docker build environments), config/ (the .readthedocs.yaml parser), vcs_support/
# (the Git back end), proxito/ (the documentation server: middleware, views, the addons
# API), redirects/, domains/, search/ (the Elasticsearch documents, indexing and the search
# APIs), embed/, filetreediff/, organizations/ (organizations, teams), invitations/,
# oauth/ (remote repositories and organizations, the GitHub app, the VCS services),
# integrations/ (incoming webhooks), sso/, subscriptions/ and payments/ and gold/ (billing),
# notifications/, audit/, analytics/, telemetry/, acl/ (the permission checks), allauth/
# (the GitHub app provider), profiles/ (user profiles and the account dashboard),
# api/v2 and api/v3 (the REST APIs over every app), storage/, aws/ (temporary credentials for
# the builders), metrics/, core/ (the base models, middleware, utilities, the settings of
# the site), settings/, urls.py, worker.py (the Celery app) and wsgi.py) at the pinned
# release 2026.08.18 of GitHub (no PyPI release of the server), unpacked as
# TARGET/readthedocs/readthedocs/... with manage.py. The test folders (tests/, test/), the
# test app readthedocs/rtd_tests/ (test models, fixtures and mocks), conftest.py and
# analytics/tests.py are dropped; the Django migrations inside the apps are kept (strangler
# skips them); the front end (readthedocs/static, readthedocs/templates), the translations
# (readthedocs/locale), docs/, common/, media/, dockerfiles/, scripts/, requirements/ and
# the tox and invoke files are not kept.
# Usage: bench/held_out_fetch/set21/readthedocs.sh [TARGET]   (default /work/unseen21)
set -euo pipefail
PROJECT="readthedocs" REPO="readthedocs/readthedocs.org"
COMMIT="47283b52cdaddc34f9cd3899b02f4f77c11b3950"
PATHS="readthedocs manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen21}"
fetch_git "$target"
rm -rf "$target/$PROJECT/readthedocs/static" "$target/$PROJECT/readthedocs/templates" \
    "$target/$PROJECT/readthedocs/locale" "$target/$PROJECT/readthedocs/rtd_tests"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'conftest.py' \) -delete
echo "$PROJECT: dropped the tests and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
