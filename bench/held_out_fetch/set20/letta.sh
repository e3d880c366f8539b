#!/usr/bin/env bash
# Fetch the held-out project letta (letta-ai/letta, formerly MemGPT: the server of stateful LLM
# agents with self-editing memory: agents and their core-memory blocks, the message history,
# tools (Python, Composio, MCP) run in sandboxes (local, E2B, Modal), archival memory
# (passages, archives), data sources with their files and folders, identities, multi-agent
# groups (round robin, supervisor, dynamic, sleep-time), LLM and embedding providers, jobs,
# runs, steps and batch LLM jobs: FastAPI + SQLAlchemy (Postgres/pgvector or SQLite) +
# pydantic; ONE package, letta/, laid out by KIND: orm/<table> (the SQLAlchemy tables, with
# the association tables blocks_agents, tools_agents, sources_agents, files_agents,
# groups_agents, identities_agents ...), schemas/<area> (the pydantic schemas, with
# schemas/providers/<vendor> and schemas/openai/), services/<area>_manager (the business
# logic and data access, one manager per domain, with services/{file_processor,
# tool_executor, tool_sandbox, mcp, summarizer, context_window_calculator, helpers}/),
# server/rest_api/routers/v1/<area> (the REST routes, one router per resource) beside
# server/server.py (the SyncServer over every manager), server/rest_api/app.py (the FastAPI
# app) and server/ws_api/, agents/ (the agent loops: letta_agent, voice, batch, ephemeral),
# groups/ (the multi-agent loops), llm_api/ (the clients of each LLM vendor), local_llm/
# (local model back ends and prompt wrappers), functions/ (tool schema generation, the
# built-in function sets, the MCP client types), adapters/, interfaces/ (streaming),
# jobs/ (the batch-job scheduler), helpers/, serialize_schemas/ (agent export/import),
# otel/ (telemetry), plugins/, prompts/, data_sources/, cli/, client/, and top-level
# modules: agent.py (the legacy agent loop), memory.py, settings.py, config.py,
# constants.py, utils.py, main.py) at a pinned commit of GitHub: 48b5722 of 2025-09-09, the
# last commit BEFORE the repository was archived (its HEAD deletes the code), unpacked as
# TARGET/letta/letta/.... Kept: the letta/ package only (it has no tests folder; its prompt,
# persona and template text files stay). The built web front end inside the package
# (letta/server/static_files/) is dropped; the tests (tests/), examples/,
# paper_experiments/, performance_tests/, scripts/, the Alembic migrations (alembic/), the
# sandbox/ and otel/ deployment folders of the repository root, prompts/ of the root, docs,
# the docker and compose files and the root main.py are not kept.
# Usage: bench/held_out_fetch/set20/letta.sh [TARGET]   (default /work/unseen20)
set -euo pipefail
PROJECT="letta" REPO="letta-ai/letta" COMMIT="48b5722095ffd288204bb0ed184b3e08de54d829"
PATHS="letta"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen20}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/letta/server/static_files"
echo "$PROJECT: dropped the tests and the built front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
