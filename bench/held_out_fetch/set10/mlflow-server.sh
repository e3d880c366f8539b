#!/usr/bin/env bash
# Fetch the held-out project mlflow-server (mlflow/mlflow's tracking SERVER side only: the
# Flask + FastAPI server of mlflow/server/ and the backend stores of mlflow/store/ it serves;
# LAYERED by kind with a few very large modules: server/handlers.py holds the REST handlers
# and route table of every resource, store/tracking/sqlalchemy_store.py and
# store/tracking/dbmodels/models.py the tracking tables (experiments, runs, metrics, params,
# tags, datasets, logged models, traces, assessments, prompts, scorers ...) and their queries,
# store/model_registry/ the registered models and versions, store/artifact/ one repository per
# storage back end, store/workspace/ the workspaces, store/jobs/ + server/jobs/ the job queue
# and executors, store/tracking/gateway|mcp_server_registry|skill_registry/ the mixins of three
# registries with their server APIs, server/auth/ the basic-auth app with its own database,
# server/assistant/ the assistant, server/graphql/, server/otel_api.py the OTLP ingest) at a
# pinned release from PyPI, unpacked as TARGET/mlflow-server/mlflow/{server,store}/... The rest
# of the mlflow wheel (client, flavors, entities, protos, utils, tracing, gateway, genai, CLI)
# is NOT unpacked: only mlflow/__init__.py is kept so that server/ and store/ stay
# subpackages. The built front end (server/js: JavaScript bundles) is dropped, and so is the
# wheel's setup.cfg of entry points (most name modules not unpacked: mlflow.cli, the
# deployment and flavor plug-ins). The Alembic revisions (store/db_migrations,
# server/auth/db/migrations) are kept (strangler skips or the reference ignores them).
# Usage: bench/held_out_fetch/set10/mlflow-server.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="mlflow-server" DIST="mlflow" VERSION="3.18.0" PACKAGES="mlflow" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen10}"
fetch_wheel "$target"
dest="$target/$PROJECT"
find "$dest/mlflow" -mindepth 1 -maxdepth 1 ! -name '__init__.py' ! -name server ! -name store \
    -exec rm -rf {} +
rm -rf "$dest/mlflow/server/js" "$dest/setup.cfg"
echo "$PROJECT: kept mlflow/server and mlflow/store only" \
    "($(find "$dest" -name '*.py' | wc -l) Python files)"
