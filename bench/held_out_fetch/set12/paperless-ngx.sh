#!/usr/bin/env bash
# Fetch the held-out project paperless-ngx (paperless-ngx/paperless-ngx, the document management
# system that scans, OCRs, classifies and archives paper documents: Django + Django REST
# Framework + Celery + channels; four apps under src/: documents (the archive: one models
# module with documents, notes, share links, custom fields, saved views, correspondents, tags,
# document types and storage paths as matching objects, workflows and task tracking; one
# views and one serialisers module for the whole REST API; flat modules for the consumption
# pipeline (consumer, barcodes, double_sided, parsers, plugins/), matching and the
# auto-classifier, bulk_edit, sanity_checker, export/, search/ (the Tantivy index),
# workflows/ and templating/), paperless (settings, root URLconf, Celery app, users and
# groups API, the application configuration row, the OCR/Tika/text/mail parsers under
# parsers/), paperless_mail (mail accounts and rules, IMAP fetching) and paperless_ai (LLM
# classification, chat and the vector index)) at a pinned commit of GitHub (no PyPI release),
# unpacked as TARGET/paperless-ngx/{documents,paperless,paperless_mail,paperless_ai}/... with
# manage.py (the contents of src/). The tests/ folders are dropped; the Django migrations
# inside the apps are kept (strangler skips them); src-ui/ (the Angular front end), docs/,
# docker/ and scripts/ are not kept.
# Usage: bench/held_out_fetch/set12/paperless-ngx.sh [TARGET]   (default /work/unseen12)
set -euo pipefail
PROJECT="paperless-ngx" REPO="paperless-ngx/paperless-ngx"
COMMIT="b0e0e8a35373a5d9d588a507cb63c79e50a23403"
PATHS="src/documents src/paperless src/paperless_mail src/paperless_ai src/manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen12}"
fetch_git "$target"
find "$target/$PROJECT" -name tests -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the tests/ folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
