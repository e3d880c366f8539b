#!/usr/bin/env bash
# Fetch the held-out project saleor (saleor/saleor, the headless commerce platform: accounts,
# the product catalogue and attributes, channels, checkout, orders, invoices, discounts and
# vouchers, gift cards, payments, shipping, warehouses and stock, taxes, pages, menus, apps,
# webhooks, notifications, site settings, thumbnails: Django + Graphene GraphQL). ONE package,
# saleor/, the project apps of INSTALLED_APPS side by side, each with its GraphQL layer
# saleor/graphql/<app>/, beside saleor/core, saleor/graphql/core and the plugin framework;
# manage.py at the repository root. Taken at 723cd4eb (2026-08-21, version 3.24.0-a.0: the tip
# of main in the mirror, the commit the first set's git-history sweep cloned), unpacked as the
# repository tree TARGET/saleor/{saleor,manage.py,pyproject.toml,...} (1,142 modules, as in
# bench/truth/held_out/saleor.toml). The test folders (saleor/tests and every <app>/tests/)
# are dropped; the Django migrations inside the apps (strangler leaves them out), the e-mail
# templates and conftest.py are kept.
# Usage: bench/held_out_fetch/set1/saleor.sh [TARGET]   (default /work/unseen)
set -euo pipefail
PROJECT="saleor" REPO="saleor/saleor" COMMIT="723cd4eba87dfc72822ade45dc08a3caa548428d"
# shellcheck source=./_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_tree "${1:-/work/unseen}"
