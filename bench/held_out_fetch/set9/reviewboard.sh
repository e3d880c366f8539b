#!/usr/bin/env bash
# Fetch the held-out project reviewboard (reviewboard/reviewboard, the code and document review
# tool: Django + Djblets, one Django app per concept (reviews, diffviewer, scmtools with one
# module per version control system, hostingsvcs with one package per hosting service,
# attachments, accounts, changedescs, notifications, integrations, oauth, site = Local Sites,
# search, avatars, ssh, certs, extensions, datagrids, admin), and webapi/resources/ = the REST
# API, one module per resource, beside the apps it serves) at a pinned release from PyPI,
# unpacked as TARGET/reviewboard/reviewboard/... with the entry points (console_scripts rb-site,
# rbext, rbssh) kept in setup.cfg.
# Usage: bench/held_out_fetch/set9/reviewboard.sh [TARGET]   (default /work/unseen9)
set -euo pipefail
PROJECT="reviewboard" DIST="reviewboard" VERSION="8.1" PACKAGES="reviewboard" FETCH_SET="set9"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen9}"
