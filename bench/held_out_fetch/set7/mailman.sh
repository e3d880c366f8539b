#!/usr/bin/env bash
# Fetch the held-out project mailman (GNU Mailman 3 core, the mailing list manager: a Falcon REST
# API + SQLAlchemy + zope.interface/zope.component application LAYERED by kind, one module per
# concept in interfaces/ (zope interfaces), model/ (SQLAlchemy models over the list, member,
# user, address, request, bounce, template ... tables), app/ (workflows), rest/ (Falcon
# resources), commands/ (cli_* for the `mailman` CLI, eml_* for commands sent by email),
# runners/ (file-queue processes started by bin/master) and the posting pipeline (rules/,
# chains/, handlers/, pipelines/), with mta/ and archiving/ for delivery and archivers) at a
# pinned release from PyPI, unpacked as TARGET/mailman/mailman/... with the entry points
# (console_scripts mailman, master, runner) kept in setup.cfg.
# Usage: bench/held_out_fetch/set7/mailman.sh [TARGET]   (default /work/unseen7)
set -euo pipefail
PROJECT="mailman" DIST="mailman" VERSION="3.3.10" PACKAGES="mailman" FETCH_SET="set7"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen7}"
