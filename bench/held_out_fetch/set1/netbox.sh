#!/usr/bin/env bash
# Fetch the held-out project netbox (netbox-community/netbox, the network source of truth:
# sites, racks and devices with their cabling (dcim), IP addressing and VLANs (ipam),
# circuits, virtualization, VPN and wireless, tenancy, users and tokens, custom fields,
# scripts, webhooks and event rules (extras), data sources, jobs and the change log (core):
# Django + Django REST Framework + Strawberry GraphQL). The project apps of INSTALLED_APPS
# (core, account, circuits, dcim, ipam, extras, tenancy, users, virtualization, vpn, wireless)
# sit side by side in netbox/, the folder of manage.py and the import root, beside the
# framework packages netbox/netbox (settings, URLconf, base models, generic views, API and
# GraphQL base, plugin framework) and netbox/utilities. Taken at 43fe81f9 (2026-08-22, the
# commit named in bench/truth/held_out/netbox.toml and docs/benchmarks.md, "Held-out check:
# NetBox"), and, as that copy was, ONLY ITS .py FILES, kept at their paths from the
# repository root: TARGET/netbox/netbox/<app>/..., netbox/manage.py, contrib/gunicorn.py and
# the release tooling scripts/*.py (the reference's singletons `contrib.**`, `scripts.**`).
# netbox/extras/data/un_locode.py is left out: its blob (a large data table) is missing from
# the mirror, and the copy had no such module (754 modules, not 755). Tests and migrations are
# kept as .py files (strangler leaves them out); templates, static files, docs and the rest
# are not kept (analysis.json is byte-identical with the whole tree).
# Usage: bench/held_out_fetch/set1/netbox.sh [TARGET]   (default /work/unseen)
set -euo pipefail
PROJECT="netbox" REPO="netbox-community/netbox" COMMIT="43fe81f9e833228c9869f7ddadb67e6c5f145060"
SKIP="netbox/extras/data/un_locode.py"
# shellcheck source=./_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_py "${1:-/work/unseen}"
