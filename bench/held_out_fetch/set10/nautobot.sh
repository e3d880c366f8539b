#!/usr/bin/env bash
# Fetch the held-out project nautobot (nautobot/nautobot, the network source of truth and
# automation platform, a fork of NetBox: Django + DRF + GraphQL + Celery; one Django app per
# data area: dcim (devices, racks, locations, cables, interfaces, platforms ...), ipam
# (namespaces, VRFs, prefixes, IP addresses, VLANs, services), circuits, tenancy,
# virtualization, cloud, vpn, wireless, load_balancers, users, data_validation, and extras
# (custom fields, relationships, statuses, roles, tags, jobs, git repositories, secrets,
# config contexts, webhooks, dynamic groups, saved views ...), with `core` the framework every
# app is built on (base models, generic views, API/GraphQL/filter/table base classes, the
# nautobot-server CLI, settings) and `apps` the app/plugin framework) at a pinned release
# from PyPI, unpacked as TARGET/nautobot/nautobot/... with the entry points (console_scripts
# nautobot-server ...) kept in setup.cfg. The wheel's built UI assets are kept as they are.
# Usage: bench/held_out_fetch/set10/nautobot.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="nautobot" DIST="nautobot" VERSION="3.2.7" PACKAGES="nautobot" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen10}"
