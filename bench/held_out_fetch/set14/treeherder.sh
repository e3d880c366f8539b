#!/usr/bin/env bash
# Fetch the held-out project treeherder (mozilla/treeherder, Mozilla's CI reporting dashboard:
# pushes, jobs, failures and performance data of Firefox's CI: Django + Django REST Framework
# + Celery; treeherder/model/models.py holds the core tables (repositories, pushes, commits,
# jobs, job logs, failure lines, bugs, classifications, text log errors, machines ...) and
# treeherder/perf/models.py the performance tables (signatures, data, alerts, alert
# summaries, backfill records); webapp/api/<resource>.py the REST viewsets and serializers,
# etl/ the ingestion of pushes and jobs (Pulse, Taskcluster), log_parser/ the log parsing,
# perf/ and perfalert/ the performance sheriffing and alert detection, push_health/ the push
# health checks, changelog/, intermittents_commenter/ (Bugzilla comments), services/ (the
# Pulse consumers, Taskcluster), auth/, workers/, client/ (the Python API client), utils/,
# config/ (settings, URLconf, WSGI)) at a pinned commit of GitHub (no PyPI release of the
# server), unpacked as TARGET/treeherder/treeherder/... with manage.py. The tests/ folders are
# dropped (the root tests/ is not kept); the Django migrations inside the apps are kept
# (strangler skips them); the front end (ui/), docs, deployment and docker files are not kept.
# Usage: bench/held_out_fetch/set14/treeherder.sh [TARGET]   (default /work/unseen14)
set -euo pipefail
PROJECT="treeherder" REPO="mozilla/treeherder" COMMIT="dc3080dd746d4732d5e06c0272471834d4639da0"
PATHS="treeherder manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen14}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
