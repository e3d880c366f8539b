#!/usr/bin/env bash
# Fetch the held-out project kiwi (kiwitcms/Kiwi, Kiwi TCMS, the open-source test case
# management system: test plans, test cases, test runs and their executions, bugs, products
# with their versions, builds and components, reports and telemetry, bug-tracker integration:
# Django + django-modern-rpc, one package tcms/ with the Django apps testplans (test plans,
# plan types, the plan tree), testcases (test cases, categories, statuses, templates,
# properties, e-mail settings, the bug-tracker configuration), testruns (test runs,
# executions, execution statuses, environments and properties), bugs (Kiwi's own bug
# tracker), management (products, classifications, versions, builds, components,
# priorities, tags), core (the shared base: history, helpers, templatetags, context
# processors, the link references of executions to defects (contrib/linkreference), the
# dashboard, the admin site, middleware, management commands), kiwi_auth (sign-up, profiles,
# password resets, the auth backends), kiwi_attachments (upload validators), rpc (the
# JSON-RPC/XML-RPC API: one module per resource under rpc/api/, with rpc/api/forms/),
# telemetry (the trend and status-matrix reports), issuetracker (Bugzilla, GitHub, GitLab,
# Jira, Redmine, Azure Boards and Kiwi TCMS integrations), utils, settings (common,
# product, devel), urls, wsgi, signals and the xmlrpc wrapper) at a pinned commit of GitHub,
# unpacked as TARGET/kiwi/tcms/... with manage.py. The tests/ and test/ folders are dropped
# (tcms/tests with the factories, every app's tests/, tcms/settings/test); the Django
# migrations inside the apps are kept (strangler skips them); the front end (the static/
# folders, package.json, package-lock.json, webpack.config.js, .eslintrc.js, npm-install),
# the pylint plugin (kiwi_lint/), tcms_settings_dir/ (an empty namespace for local
# settings), the root tests/, docs, helm charts, etc/ and the docker files are not kept.
# Usage: bench/held_out_fetch/set15/kiwi.sh [TARGET]   (default /work/unseen15)
set -euo pipefail
PROJECT="kiwi" REPO="kiwitcms/Kiwi" COMMIT="dfcf75920db11b4cb67bb66b37b378afda5cef32"
PATHS="tcms manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen15}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests -o -name static \) -type d -prune \
    -exec rm -rf {} +
rm -f "$target/$PROJECT/tcms/"{package.json,package-lock.json,webpack.config.js,.eslintrc.js,npm-install}
echo "$PROJECT: dropped the tests and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
