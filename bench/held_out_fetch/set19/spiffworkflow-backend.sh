#!/usr/bin/env bash
# Fetch the held-out project spiffworkflow-backend (sartography/spiff-arena, the backend of
# SpiffArena, the BPMN workflow platform: process groups and process models (BPMN and DMN
# files kept on disk and in git), process instances run by the SpiffWorkflow engine, their
# tasks, events, metadata and reports, human tasks assigned to users and groups, BPMN messages
# and their correlations, secrets, data stores, service tasks through a connector proxy,
# users, groups and permissions with OpenID authentication: Flask + Connexion (one OpenAPI
# spec, api.yml, whose operationIds point at routes/<area>_controller) + SQLAlchemy + Celery /
# APScheduler; laid out BY KIND in one package: models/<table> (one module per table),
# routes/<area>_controller, services/<area>_service, scripts/ (the functions BPMN script tasks
# may call), background_processing/ (the Celery and APScheduler workers), data_stores/,
# data_migrations/, config/, helpers/, utils/, exceptions/) at a pinned commit of GitHub (the
# project is not released on PyPI), unpacked as TARGET/spiffworkflow-backend/
# spiffworkflow_backend/... . The repository is a monorepo: only the application package,
# spiffworkflow-backend/src/spiffworkflow_backend, is kept (with its api.yml, templates and
# permission YAML files). Not kept: spiffworkflow-backend/tests/, conftest.py, the Alembic
# migrations/ folder beside src/ (outside the package), bin/ (maintenance scripts), app.py and
# spiff_web_server.py (thin launchers outside the package), keycloak/, local_wheels/,
# ast-grep/, the Docker files; the front end (spiffworkflow-frontend/), the connector proxies
# (connector-proxies/, connector-proxy-demo/), spiff-arena-common/, docs/ and bin/ of the
# monorepo. The package holds no tests folder; the test-support modules inside it
# (config.unit_testing, services.acceptance_test_fixtures ...) are kept as shipped.
# Usage: bench/held_out_fetch/set19/spiffworkflow-backend.sh [TARGET]   (default /work/unseen19)
set -euo pipefail
PROJECT="spiffworkflow-backend" REPO="sartography/spiff-arena"
COMMIT="d7678cf75bd1bc1b6dd0d05ba54c0f0dfa730952"
PATHS="spiffworkflow-backend/src/spiffworkflow_backend:spiffworkflow_backend"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen19}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
