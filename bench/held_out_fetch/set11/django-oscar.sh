#!/usr/bin/env bash
# Fetch the held-out project django-oscar (django-oscar/django-oscar, the e-commerce framework
# shipped as a set of Django apps that a shop forks: Django, one app per commerce concept under
# oscar/apps/ (catalogue with product reviews, partner = stock records, basket, checkout, order,
# offer with ranges and conditions, voucher, shipping, payment, address, customer with alerts
# and notifications, communication, analytics, wishlists, search), each with abstract_models.py
# + models.py, and one dashboard app whose sub-apps (oscar/apps/dashboard/<concept>/) are the
# staff views of those concepts; oscar/core (the app loading and settings machinery), forms,
# models (fields), templatetags, views and utils beside them) at a pinned release from PyPI,
# unpacked as TARGET/django-oscar/oscar/... The wheel has no entry points. oscar/test (the test
# factories and helpers shipped for shops) is kept and ignored by the reference.
# Usage: bench/held_out_fetch/set11/django-oscar.sh [TARGET]   (default /work/unseen11)
set -euo pipefail
PROJECT="django-oscar" DIST="django-oscar" VERSION="4.2.1" PACKAGES="oscar" FETCH_SET="set11"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen11}"
