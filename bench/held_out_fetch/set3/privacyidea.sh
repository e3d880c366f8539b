#!/usr/bin/env bash
# Fetch the held-out project privacyidea (privacyidea/privacyidea, the Flask + SQLAlchemy
# multi-factor authentication server: api/ blueprints, lib/ logic with token-type, machine,
# resolver and SMS/e-mail provider plugins, models/) at a pinned release from PyPI, unpacked as
# TARGET/privacyidea/privacyidea/... The wheel's privacyidea-*.data (scripts) is dropped.
# Usage: bench/held_out_fetch/set3/privacyidea.sh [TARGET]   (default /work/unseen3)
set -euo pipefail
PROJECT="privacyidea" DIST="privacyidea" VERSION="3.14" PACKAGES="privacyidea"
# shellcheck source=_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/_wheel.sh"
fetch_wheel "${1:-/work/unseen3}"
