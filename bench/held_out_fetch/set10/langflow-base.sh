#!/usr/bin/env bash
# Fetch the held-out project langflow-base (langflow-ai/langflow's server package, the visual
# builder and runtime of LLM flows; the components and graph engine live in the separate lfx
# package, not fetched: langflow's base/, custom/, inputs/, io/, template/ ... are thin
# re-exports of it). FastAPI + SQLModel + Alembic; LAYERED by kind:
# services/database/models/<entity>/ (model, crud, schemas: users, API keys, flows, flow
# versions, folders = projects, variables, messages, transactions, vertex builds, files,
# deployments and provider accounts, jobs, traces, triggers, knowledge bases, memory bases,
# connections, audit events, authz roles and shares, SSO, policies ...), services/<service>/
# (one package per service with a factory: auth, authorization, audit, database, cache,
# storage, variable, jobs, job_queue, tracing, telemetry, triggers, memory_base,
# knowledge_base_storage, connection, data_subjects, deployment adapters ...), api/v1 and
# api/v2 (one router module per resource, api/utils the helpers), agentic/ (the flow builder
# assistant), initial_setup/ (starter projects), cli/, main.py (the app factory) and
# __main__.py (the CLI)) at a pinned release from PyPI, unpacked as
# TARGET/langflow-base/langflow/... with the entry points kept in setup.cfg. The Alembic
# revisions under langflow/alembic are kept (strangler skips the folder).
# Usage: bench/held_out_fetch/set10/langflow-base.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="langflow-base" DIST="langflow-base" VERSION="1.13.0" PACKAGES="langflow" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen10}"
