#!/usr/bin/env bash
# Fetch the held-out project tendenci (tendenci/tendenci, the open-source association
# management system: Django, ~90 apps under tendenci/apps/, one per concept: memberships,
# corporate_memberships, chapters, committees, events, invoices, payments (+ stripe),
# recurring_payments, accountings, donations, directories, jobs, articles, news, pages, photos,
# files, forums, helpdesk, newsletters, notifications, profiles, user_groups ...; base, perms,
# site_settings, registry, theme and event_logs the shared machinery, libs/ vendored
# libraries) at a pinned release from PyPI, unpacked as TARGET/tendenci/tendenci/... with the
# entry points (console_scripts tendenci) kept in setup.cfg.
# Usage: bench/held_out_fetch/set10/tendenci.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="tendenci" DIST="tendenci" VERSION="16.30" PACKAGES="tendenci" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen10}"
