#!/usr/bin/env bash
# Fetch the held-out project argilla-server (argilla-io/argilla's server, the data labelling
# platform's back end: FastAPI + async SQLAlchemy + Alembic, with Elasticsearch/OpenSearch as
# its search engine and rq jobs; LAYERED by kind: models/database.py holds every table
# (workspaces, users, datasets, fields, questions, metadata properties, vectors settings,
# records, responses, suggestions, vectors, webhooks), contexts/<concern>.py the logic,
# api/handlers/v1/<resource>.py the routes, api/schemas/v1/<resource>.py the pydantic schemas,
# api/policies/v1/<resource>_policy.py the authorisation, plus search_engine/, jobs/, webhooks/,
# bulk/, security/ and cli/) at a pinned release from PyPI, unpacked as
# TARGET/argilla-server/argilla_server/... with the entry points kept in setup.cfg.
# Usage: bench/held_out_fetch/set8/argilla-server.sh [TARGET]   (default /work/unseen8)
set -euo pipefail
PROJECT="argilla-server" DIST="argilla-server" VERSION="2.8.0" PACKAGES="argilla_server" FETCH_SET="set8"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen8}"
