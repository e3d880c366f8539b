#!/usr/bin/env bash
# Fetch the held-out project oncall (grafana/oncall, Grafana OnCall OSS, the on-call management
# and incident response tool: alert integrations receive alerts from monitoring systems, group
# them into alert groups, route them through escalation chains and notify the people on call by
# schedules over Slack, Telegram, MS Teams (via the chatops proxy), Mattermost, phone calls and
# SMS, e-mail and the mobile app: Django + Django REST Framework + Celery, the back end under
# engine/: engine/apps/ holds the Django apps (alerts: integrations (alert receive channels),
# alerts, alert groups, channel filters (routes), escalation chains and policies, maintenance,
# resolution notes, the escalation and notification tasks; integrations/ (the inbound webhook
# endpoints of each integration kind); schedules/ (on-call schedules: iCal, calendar and web
# schedules, rotations (custom on-call shifts), shift swaps); user_management/ (organizations,
# teams, users, regions); base/ (user notification policies and their log, live settings,
# dynamic settings, the failed-to-invite log); api/ (the internal REST API of the Grafana
# plugin: views/ and serializers/ per resource), public_api/ (the public REST API, likewise),
# webhooks/ (outgoing webhooks and their responses), heartbeat/ (integration heartbeats),
# labels/, slack/, telegram/, mattermost/, chatops_proxy/, email/, phone_notifications/ with
# twilioapp/, exotel/ and zvonok/ (the phone and SMS providers), mobile_app/ (FCM devices and
# push notifications), google/ (Google Calendar out-of-office sync), auth_token/ (API, plugin,
# mobile and Slack tokens), social_auth/, grafana_plugin/ (the plugin's installation and sync
# with Grafana), oss_installation/ (the OSS usage stats and cloud connection), metrics_exporter/
# (Prometheus metrics), api_for_grafana_incident/), engine/common/ (the shared helpers: API
# helpers, the Jinja templater, custom Celery tasks, the insight log, ordered models, cache,
# constants), engine/config_integrations/ (the default templates of each integration kind,
# loaded by name from the settings), engine/engine/ (the Django project: URLconfs, Celery
# app, WSGI, middlewares, management commands) and engine/settings/ (base, dev, helm, hobby,
# ci_test, prod_without_db)) at a pinned commit of GitHub (v1.16.8 plus one commit, in
# maintenance mode; no PyPI release), unpacked from engine/ as
# TARGET/oncall/{apps,common,config_integrations,engine,settings}/... with manage.py, so
# that module names start with apps., common., settings. ... The tests/ folders are dropped
# (engine/conftest.py is not kept); the Django migrations inside the apps are kept
# (strangler skips them); the front end (grafana-plugin/),
# tools/ (the migrators from PagerDuty and others), docs, helm, terraform, dev, the type
# stubs, the static files and the docker files are not kept.
# Usage: bench/held_out_fetch/set18/oncall.sh [TARGET]   (default /work/unseen18)
set -euo pipefail
PROJECT="oncall" REPO="grafana/oncall" COMMIT="3666186a9430dcc65c8ad2999f8353e8fcd298da"
PATHS="engine/apps engine/common engine/config_integrations engine/engine engine/settings engine/manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen18}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" -name conftest.py -delete
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
