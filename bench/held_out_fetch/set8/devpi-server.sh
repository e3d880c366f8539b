#!/usr/bin/env bash
# Fetch the held-out project devpi-server (devpi/devpi's server, the private package index and
# PyPI caching mirror: Pyramid views + pluggy hooks (devpi_server.hookspecs, the devpi_server
# entry points of its plugins) over keyfs, its own transactional key/value store on SQLite or
# files (keyfs, keyfs_types, fileutil, filestore), replication between primary and replicas
# (replica.py, importexport.py for export/import), the two index kinds (model.py: users,
# stages, PrivateStage; mirror.py: the PyPI mirror stage), the simple pages and JSON API
# (views.py), the main/init/gen-config CLIs) at a pinned release from PyPI, unpacked as
# TARGET/devpi-server/devpi_server/... with the entry points kept in setup.cfg. The wheel's
# pytest_devpi_server and test_devpi_server packages (test support) are not kept.
# Usage: bench/held_out_fetch/set8/devpi-server.sh [TARGET]   (default /work/unseen8)
set -euo pipefail
PROJECT="devpi-server" DIST="devpi-server" VERSION="6.20.3" PACKAGES="devpi_server" FETCH_SET="set8"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen8}"
