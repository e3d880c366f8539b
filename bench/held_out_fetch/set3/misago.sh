#!/usr/bin/env bash
# Fetch the held-out project misago (rafalp/Misago, the Django forum: ~30 Django apps under
# misago/ such as threads, users, categories, acl, notifications, with a plugin/hook system and
# the devproject settings/URLconf shipped beside it) at a pinned release from PyPI, unpacked as
# TARGET/misago/{misago,devproject}/...
# Usage: bench/held_out_fetch/set3/misago.sh [TARGET]   (default /work/unseen3)
set -euo pipefail
PROJECT="misago" DIST="misago" VERSION="0.39.6" PACKAGES="misago devproject"
# shellcheck source=_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/_wheel.sh"
fetch_wheel "${1:-/work/unseen3}"
