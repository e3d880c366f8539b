#!/usr/bin/env bash
# Fetch the held-out project flagsmith (Flagsmith/flagsmith, the open-source feature flag and
# remote config service: organisations own projects, projects own environments, features
# (flags with their values, multivariate options, per-environment and per-identity feature
# states, segment overrides, versioning, change requests and scheduled changes), segments
# and their rules, identities and traits; SDK keys and master API keys, audit logs, usage
# analytics, webhooks and third-party integrations: Django + Django REST Framework + the
# Flagsmith task processor, the back end under api/: one Django app per area (organisations/
# (organisations, subscriptions and Chargebee billing, invites), users/ (FFAdminUser,
# user groups), projects/, environments/ (environments, API keys, identities and traits,
# the dynamo wrappers of the edge API), features/ (features, feature states, multivariate,
# feature segments, versioning, workflows (change requests), release pipelines, import),
# segments/, segment_membership/, cohorts/, experimentation/, edge_api/ (the edge identities
# over DynamoDB), app_analytics/ (usage data, InfluxDB and Postgres), audit/, webhooks/,
# integrations/<vendor>/ (one app per integration: Amplitude, Datadog, New Relic, Slack,
# GitHub, GitLab, Grafana, Segment, Mixpanel, Heap, Rudderstack, Webhook, Dynatrace, Launch
# Darkly import ...), api_keys/ (master API keys), custom_auth/ (login, OAuth, MFA),
# permissions/, metadata/, import_export/, sales_dashboard/ (the staff dashboard),
# oauth2_metadata/, trust_relationships/, platform_hub/, onboarding/, telemetry/, sse/,
# clickhouse/, metrics/, e2etests/ (the end-to-end test seeding endpoints), core/ and util/
# (the shared helpers), api/ (the versioned URLconfs) and app/ (the Django project:
# settings, URLconf, WSGI)) at a pinned commit of GitHub (release 2.265.0; the server has
# no PyPI release), unpacked from api/ as TARGET/flagsmith/<app>/... with manage.py, so
# that module names start with the app, e.g. environments.models. The tests/ folders are
# dropped (api/tests/, the unit and integration tests, is not kept); the Django migrations
# inside the apps are kept (strangler skips them); api/scripts/ (the healthcheck and SDK
# version scripts), api/jmeter-tests/, the templates and static files, the front end
# (frontend/), sdk/, mcp/, docs, infrastructure and the docker files are not kept.
# Usage: bench/held_out_fetch/set19/flagsmith.sh [TARGET]   (default /work/unseen19)
set -euo pipefail
PROJECT="flagsmith" REPO="Flagsmith/flagsmith" COMMIT="1ad8487ba7aabedd3cdfbcf3e7d772784d3e1aae"
PATHS="api/api api/api_keys api/app api/app_analytics api/audit api/clickhouse api/cohorts
api/core api/custom_auth api/e2etests api/edge_api api/environments api/experimentation
api/features api/import_export api/integrations api/metadata api/metrics api/oauth2_metadata
api/onboarding api/organisations api/permissions api/platform_hub api/projects
api/sales_dashboard api/segment_membership api/segments api/sse api/telemetry
api/trust_relationships api/users api/util api/webhooks api/manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen19}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" -name conftest.py -delete
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
