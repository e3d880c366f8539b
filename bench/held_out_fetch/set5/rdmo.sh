#!/usr/bin/env bash
# Fetch the held-out project rdmo (rdmorganiser/rdmo, the Django + DRF research data management
# planner: Django apps under rdmo/ such as projects, questions, domain, options, conditions,
# tasks, views, accounts, overlays, services and management, with core/ holding settings, the
# root URLconfs and shared bases) at a pinned release from PyPI, unpacked as
# TARGET/rdmo/rdmo/... (the wheel ships its static files and locales inside rdmo/).
# Usage: bench/held_out_fetch/set5/rdmo.sh [TARGET]   (default /work/unseen5)
set -euo pipefail
PROJECT="rdmo" DIST="rdmo" VERSION="2.5.2" PACKAGES="rdmo" FETCH_SET="set5"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen5}"
