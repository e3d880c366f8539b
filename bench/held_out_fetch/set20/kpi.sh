#!/usr/bin/env bash
# Fetch the held-out project kpi (kobotoolbox/kpi, the server of KoboToolbox, the survey and
# field data collection platform of humanitarian organisations: form building in XLSForm,
# asset and library management, sharing and permissions, deployment of forms to the
# OpenRosa server and collection of submissions, exports, imports, REST services, billing
# and organisations: Django + Django REST Framework + Celery; kpi/ is the original app laid
# out by kind (models/ (assets, versions, snapshots, files, export and import tasks,
# permissions, tags, authorized applications, one-time keys), views/ (v1 and v2 API
# viewsets), serializers/, tasks, deployment_backends/ (the OpenRosa backend), permissions,
# filters, fields/, mixins/, utils/, management/commands), kobo/apps/<app> the newer Django
# apps (accounts, audit_log, hook (REST services), help (in-app messages), languages,
# organizations, project_ownership (transfers), subsequences (transcripts, translations,
# QA), stripe (billing), superuser_stats, trash_bin, openrosa (the former KoboCAT: forms,
# submissions, attachments, the OpenRosa endpoints), kobo_auth, kobo_scim, mass_emails,
# long_running_migrations, project_views, user_reports, trackers (usage counters) ...),
# kobo/ the settings, root URLconf, Celery app and WSGI, and hub/ the admin extensions, site
# settings and extra user details) at a pinned commit of GitHub (no PyPI release of the
# server), unpacked as TARGET/kpi/{kpi,kobo,hub}/... with manage.py. The tests/ and test/
# folders are dropped (the root test/ and conftest.py are not kept); the Django migrations
# inside the apps are kept (strangler skips them); the front end (jsapp/, static/, webpack,
# the Storybook and JS tooling), docs/, scripts/, dependencies/, locale/, docker/ and the
# Dockerfile are not kept. kobo/ is exported level by level down to the former KoboCAT's
# logger app, without kobo/apps/openrosa/apps/logger/fixtures/ (test submissions and their
# attachments; one attachment blob is not in the mirror, so archiving kobo/ whole fails) and
# without kobo/apps/openrosa/docs/ and its README/LICENSE files.
# Usage: bench/held_out_fetch/set20/kpi.sh [TARGET]   (default /work/unseen20)
set -euo pipefail
PROJECT="kpi" REPO="kobotoolbox/kpi" COMMIT="2e5efb0172e64fc8c8de222039f2aa02c6d6be8e"
PATHS="kpi hub manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen20}"
fetch_git "$target"
PROJECT="kpi/kobo" PATHS="kobo/__init__.py kobo/celery.py kobo/settings kobo/static_lists.py
    kobo/urls.py kobo/wsgi.py" fetch_git "$target"
PROJECT="kpi/kobo/apps" PATHS="kobo/apps/__init__.py kobo/apps/accounts kobo/apps/audit_log
    kobo/apps/beat kobo/apps/data_collectors kobo/apps/external_integrations
    kobo/apps/form_disclaimer kobo/apps/help kobo/apps/hook kobo/apps/kobo_auth
    kobo/apps/kobo_scim kobo/apps/languages kobo/apps/long_running_migrations
    kobo/apps/markdownx_uploader kobo/apps/mass_emails kobo/apps/organizations
    kobo/apps/project_ownership kobo/apps/project_views kobo/apps/reports
    kobo/apps/service_health kobo/apps/storage_backends kobo/apps/stripe kobo/apps/subsequences
    kobo/apps/superuser_stats kobo/apps/trackers kobo/apps/trash_bin kobo/apps/user_reports" \
    fetch_git "$target"
PROJECT="kpi/kobo/apps/openrosa" PATHS="kobo/apps/openrosa/__init__.py
    kobo/apps/openrosa/koboform kobo/apps/openrosa/libs kobo/apps/openrosa/schema_extensions" \
    fetch_git "$target"
PROJECT="kpi/kobo/apps/openrosa/apps" PATHS="kobo/apps/openrosa/apps/__init__.py
    kobo/apps/openrosa/apps/api kobo/apps/openrosa/apps/apps.py
    kobo/apps/openrosa/apps/django_digest_backends kobo/apps/openrosa/apps/main
    kobo/apps/openrosa/apps/storage_backends kobo/apps/openrosa/apps/viewer" fetch_git "$target"
L="kobo/apps/openrosa/apps/logger"
PROJECT="kpi/$L" PATHS="$L/__init__.py $L/admin.py $L/app.py $L/constants.py $L/exceptions.py
    $L/factory.py $L/fields.py $L/import_tools.py $L/management $L/migrations $L/models
    $L/signals.py $L/tasks.py $L/templates $L/utils $L/views.py $L/xform_fs.py
    $L/xform_instance_parser.py" fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
