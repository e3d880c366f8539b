#!/usr/bin/env bash
# Fetch the held-out project mediacms (mediacms-io/mediacms, MediaCMS, the self-hosted video
# and media CMS: media uploads (video, audio, image, PDF) with chunked uploads, transcoding
# through encoding profiles into HLS and several resolutions, thumbnails, sprites and
# Whisper transcriptions, subtitles and chapters, categories, tags and licenses, comments,
# likes, ratings and reports, playlists, static pages, users and channels, role-based access
# (RBAC groups and their categories), SAML and other identity providers, LTI 1.3 for learning
# management systems (Moodle), a REST API documented through Swagger: Django + Django REST
# Framework + Celery + a React front end) at a pinned commit of GitHub (90b9fad of 2026-06-24;
# no PyPI release of the server), unpacked as TARGET/mediacms/... with manage.py. The layout
# is one Django project package, cms/ (settings, the root URLconf, WSGI, the Celery app, the
# DRF pagination and permissions, the auth backend and middleware), over Django apps at the
# repository root: files/ (the core: media and everything hanging off it, with models/<table>,
# views/<area>, serializers, forms, admin, the Celery tasks, helpers and methods, the RSS
# feeds, the management views and the frontend_translations/ string tables), users/ (users,
# channels, notifications; the user pages and API), actions/ (the media actions log: views,
# likes, reports), rbac/ (RBAC groups and memberships), identity_providers/ (the login
# options and the provider-to-group and category mappings), saml_auth/ (the SAML
# configuration tables, the adapter and custom/ login views), lti/ (LTI 1.3 platforms,
# launches, deep linking, grade sync), uploader/ (the fine-uploader chunked upload endpoint)
# and admin_customizations/ (the admin index ordering).
# The root tests/ folder, files/tests/ (its account helper) and the empty tests.py stubs
# beside the apps are not kept; the Django migrations inside the apps are kept (strangler
# skips them); cli-tool/ (a stand-alone API client script), deploy/ (docker and install
# scripts, a docker local_settings), lms-plugins/ (the Moodle plugin, PHP), frontend/ and
# frontend-tools/ (React), templates/, static/, media_files/, fixtures/, docs/ and the docker
# files are not kept.
# Usage: bench/held_out_fetch/set16/mediacms.sh [TARGET]   (default /work/unseen16)
set -euo pipefail
PROJECT="mediacms" REPO="mediacms-io/mediacms" COMMIT="90b9fad55bc7e93827956b53822a4b520bf999b9"
PATHS="cms files users actions rbac identity_providers saml_auth lti uploader admin_customizations manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen16}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'test_*.py' -o -name conftest.py \) -delete
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
