#!/usr/bin/env bash
# Fetch the held-out project lemur (Netflix/lemur, the Flask + Flask-SQLAlchemy TLS certificate
# manager: domain packages lemur/<domain>/{models,views,service,schemas}.py such as certificates,
# authorities, destinations, notifications, roles, and ~25 issuer/destination/notification
# plugins under lemur/plugins) at a pinned release from PyPI, unpacked as TARGET/lemur/lemur/...
# with the wheel's entry points (lemur.plugins) kept in setup.cfg.
# Usage: bench/held_out_fetch/set4/lemur.sh [TARGET]   (default /work/unseen4)
set -euo pipefail
PROJECT="lemur" DIST="lemur" VERSION="1.9.3" PACKAGES="lemur" FETCH_SET="set4"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen4}"
