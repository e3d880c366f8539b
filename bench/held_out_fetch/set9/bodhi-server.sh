#!/usr/bin/env bash
# Fetch the held-out project bodhi-server (fedora-infra/bodhi's server, Fedora's update gating
# system: Pyramid + Cornice REST services + SQLAlchemy + Celery tasks + fedora-messaging
# consumers; LAYERED by kind: one models.py with every table (releases, packages, builds,
# updates, comments, test gating status, buildroot overrides, users, groups, composes),
# services/<resource>.py the Cornice REST API, views/ the HTML pages, schemas.py/validators.py,
# tasks/ (composer, approve testing, check policies, expire overrides ...), consumers/ (message
# handlers for Koji, Greenwave, ResultsDB, CI), buildsys.py/bugs.py the Koji and Bugzilla
# clients, scripts/ the CLIs) at a pinned release from PyPI, unpacked as
# TARGET/bodhi-server/bodhi/server/... with the entry points kept in setup.cfg.
# Usage: bench/held_out_fetch/set9/bodhi-server.sh [TARGET]   (default /work/unseen9)
set -euo pipefail
PROJECT="bodhi-server" DIST="bodhi-server" VERSION="26.4.0" PACKAGES="bodhi" FETCH_SET="set9"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen9}"
