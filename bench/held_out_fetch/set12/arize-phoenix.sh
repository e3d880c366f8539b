#!/usr/bin/env bash
# Fetch the held-out project arize-phoenix (Arize-ai/phoenix, the open-source AI observability
# and evaluation platform: FastAPI + Strawberry GraphQL + async SQLAlchemy + a gRPC OTLP
# collector; LAYERED by kind over ONE models module: phoenix/db/models.py holds every table
# (projects, sessions, traces, spans, annotations and annotation configs, datasets with
# versions, examples and splits, experiments with runs, tags and jobs, evaluators and
# sandboxes, prompts with versions and labels, generative models, token prices and span
# costs, users, roles, tokens and API keys, secrets, agent sessions ...); the GraphQL layers
# hold one module per type or concern (server/api/types/<Type>, input_types/<Input>,
# dataloaders/<loader>, mutations/<area>_mutations, helpers/), the REST API one router per
# resource (server/api/routers/v1/<resource>); server/agents (the in-app assistant),
# server/mcp (the MCP server), server/sandbox (code evaluator backends), server/cost_tracking,
# server/experiments, server/daemons beside them; trace/ the span model, OTLP decoding and
# the span query DSL) at a pinned release from PyPI, unpacked as TARGET/arize-phoenix/phoenix/...
# phoenix/session (the notebook launcher, client side: the server never imports it) and
# server/static (the built front end) are dropped; the wheel's entry points are kept in
# setup.cfg. The Alembic migrations under phoenix/db/migrations are kept (strangler skips
# them).
# Usage: bench/held_out_fetch/set12/arize-phoenix.sh [TARGET]   (default /work/unseen12)
set -euo pipefail
PROJECT="arize-phoenix" DIST="arize-phoenix" VERSION="20.26.1" PACKAGES="phoenix" FETCH_SET="set12"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen12}"
fetch_wheel "$target"
rm -rf "$target/$PROJECT/phoenix/session" "$target/$PROJECT/phoenix/server/static"
echo "$PROJECT: dropped session/ and the built front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
