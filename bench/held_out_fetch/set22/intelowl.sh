#!/usr/bin/env bash
# Fetch the held-out project intelowl (intelowlproject/IntelOwl, the threat-intelligence
# platform that enriches observables (IPs, domains, URLs, hashes) and files through a
# framework of plugins: analyzers that query external services or run local malware tools,
# connectors that export to MISP, OpenCTI and others, pivots that chain analyses,
# visualizers of the results, ingestors of feeds, playbooks, data models of the results, the
# evaluation engine, investigations, user evaluations of observables, plugin parameters and
# secrets per user and organization: Django + Django REST Framework + Celery + channels +
# treebeard; laid out by Django APP: api_app/ (the core app: jobs, tags, comments, the plugin
# registry and configuration tables and the abstract config and report bases, laid out by
# kind: models.py, queryset.py, views.py, serializers/, admin.py, signals.py, the management
# commands) with its sub-apps api_app/<kind>_manager (analyzers, connectors, visualizers,
# ingestors, pivots, playbooks, investigations, data_model, engines, analyzables,
# user_events: each with its models, serializers, views, urls and, for the plugin kinds, a
# folder of the plugins), authentication/ (user profiles, login, registration, OAuth) and
# intel_owl/ (the settings, the root URLconf, ASGI/WSGI, the Celery app and its tasks)) at a
# pinned commit of GitHub: 5d42723 of 2025-05-19, the commit of release v6.4.0, unpacked as
# TARGET/intelowl/{api_app,authentication,intel_owl,manage.py}. Chosen in place of
# onyx-dot-app/onyx, whose backend/onyx has 1,177 modules without tests at release v4.6.1
# (over the 1,000-module ceiling). Kept: api_app/, authentication/ (an INSTALLED_APPS app of
# the same server, with its e-mail templates), intel_owl/ and manage.py; the Django
# migrations inside the apps are kept (strangler skips them). The kept folders have no test
# folder at this commit (the find below is a guard); the root tests/, the front end
# (frontend/), integrations/ (the separate Docker services of the heavy analyzers: Flask
# apps of their own), configuration/ (the deployer's LDAP and RADIUS settings, nginx,
# RabbitMQ, Elasticsearch mappings and CyberChef recipes), docker/, static/, requirements/,
# the start and initialize scripts and the .github workflows are not kept.
# Usage: bench/held_out_fetch/set22/intelowl.sh [TARGET]   (default /work/unseen22)
set -euo pipefail
PROJECT="intelowl" REPO="intelowlproject/IntelOwl"
COMMIT="5d4272386e013eb2f9d8f447a28b3c9927a8a0ac"
PATHS="api_app intel_owl authentication manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen22}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
