#!/usr/bin/env bash
# Fetch the held-out project peering-manager (peering-manager/peering-manager, Peering Manager,
# the BGP session management tool and source of truth for external BGP sessions: autonomous
# systems, Internet Exchange points and their peering sessions, direct sessions (transit,
# customers, private peering), BGP groups, routing policies, communities, relationships, BFD
# profiles, routers and platforms with their Jinja2 configuration templates rendered and
# pushed through NAPALM, e-mail templates and contacts, a local cache of PeeringDB, IX-API
# and NetBox integrations, webhooks, change logging and background jobs: Django + Django REST
# Framework + django-rq, in the style of NetBox: one Django app per area at the repository
# root, each with models, views, URLconf, forms, filtersets, tables and api/ (serializers,
# viewsets, URLconf)): bgp (relationships, communities), core (data sources and files,
# background jobs, the object change log, the system and task pages, the housekeeping,
# migrate and rqworker commands), devices (platforms, routers, configurations, password
# encryption per vendor, the polling and configuration commands), extras (config contexts
# and their assignments, export templates, journal entries, tags, webhooks, IX-API, the
# NetBox client, the webhook workers), messaging (contacts, contact roles and assignments,
# e-mail templates), net (connections, BFD), peering (autonomous systems, BGP groups,
# Internet Exchanges, direct and IX peering sessions, routing policies, the IRR and prefix
# commands), peeringdb (the PeeringDB cache and its sync, hidden peers, network e-mails),
# users (user preferences, API tokens, groups, the login pages), utils (forms, widgets,
# templatetags, filters, validators, paginators, test helpers), webhooks (an empty legacy
# package) and the Django project package peering_manager (settings, URLconf, WSGI/ASGI,
# the REST API base, generic views, base models and feature mixins, tables, the Jinja2
# environment, the authentication backends, the navigation menu and the registry) at a
# pinned commit of GitHub (1d54647 of 2026-06-17, version 1.10.5-dev; no PyPI release of the
# server), unpacked as TARGET/peering-manager/<app>/... with manage.py. The tests/ folders
# of every app are dropped (and their JSON fixtures); utils/testing/ (the shared test
# case bases) comes along (a module walk that skips test folders skips it), and the example
# configurations (peering_manager/configuration.example.py, saml2_config.example.py) come
# along and are ignored by the reference; the Django migrations inside the apps are kept
# (strangler skips them); the root templates/ and project-static/ (the site's templates,
# CSS, JS), docs/ and mkdocs.yaml, scripts/ (the upgrade scripts and a JSON import
# example), logs/, the lock files and the CI files are not kept.
# Usage: bench/held_out_fetch/set16/peering-manager.sh [TARGET]   (default /work/unseen16)
set -euo pipefail
PROJECT="peering-manager" REPO="peering-manager/peering-manager" COMMIT="1d546476fb55c39bc7bf040b486ecd7e4f356347"
PATHS="bgp core devices extras messaging net peering peering_manager peeringdb users utils webhooks manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen16}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
