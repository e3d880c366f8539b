#!/usr/bin/env bash
# Fetch the held-out project pulpcore (pulp/pulpcore, the Django + DRF content-repository
# platform: pulpcore/app/{models,serializers,viewsets,tasks}, the content app, the tasking
# system, the plugin API, and the pulp_file and pulp_certguard plugins shipped in the same
# wheel) at a pinned release from PyPI, unpacked as TARGET/pulpcore/{pulpcore,pulp_file,
# pulp_certguard}/... with the wheel's entry points (pulpcore.plugin) kept in setup.cfg.
# Usage: bench/held_out_fetch/set3/pulpcore.sh [TARGET]   (default /work/unseen3)
set -euo pipefail
PROJECT="pulpcore" DIST="pulpcore" VERSION="3.123.1" PACKAGES="pulpcore pulp_file pulp_certguard"
# shellcheck source=_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/_wheel.sh"
fetch_wheel "${1:-/work/unseen3}"
