#!/usr/bin/env bash
# Fetch the held-out project warehouse (pypi/warehouse, the code base of PyPI, the Python
# Package Index: Pyramid + SQLAlchemy + Alembic + Celery, ONE package warehouse/ with a
# sub-package per area, each with its SQLAlchemy models (models.py), services and interfaces
# (the Pyramid service registry), views, forms and Celery tasks: accounts (users, e-mails,
# 2FA, WebAuthn and recovery codes, login and registration), packaging (projects, releases,
# files, roles, descriptions, classifiers' use, journals, the project pages), manage (the
# logged-in management pages of accounts, projects, organizations, teams and trusted
# publishers), organizations (organizations, teams, their roles, invitations and
# applications), oidc (trusted publishers: GitHub, GitLab, Google, ActiveState),
# macaroons (API tokens and their caveats), forklift (the upload API), legacy (the old
# XML-RPC, JSON and pypi APIs), api (the Simple API, integrity/provenance, billing webhooks),
# attestations, subscriptions (Stripe billing), sponsors, banners, observations (malware
# reports and observers), integrations (secret scanning, vulnerability reports from OSV),
# email (outgoing mail and the SES bounce handling), search (OpenSearch), admin (the staff
# pages over every area's data), events, ip_addresses, classifiers, helpdesk, metrics,
# cache (HTTP and origin caching, Fastly), captcha, rate_limiting, i18n, rss, sitemap, tuf,
# cli (the `warehouse` command: db, search, sponsors, classifiers ...), utils, and the
# top-level modules: config (the Pyramid app factory and settings), routes (the route
# table), wsgi, celery, db (the SQLAlchemy base), views, forms, tasks, and the migrations
# (Alembic)) at a pinned commit of GitHub (no PyPI release), unpacked as
# TARGET/warehouse/warehouse/.... The package has no test folders (the root tests/ is not
# kept); the Alembic migrations (warehouse/migrations/) are kept (strangler skips them);
# templates/ and locale/ come along with the package (no Python); the front end
# (warehouse/static/ and warehouse/admin/static/: JavaScript, SCSS and CSS sources, and the
# root webpack and npm files), docs/, bin/, dev/ and the Docker files are not kept.
# Usage: bench/held_out_fetch/set19/warehouse.sh [TARGET]   (default /work/unseen19)
set -euo pipefail
PROJECT="warehouse" REPO="pypi/warehouse" COMMIT="6b62157124ab7865029afeeadf282bce27d601d9"
PATHS="warehouse"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen19}"
fetch_git "$target"
rm -rf "$target/$PROJECT/warehouse/static" "$target/$PROJECT/warehouse/admin/static"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the front end and test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
