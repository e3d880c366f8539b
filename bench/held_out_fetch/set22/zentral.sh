#!/usr/bin/env bash
# Fetch the held-out project zentral (zentralopensource/zentral, the Apple device management
# and endpoint security platform: an MDM server for macOS, iOS and tvOS (enrollments, DEP,
# blueprints, artifacts, profiles, enterprise apps, software updates, FileVault and recovery
# passwords, commands), the orchestration of the open-source agents Munki, Osquery and Santa
# (their enrollments, configurations, packs, queries, rules and targets), Monolith (a Munki
# repository server), a unified machine inventory fed by every source (MDM, agents, Jamf,
# Puppet, Google Workspace), compliance checks, probes and incidents, and the event pipeline
# (queues and stores: Elasticsearch, OpenSearch, Splunk, Datadog, Kinesis, ClickHouse ...):
# Django + Django REST Framework + Celery; laid out by Django app in two import roots:
# server/ (the Django project, its folder holding manage.py: server/ (settings, URLconf,
# Celery app, WSGI), accounts/ (users, groups, API tokens), realms/ (SSO realms: LDAP, SAML,
# OpenID Connect, SCIM), base/ (base views, the notifier, template tags), pbac/ (the Cedar
# policy engine)) and zentral/ (core/ (events, queues, stores, probes, incidents,
# compliance_checks, secret_engines, terraform), contrib/ (inventory, mdm, munki, osquery,
# santa, monolith, jamf, puppet, google_workspace, turbo), utils/ and conf/)) at the pinned
# release v2026.5.2 of GitHub (commit fba0924 of 2026-08-21), unpacked as
# TARGET/zentral/zentral/... and TARGET/zentral/server/... (server/ keeps manage.py, so it
# is an import root, as on the servers). Kept: zentral/ and server/ with the Django
# templates; the Django migrations inside the apps are kept (strangler skips them). The
# package has no test folders (the root tests/ is not kept); ee/ (the extra realms
# backends, event stores and the Intune and Workspace ONE apps under the Zentral Pro
# Edition License, not Apache 2), server/static and server/static_src (the front-end
# assets), docs/, conf/ (the deployment configurations), the docker-compose files,
# docker-entrypoint.py and the Dockerfile are not kept.
# Usage: bench/held_out_fetch/set22/zentral.sh [TARGET]   (default /work/unseen22)
set -euo pipefail
PROJECT="zentral" REPO="zentralopensource/zentral"
COMMIT="fba092467fbbd105005764af960080c25200b392"
PATHS="zentral server"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen22}"
fetch_git "$target"
rm -rf "$target/$PROJECT/server/static" "$target/$PROJECT/server/static_src"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
