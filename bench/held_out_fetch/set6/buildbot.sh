#!/usr/bin/env bash
# Fetch the held-out project buildbot (buildbot/buildbot's master, the Twisted continuous
# integration server: LAYERED by resource type, one module per resource in db/ (SQLAlchemy
# Core connectors over the tables of db/model.py), data/ (the data API and its MQ events) and
# the REST layer of www/, beside the subsystems that work on them: changes/ (change sources),
# schedulers/, process/ (builders, builds, build requests, steps), steps/ (the step library),
# worker/ (workers and latent workers), reporters/, secrets/, statistics/, scripts/ (the
# buildbot CLI); plugin families are published through the buildbot.* entry points) at a pinned
# release from PyPI, unpacked as TARGET/buildbot/buildbot/... with the entry points kept in
# setup.cfg. The web UI is a separate wheel (buildbot-www) and is not fetched.
# Usage: bench/held_out_fetch/set6/buildbot.sh [TARGET]   (default /work/unseen6)
set -euo pipefail
PROJECT="buildbot" DIST="buildbot" VERSION="4.3.0" PACKAGES="buildbot" FETCH_SET="set6"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen6}"
