#!/usr/bin/env bash
# Fetch the held-out project baserow (bram2w/baserow, the open-source no-code database and
# Airtable alternative: workspaces of applications (databases of tables, fields, rows and
# views; application builder sites; automation workflows; dashboards), integrations, user
# accounts, real-time collaboration: Django + Django REST Framework + Celery + Channels
# (web sockets)). The repository is a monorepo: backend/ (the Django backend), web-frontend/
# (the Nuxt front end), premium/ and enterprise/ (the paid editions' backend and front end),
# docs/, deploy/ and docker files. backend/src/baserow holds the open-source backend:
# core/ (users, workspaces, applications, trash, jobs, actions (undo/redo), snapshots,
# templates, notifications, integrations and user sources, the generative-AI and formula
# frameworks, the registries), api/ (the REST API of core: one package per resource),
# contrib/database/ (databases, tables, fields, rows, views, formulas, webhooks, import and
# export, search, the database's API and web-socket signals), contrib/builder/ (the
# application builder: pages, elements, data sources, workflow actions, domains and
# publishing, themes), contrib/automation/ (workflows of triggers and action nodes),
# contrib/dashboard/ (dashboards of widgets over data sources), contrib/integrations/
# (local Baserow, SMTP, REST, Slack and AI integrations with their services), ws/ (the
# Channels consumer, auth and signals of the web socket), config/ (settings, URLconf,
# WSGI/ASGI, Celery) and manage.py, at a pinned commit of GitHub (the server is not
# published on PyPI), unpacked as TARGET/baserow/baserow/... (manage.py is
# TARGET/baserow/baserow/manage.py). Only backend/src/baserow is kept: the premium and
# enterprise backends (premium/backend, enterprise/backend), backend/tests and the other
# test folders, the front ends, docs, deployment and docker files are not kept; the
# test-support package baserow/test_utils is kept (the reference ignores it); the Django
# migrations inside the apps are kept (strangler skips them).
# Usage: bench/held_out_fetch/set16/baserow.sh [TARGET]   (default /work/unseen16)
set -euo pipefail
PROJECT="baserow" REPO="bram2w/baserow" COMMIT="01c464ff0257f37bd7685c1563a8b8a0ab522897"
PATHS="backend/src/baserow"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen16}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
