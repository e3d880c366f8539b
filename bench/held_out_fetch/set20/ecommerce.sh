#!/usr/bin/env bash
# Fetch the held-out project ecommerce (openedx/ecommerce, the Open edX e-commerce service:
# the catalogue of course seats, entitlements and enrollment codes, baskets and checkout,
# orders and their fulfillment (enrolling learners through the LMS), payments (CyberSource,
# PayPal, Stripe, Apple Pay, in-app purchases on Android and iOS), refunds, coupons, vouchers
# and offers (enterprise, program and dynamic offers), invoices: Django + django-oscar +
# Django REST Framework + Celery). It is a django-oscar shop: ecommerce/extensions/<app> are
# the forked oscar apps, each with its own tables (basket, catalogue, checkout, customer,
# offer, order, partner, payment, refund, voucher, communication, analytics, fulfillment,
# iap (in-app purchases), executive_education_2u, experimentation), the forked dashboard
# sub-apps (extensions/dashboard/{catalogue, offers, orders, refunds, users}) and the REST
# API (extensions/api: the shared serializers, authentication, permissions and filters;
# extensions/api/v2/views/<resource> the viewsets and views of every app); beside them the
# edX apps: core/ (site configuration, users, business clients, the model base and the
# shared utilities), courses/ (courses and their publishing to the LMS), enterprise/,
# programs/ (program offers), referrals/, invoice/, coupons/ (the coupon pages), credit/
# (credit checkout), entitlements/, theming/ (site themes), bff/ (the backend-for-frontend
# endpoints of the payment and subscriptions MFEs), management/ (the staff management page),
# sailthru/, notifications/, social_auth/; settings/, urls.py, wsgi.py and celery_app.py
# are the project's roots. Taken at a pinned commit of GitHub (no PyPI release of the
# service), unpacked as TARGET/ecommerce/ecommerce/... with manage.py. The test folders
# (tests/, test/: the root ecommerce/tests and extensions/test factories) and the loose test
# modules (tests.py, theming/test_utils.py) are dropped; the Django migrations inside the apps
# are kept (strangler skips them); the front end (ecommerce/static, ecommerce/templates, the
# sample theme ecommerce/themes), docs, e2e tests, requirements, deployment and docker files
# are not kept.
# Usage: bench/held_out_fetch/set20/ecommerce.sh [TARGET]   (default /work/unseen20)
set -euo pipefail
PROJECT="ecommerce" REPO="openedx/ecommerce" COMMIT="615fdee5b2f1050c058fa1e9b548ee1a86d4cd88"
PATHS="ecommerce manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen20}"
fetch_git "$target"
rm -rf "$target/$PROJECT/ecommerce/static" "$target/$PROJECT/ecommerce/templates" \
    "$target/$PROJECT/ecommerce/themes"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'test_utils.py' \) -delete
echo "$PROJECT: dropped the tests and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
