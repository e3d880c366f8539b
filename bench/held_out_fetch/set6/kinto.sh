#!/usr/bin/env bash
# Fetch the held-out project kinto (Kinto/kinto, the Pyramid + Cornice JSON storage service:
# kinto/core is its own resource framework (generic REST resources, the storage, permission and
# cache backends with memory/PostgreSQL/Redis/memcached flavours chosen by dotted names in the
# .ini settings, batch/heartbeat/OpenAPI views, a vendored cornice and cornice_swagger),
# kinto/views the bucket/collection/group/record resources, kinto/plugins the optional features
# included through `kinto.includes` (accounts, history, openid, admin, default_bucket, flush,
# quotas-like counters, prometheus, statsd)) at a pinned release from PyPI, unpacked as
# TARGET/kinto/kinto/... with the entry points (console_scripts, paste.app_factory) kept in
# setup.cfg.
# Usage: bench/held_out_fetch/set6/kinto.sh [TARGET]   (default /work/unseen6)
set -euo pipefail
PROJECT="kinto" DIST="kinto" VERSION="26.5.0" PACKAGES="kinto" FETCH_SET="set6"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen6}"
