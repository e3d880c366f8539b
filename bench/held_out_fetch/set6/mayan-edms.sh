#!/usr/bin/env bash
# Fetch the held-out project mayan-edms (Mayan EDMS, the Django electronic document management
# system: ~90 small Django apps under mayan/apps, each registering its links, menus, events,
# permissions, settings and search models from its apps.py ready(); documents and its satellite
# apps (cabinets, tags, metadata, indexing, workflows, OCR, parsing, signatures, checkouts,
# comments, ...), the source apps (one app per source backend), the file metadata drivers, and
# the platform apps (common, acls, permissions, smart_settings, navigation, views, rest_api,
# task_manager, storage, converter, ...); settings in mayan/settings, root URLconf in
# mayan/urls, Celery app in mayan/celery.py) at a pinned release from PyPI, unpacked as
# TARGET/mayan-edms/mayan/... (the wheel ships no entry points; its mayan-edms.py launcher is
# kept in mayan/bin).
# Usage: bench/held_out_fetch/set6/mayan-edms.sh [TARGET]   (default /work/unseen6)
set -euo pipefail
PROJECT="mayan-edms" DIST="mayan-edms" VERSION="4.12.2" PACKAGES="mayan" FETCH_SET="set6"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen6}"
