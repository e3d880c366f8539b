#!/usr/bin/env bash
# Fetch the held-out project dispatch (Netflix/dispatch, incident management: incidents with
# participants, roles, tasks, reports and the timeline, cases, signals and entities, data
# sources and queries, contacts (individuals, teams, services), knowledge (tags, terms,
# documents), cost models, feedback, forms, workflows, notifications, collaboration resources
# (conferences, conversations, tickets, storage) and the plugins that drive them: FastAPI +
# SQLAlchemy). Some sixty domain packages under src/dispatch/ (src layout: src/ is the import
# root), each with models, service, views, flows; the Alembic revisions in
# src/dispatch/database/revisions/ are KEPT (the reference ignores them, `ignore` must match,
# 180 modules ignored with the test plugin); the plugins are registered as entry points in
# pyproject.toml (kept: strangler follows them). The repository root's bin/run.py,
# docs/scripts/generate_api_schema.py and utils/github_utils.py are the reference's singletons.
# Taken at dd2837e8 (2025-09-02: the tip of main in the mirror, the commit the first set's
# git-history sweep cloned), unpacked as the repository tree TARGET/dispatch/{src,bin,docs,
# utils,pyproject.toml,...} (658 modules: 478 scored, 180 ignored, as in
# bench/truth/held_out/dispatch.toml and docs/benchmarks.md). The test folder (tests/) is
# dropped; the front end (src/dispatch/static) and docs are kept.
# Usage: bench/held_out_fetch/set1/dispatch.sh [TARGET]   (default /work/unseen)
set -euo pipefail
PROJECT="dispatch" REPO="Netflix/dispatch" COMMIT="dd2837e82a0bf5565b1b4b4b91ea30b7262d4061"
# shellcheck source=./_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_tree "${1:-/work/unseen}"
