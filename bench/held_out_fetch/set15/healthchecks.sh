#!/usr/bin/env bash
# Fetch the held-out project healthchecks (healthchecks/healthchecks, the cron job monitoring
# service behind healthchecks.io: it listens for HTTP and e-mail pings from cron jobs and
# scheduled tasks ("checks") and sends alerts through 30-odd integrations when a ping is late:
# Django, no Celery (long-running management commands: sendalerts, sendreports, smtpd); one
# Django project package hc/ with the apps accounts (users, profiles, projects, team members,
# credentials, the login and settings pages), api (checks, pings, flips, channels,
# notifications, the ping and REST API endpoints, the alert transports' base and the
# sendalerts/sendreports/smtpd commands), front (the dashboard, check and channel pages, the
# docs pages and their search), logs (the application log records), payments (subscriptions),
# integrations/<name>/ (one app per notification channel type: e-mail, webhook, Slack,
# Telegram, PagerDuty, Signal, ... each with its transport, forms, views, URLconf, templates
# and icons), lib/ (badges, dates, e-mail, S3 ping bodies, signing, WebAuthn ...) and the
# settings, URLconf and WSGI) at a pinned commit of GitHub (no PyPI release of the server),
# unpacked as TARGET/healthchecks/hc/... with manage.py. The tests/ folders and the test
# module beside the code (logs/tests.py) are dropped; hc/test.py (the shared BaseTestCase)
# comes along and is ignored by the reference; the Django migrations inside the apps are kept
# (strangler skips them); the integrations' templates and icons come along with the package;
# the root templates/ and static/ (the site's templates, CSS, JS, fonts), docker/, stuff/,
# search.db and the CI files are not kept.
# Usage: bench/held_out_fetch/set15/healthchecks.sh [TARGET]   (default /work/unseen15)
set -euo pipefail
PROJECT="healthchecks" REPO="healthchecks/healthchecks" COMMIT="29b5ec251059034b79e0120e2ff0c3e35d7bd9f8"
PATHS="hc manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen15}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'test_*.py' -o -name conftest.py \) -delete
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
