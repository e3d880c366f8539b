#!/usr/bin/env bash
# Fetch the held-out project mealie (mealie-recipes/mealie, the self-hosted recipe manager and
# meal planner: recipes and their ingredients, foods and units, tags, categories and tools,
# cookbooks, meal plans, shopping lists, households and groups, users, recipe scraping and
# ingredient parsing, imports from other recipe managers, backups: FastAPI + SQLAlchemy +
# Pydantic, LAYERED by kind inside one package: mealie/db/models/<area> (the SQLAlchemy
# tables: recipe/, group/, household/, users/, server/), mealie/schema/<area> (the Pydantic
# schemas), mealie/repos/ (the repositories and the seeders of foods, units and labels),
# mealie/services/<area> (the business logic: recipe, scraper, parser_services, migrations,
# backups_v2, exporter, group_services, household_services, user_services, event_bus_service,
# scheduler, email, openai ...), mealie/routes/<area> (the FastAPI routers: recipe,
# organizers, unit_and_foods, households, groups, users, admin, auth, explore, comments,
# media, parser, app, spa), plus core/ (settings, security, dependencies, config, exceptions),
# pkgs/ (cache, i18n, images, safe HTTP, stats), lang/ (the translations), db/ (engine,
# session, init and fixes) and scripts/) at a pinned commit of GitHub (b5643a9 of 2024-10-24;
# the PyPI wheel is not the repository's layout), unpacked as TARGET/mealie/mealie/... The
# root tests/ folder is not kept (nor any test folder); the Alembic migrations live in the
# root alembic/ folder and are not kept (services/migrations/, the importers of other recipe
# managers, is kept, though a module walk that skips migration folders skips it); the front
# end (frontend/), docs, dev/ scripts and docker files are not kept.
# Usage: bench/held_out_fetch/set15/mealie.sh [TARGET]   (default /work/unseen15)
set -euo pipefail
PROJECT="mealie" REPO="mealie-recipes/mealie" COMMIT="b5643a9399465d8b4ea339e7a6639df2d697741b"
PATHS="mealie"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen15}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
