#!/usr/bin/env bash
# Fetch the held-out project h (hypothesis/h, the Hypothesis web annotation service: the web
# site of hypothes.is and the annotation API the Hypothesis client talks to: annotations
# and their documents, users and accounts, groups and organizations, OAuth clients and
# tokens, moderation, flags, mentions and reply notifications, the Elasticsearch index and
# the real-time WebSocket streamer: Pyramid + SQLAlchemy + Alembic + Celery + Elasticsearch;
# ONE package, h/, laid out by KIND: models/<table> (the SQLAlchemy tables), services/<area>
# (the business logic, one Pyramid service per concern, with bulk_api/, bulk_executor/ and
# oauth/), views/<area> (the web pages, views/admin/ the admin pages, views/api/ the REST
# API with its bulk/ endpoints), schemas/ (the JSON and form schemas), presenters/ (the JSON,
# HTML and search-index renderings), traversal/ (the Pyramid resource contexts), security/
# (the identity, permissions and the security policies), tasks/ (the Celery tasks), emails/
# (the e-mails), notification/ (mention and reply notifications), search/ (the Elasticsearch
# client, index and queries), streamer/ (the WebSocket app), feeds/ (Atom and RSS),
# activity/ (the activity pages' queries), accounts/, cli/ (the `hypothesis` command),
# scripts/, util/, db/ (the SQLAlchemy base and mixins), migrations/ (Alembic), data_tasks/
# (SQL reports), jinja_extensions/, and the roots: app.py (the Pyramid app factory),
# config.py, settings.py, routes.py (every route), __main__) at a pinned commit of GitHub (no
# PyPI release of the service), unpacked as TARGET/h/h/.... Kept: the h/ package only. The
# Alembic migrations (h/migrations/) are kept (strangler skips them); the templates and
# static files inside the package (h/templates/, h/static/: the front end's scripts, styles
# and images) are dropped; the tests (tests/), bin/ (dev scripts), docs/, conf/ (the
# uWSGI and supervisor configuration), requirements/, the front-end build files and the
# docker files are not kept.
# Usage: bench/held_out_fetch/set19/h.sh [TARGET]   (default /work/unseen19)
set -euo pipefail
PROJECT="h" REPO="hypothesis/h" COMMIT="24395ca438e3bd4b5c301e30ab81ca1d024ee840"
PATHS="h"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen19}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/h/templates" "$target/$PROJECT/h/static"
echo "$PROJECT: dropped the tests, templates and static files ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
