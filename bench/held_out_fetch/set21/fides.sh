#!/usr/bin/env bash
# Fetch the held-out project fides (ethyca/fides, the privacy-engineering platform: the data
# map of systems, datasets and the fideslang taxonomy (data categories, uses, subjects), the
# connections to the databases and SaaS apps that hold personal data, privacy requests
# (access, erasure and consent requests: DSRs) run as a graph of request tasks over the
# datasets with masking strategies and manual tasks, consent (privacy notices, experiences,
# preferences, the TCF), messaging and storage destinations, users, roles and OAuth clients:
# FastAPI + SQLAlchemy + Celery + pydantic; ONE package, src/fides, laid out by KIND:
# api/models/<table> (the SQLAlchemy tables, with api/models/sql_models.py for the data-map
# tables and sub-packages privacy_request/, policy/, rbac/, detection_discovery/, digest/,
# manual_task/, conditional_dependency/, v3/), api/schemas/<area> (the pydantic schemas, with
# connection_configuration/ one module per connector type, saas/, messaging/, storage/,
# masking/), api/service/<area> (the business logic: connectors/ one module per database and
# the SaaS request machinery, masking/strategy, messaging, storage, authentication/,
# privacy_request/, async_dsr/, processors/, pagination/), api/task/ (the DSR graph
# execution, manual tasks and conditional dependencies), api/graph/ (the dataset graph),
# api/tasks/ (the Celery app and scheduled jobs), api/v1/endpoints/<resource> (the REST
# routes, one router per resource) beside api/app_setup.py and api/main.py (the FastAPI app),
# api/db/ (the session, the base and the generic CRUD of the data-map resources), api/oauth/,
# api/util/, api/cryptography/, api/email_templates/; service/<area> (the newer service
# layer: connection, dataset, privacy_request, system, taxonomy, user, messaging, jira, pbac
# (purpose-based access control)); system_integration_link/ (a vertical slice: models,
# repository, service, routes); core/ and cli/ (the `fides` CLI: push, pull, evaluate,
# annotate, scan, deploy), config/ (the settings), common/ (cache, scope and URN registries,
# 1Password client), connectors/ (the CLI's AWS, BigQuery and Okta scanners) and data/ (the
# sample project and the location and language lists) at a pinned commit of GitHub: f94a81b
# of 2026-04-29, the commit of release 2.84.2, unpacked as TARGET/fides/fides/.... Kept: the
# src/fides package only, with its e-mail templates, the sample project and its data files;
# the Alembic migrations (api/alembic/migrations) and the post-upgrade backfills
# (api/migrations) are kept (strangler skips the folders). The package has no tests folder;
# the root tests/, the front ends (clients/: the admin UI, the privacy center, fides-js, the
# sample app), policy-engine/ (the Go PBAC engine, libpbac) and pbac/ (its YAML and JSON
# fixtures), docs/, scripts/, noxfiles/, qa/, data/, demo_resources/, docker/ and the
# Dockerfile are not kept.
# Usage: bench/held_out_fetch/set21/fides.sh [TARGET]   (default /work/unseen21)
set -euo pipefail
PROJECT="fides" REPO="ethyca/fides" COMMIT="f94a81bce99f6f07bd6eae61172b5c84417f2610"
PATHS="src/fides"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen21}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
