#!/usr/bin/env bash
# Fetch the held-out project prefect-server (PrefectHQ/prefect's orchestration SERVER only, the
# API that the Prefect client, workers and UI talk to: FastAPI + async SQLAlchemy + Alembic;
# LAYERED by kind: database/orm_models.py holds every table (flows, flow runs, task runs,
# states, deployments and their schedules, work pools/queues/workers, blocks, artifacts,
# variables, concurrency limits, logs, saved searches, events, automations, CSRF tokens),
# models/<entity>.py the queries, schemas/ the shared pydantic schemas (core, actions,
# filters, sorting, responses, states, schedules), orchestration/ the state transition rules
# and policies, api/<resource>.py the REST routers (+ api/ui/), services/ the loop services
# (scheduler, late runs, foreman, cancellation cleanup, task run recorder, db vacuum ...),
# events/ (event storage, triggers, actions, automations), logs/, concurrency/, utilities/)
# at a pinned release from PyPI, unpacked as TARGET/prefect-server/prefect/server/... The rest
# of the prefect wheel (the client SDK, flow/task engines, workers, CLI, settings) is NOT
# unpacked: only prefect/__init__.py is kept so that prefect/server stays a subpackage. The
# server's built front ends (server/ui, server/ui-v2: JavaScript bundles) are dropped, and so
# is the wheel's setup.cfg of entry points (they name prefect.cli and prefect.utilities, not
# unpacked). The Alembic revisions under server/database/_migrations are kept (the reference
# ignores them).
# Usage: bench/held_out_fetch/set10/prefect-server.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="prefect-server" DIST="prefect" VERSION="3.9.1" PACKAGES="prefect" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen10}"
fetch_wheel "$target"
dest="$target/$PROJECT"
find "$dest/prefect" -mindepth 1 -maxdepth 1 ! -name '__init__.py' ! -name server \
    -exec rm -rf {} +
rm -rf "$dest/prefect/server/ui" "$dest/prefect/server/ui-v2" "$dest/setup.cfg"
echo "$PROJECT: kept prefect/server only ($(find "$dest" -name '*.py' | wc -l) Python files)"
