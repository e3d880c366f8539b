#!/usr/bin/env bash
# Fetch the held-out project plane (makeplane/plane's API server, apps/api: the project
# management tool of work items, cycles, modules, pages, views and intake: Django + Django REST
# Framework + Celery; LAYERED by kind: plane/db/models/<area>.py holds every table (workspace,
# project, issue with its states, labels, drafts and descriptions, cycle, module, page, view,
# intake, estimate, notification, webhook, analytic, exporter, importer, asset, user, device,
# session, api tokens ...), and three interface apps each hold a layer per area: plane/app
# (the web app's API: serializers/<area>.py, urls/<area>.py, views/<area>/), plane/api (the
# public REST API v1) and plane/space (the public deploy boards); plane/bgtasks/<job>_task.py
# the Celery tasks, plane/authentication the sign-in flows and OAuth providers, plane/license
# the instance and its administration, plane/utils the shared helpers) at a pinned commit of
# GitHub (no PyPI release; the monorepo's front ends under apps/ are not kept), unpacked as
# TARGET/plane/plane/... with manage.py. plane/tests is dropped; the Django migrations inside
# the apps are kept (strangler skips them); bin/, templates/ and requirements/ are not kept.
# Usage: bench/held_out_fetch/set12/plane.sh [TARGET]   (default /work/unseen12)
set -euo pipefail
PROJECT="plane" REPO="makeplane/plane" COMMIT="4ca6d6c7b807ad09bb571af2c43e85bf47c3ec6b"
PATHS="apps/api/plane apps/api/manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen12}"
fetch_git "$target"
rm -rf "$target/$PROJECT/plane/tests"
echo "$PROJECT: dropped plane/tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
