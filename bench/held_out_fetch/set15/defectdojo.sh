#!/usr/bin/env bash
# Fetch the held-out project defectdojo (DefectDojo/django-DefectDojo, OWASP DefectDojo, the
# application-security vulnerability manager: product types, products and their engagements,
# tests and findings imported from some 260 security scanners, endpoints and locations,
# risk acceptances, JIRA sync, notifications, reports, questionnaires, metrics: Django +
# Django REST Framework + Celery, ONE Django app `dojo`): dojo/models.py holds most tables in
# one module (products, engagements, tests, findings, endpoints, users, system settings, JIRA
# configuration, tools, notes, files, risk acceptances, benchmarks ...), while the newer
# concerns have packages of their own with their models.py and a ui/ and api/ pair (location,
# url, asset, organization, announcement, banner, note_type, tool_type, ...);
# dojo/<concern>/ holds each concern's views, forms, queries, signals and helpers (product,
# product_type, engagement, test, finding, finding_group, endpoint, risk_acceptance, jira,
# notifications, reports, survey, user, metrics, ...), dojo/api_v2/ the REST API (one big
# serializers and views module plus the permissions, prefetch and mixins), dojo/tools/ the
# scanner-report parsers (one subpackage per scanner tool, about 620 modules), dojo/importers/
# the import and reimport machinery, dojo/authorization/ the role-based permissions,
# dojo/management/commands/ the maintenance commands, dojo/settings/ the settings (with
# dojo/urls.py, wsgi.py, celery.py) at a pinned commit of GitHub (no PyPI release of the
# server), unpacked as TARGET/defectdojo/dojo/... with manage.py. The repository's unittests/
# and tests/ (integration tests), docs/, readme-docs/, docker/, helm/, nginx/, components/
# (the node front-end packages) and scripts are not kept; dojo/static/ (the front-end CSS,
# JS and fonts) is not kept, nor dojo/fixtures/ (JSON data; its two sample-data dumps are not
# in the mirror, so dojo/ is exported child by child); the Django migrations
# (dojo/db_migrations/, the app's MIGRATION_MODULES) are kept, but strangler's walk does not
# know that folder name, so the reference ignores them; the templates and locale come along
# with the package. NOTE: dojo/test/ is NOT a tests folder but the concern of the Test table
# (a scan's results in an engagement), so only folders named `tests` are pruned (there are
# none inside dojo/) and dojo/test/ is kept (strangler's walk skips it by its name all the
# same).
# Usage: bench/held_out_fetch/set15/defectdojo.sh [TARGET]   (default /work/unseen15)
set -euo pipefail
PROJECT="defectdojo" REPO="DefectDojo/django-DefectDojo" COMMIT="7cfa159a6767b0ac6e66f3b1597a997e607e7308"
PATHS="manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen15}"
fetch_git "$target"
# dojo/ is exported child by child, without static/ (front end) and fixtures/ (its sample-data
# dumps, defect_dojo_sample_data*.json, are not in the mirror, so archiving dojo/ whole fails).
PROJECT="defectdojo/dojo" PATHS="dojo/__init__.py dojo/admin.py dojo/announcement
    dojo/api_helpers dojo/api_v2 dojo/apps.py dojo/asset dojo/auditlog dojo/authorization
    dojo/banner dojo/base_models dojo/benchmark dojo/caching.py dojo/celery.py
    dojo/celery_dispatch.py dojo/checks.py dojo/cicd_infrastructure dojo/components
    dojo/context_processors.py dojo/db_migrations dojo/decorators.py
    dojo/development_environment dojo/endpoint dojo/engagement dojo/file_uploads
    dojo/filters.py dojo/finding dojo/finding_group dojo/forms.py dojo/github dojo/home
    dojo/importers dojo/jira dojo/labels.py dojo/locale dojo/location dojo/management
    dojo/metrics dojo/middleware.py dojo/models.py dojo/note_type dojo/notes
    dojo/notifications dojo/object dojo/organization dojo/pghistory_models.py
    dojo/pghistory_utils.py dojo/product dojo/product_announcements.py dojo/product_type
    dojo/query_utils.py dojo/regulations dojo/reports dojo/request_cache
    dojo/risk_acceptance dojo/scans dojo/search dojo/settings dojo/signals.py
    dojo/sla_config dojo/survey dojo/system_settings dojo/tags dojo/tasks.py
    dojo/template_loaders.py dojo/templates dojo/templates_classic dojo/templatetags
    dojo/test dojo/test_type dojo/tool_config dojo/tool_product dojo/tool_type dojo/tools
    dojo/uploads dojo/url dojo/urls.py dojo/user dojo/utils.py dojo/utils_cascade_delete.py
    dojo/utils_ssrf.py dojo/utils_watson_prefetch.py dojo/validators.py dojo/views.py
    dojo/vulnerability dojo/widgets.py dojo/wsgi.py" fetch_git "$target"
find "$target/$PROJECT" -name tests -type d -prune -exec rm -rf {} +
echo "$PROJECT: kept dojo/ without static/ and fixtures/ ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
