#!/usr/bin/env bash
# Fetch the held-out project tandoor (TandoorRecipes/recipes, Tandoor Recipes, the self-hosted
# recipe manager: recipes with their steps and ingredients, foods, units and unit conversions,
# keywords, nutrition properties, cookbooks, meal plans, shopping lists and supermarkets,
# spaces (tenants) with their users, invites and share links, recipe import from websites and
# from other recipe managers, storage sync with Dropbox, Nextcloud and local folders, AI
# assistance, Home Assistant connectors: Django + Django REST Framework, LAYERED by kind
# inside ONE Django app: cookbook/models.py holds every table, cookbook/serializer.py every
# serializer, cookbook/views/api.py every REST viewset (the router in cookbook/urls.py),
# cookbook/views/views.py the server-rendered pages, forms.py, admin.py, signals.py and
# managers.py over all of them, beside the packages helper/ (search, shopping, ingredient
# parsing, URL import, unit conversion, properties, permissions, AI, open data ...),
# integration/ (the importers and exporters of other recipe managers), provider/ (the
# storage backends), connectors/ (Home Assistant), management/commands/ and templatetags/;
# the Django project package recipes/ holds settings, URLconf, middleware and WSGI) at a
# pinned commit of GitHub (d206edd of 2026-07-01; no PyPI release of the server), unpacked
# as TARGET/tandoor/{recipes,cookbook,manage.py}. The tests/ folders are dropped; the Django
# migrations are kept (strangler skips them); recipes/test_settings.py is kept (the reference
# ignores it); the front end is not kept (the vue3/ sources, and cookbook/static, the built
# Vue bundles, fonts, themes and vendored JS, is removed after unpacking; the Django templates
# and translations inside cookbook/ stay, no Python), nor docs, scripts/, the root plugin.py
# and version.py, nginx, http.d, boot.sh and the docker files.
# Usage: bench/held_out_fetch/set15/tandoor.sh [TARGET]   (default /work/unseen15)
set -euo pipefail
PROJECT="tandoor" REPO="TandoorRecipes/recipes" COMMIT="d206eddbd32bd3c40feff70ad780b0f91f325eaa"
PATHS="recipes cookbook manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen15}"
fetch_git "$target"
rm -rf "$target/$PROJECT/cookbook/static"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
