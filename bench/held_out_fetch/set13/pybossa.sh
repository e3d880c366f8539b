#!/usr/bin/env bash
# Fetch the held-out project pybossa (Scifabric/pybossa, the crowdsourcing and citizen-science
# platform behind Crowdcrafting: Flask + SQLAlchemy + RQ workers; LAYERED by kind:
# pybossa/model/<table>.py one module per table (project, category, task, task run, result,
# user, blog post, announcement, page, helping material, webhook, audit log, counter ...),
# pybossa/repositories/<concept>_repository.py the queries, pybossa/view/<area>.py the
# blueprints of the web app, pybossa/api/<resource>.py the REST API, pybossa/forms the WTForms,
# pybossa/auth/<resource>.py the authorization rules, jobs.py the RQ background jobs, sched.py
# the task schedulers, cache/ the Redis caches per concept, importers/ and exporter/ the task
# importers and exporters, core.py the app factory) at a pinned commit of GitHub (the last of
# its master branch; PyPI has no release of this line), unpacked as TARGET/pybossa/pybossa/...
# with cli.py and run.py. The root test/ folder and the Alembic migrations (alembic/) are not
# kept, nor the default theme (a git submodule), contrib/, provisioning/ and the settings
# templates.
# Usage: bench/held_out_fetch/set13/pybossa.sh [TARGET]   (default /work/unseen13)
set -euo pipefail
PROJECT="pybossa" REPO="Scifabric/pybossa" COMMIT="d6409eeaf5a88ef36d509e70175905e1b8b834e2"
PATHS="pybossa cli.py run.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen13}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
