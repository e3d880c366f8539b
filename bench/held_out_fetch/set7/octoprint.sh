#!/usr/bin/env bash
# Fetch the held-out project octoprint (OctoPrint, the web interface for 3D printers: Flask for the
# REST API and UI views mounted in Tornado (server, SockJS push socket, file transfers), its own
# plugin framework (octoprint/plugin: mixin plugin types and hooks) with ~20 bundled plugins in
# octoprint/plugins (pluginmanager, softwareupdate, backup, appkeys, discovery, ...), NO
# database: its data are files (uploads, printer profiles, users/groups yaml, timelapses,
# config.yaml); core subsystems access/, filemanager/, printer/ (with util/comm, the serial
# protocol), slicing/, timelapse, each with a module in server/api and in cli/) at a pinned
# release from PyPI, unpacked as TARGET/octoprint/octoprint/... with the entry points
# (console_scripts octoprint) kept in setup.cfg. The wheel's octoprint_client and
# octoprint_setuptools helper packages are not kept.
# Usage: bench/held_out_fetch/set7/octoprint.sh [TARGET]   (default /work/unseen7)
set -euo pipefail
PROJECT="octoprint" DIST="octoprint" VERSION="1.11.8" PACKAGES="octoprint" FETCH_SET="set7"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen7}"
