#!/usr/bin/env bash
# Fetch the held-out project shuup (Shuup, the e-commerce platform: Django; LAYERED across its
# top-level packages: shuup/core holds the tables of every concept in models/_<concept>.py
# (products, orders, shops, contacts, suppliers, taxes, shipping and payment methods, baskets,
# manufacturers, categories, attributes, units, currencies, configurations ...) with the
# pricing, taxes, order creator and basket logic beside them; shuup/admin/modules/<area>/ the
# admin of each concept; shuup/front/ the storefront (basket, checkout, apps/<area>:
# registration, customer info, personal order history, saved carts, simple search ...);
# beside them the feature apps with tables of their own: campaigns, discounts, notify,
# simple_cms, gdpr, simple_supplier (stock), customer_group_pricing, tasks, importer and
# default_importer, reports and default_reports, order_printouts, xtheme (the theme engine),
# regions, default_tax, guide, addons; utils/, apps/ (the app framework); shuup_workbench/
# the Django project (settings, URLconf, WSGI)) at a pinned release from PyPI (a wheel: the
# project's last), unpacked as TARGET/shuup/{shuup,shuup_workbench}/... shuup/testing (the
# test-support package: factories, test views and modules) and any test folders are dropped;
# the Django migrations inside the apps are kept (strangler skips them); static files and
# templates come along with the package; shuup_setup_utils (the build helpers) is not kept.
# Usage: bench/held_out_fetch/set14/shuup.sh [TARGET]   (default /work/unseen14)
set -euo pipefail
PROJECT="shuup" DIST="shuup" VERSION="3.1.0" PACKAGES="shuup shuup_workbench" FETCH_SET="set14"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen14}"
fetch_pinned wheel "$target"
rm -rf "$target/$PROJECT/shuup/testing"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped shuup/testing ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
