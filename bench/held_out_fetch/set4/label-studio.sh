#!/usr/bin/env bash
# Fetch the held-out project label-studio (HumanSignal/label-studio, the Django + DRF data-labeling
# application: Django apps under label_studio/ such as projects, tasks, data_import, data_export,
# data_manager, ml, organizations, users, webhooks, io_storages (one sub-app per cloud storage)
# and fsm, with core/ holding settings, URLconf and shared utilities) at a pinned release from
# PyPI, unpacked as TARGET/label-studio/label_studio/... The wheel's web/ (built frontend) is dropped.
# Usage: bench/held_out_fetch/set4/label-studio.sh [TARGET]   (default /work/unseen4)
set -euo pipefail
PROJECT="label-studio" DIST="label-studio" VERSION="1.23.2" PACKAGES="label_studio" FETCH_SET="set4"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen4}"
