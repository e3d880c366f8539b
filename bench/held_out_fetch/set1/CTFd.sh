#!/usr/bin/env bash
# Fetch the held-out project CTFd (CTFd/CTFd, the Capture The Flag platform: challenges with
# flags, hints, solutions, tags and topics, the challenge-type plugins, users and teams with
# brackets, submissions, awards and the scoreboard, pages and files, notifications, the
# instance configuration and its exports: Flask + Flask-SQLAlchemy + Flask-RESTX). ONE package,
# CTFd/, laid out by layer (admin/, api/v1/, forms/, schemas/, utils/, plugins/, themes/ beside
# the top-level view modules, every table in CTFd/models); the repository root holds the
# entry points the reference names as singletons (wsgi.py, serve.py, manage.py, export.py,
# import.py, ping.py, populate.py). Taken at 91ced62d (2026-08-19, "Mark 3.8.7", version 3.8.7:
# the tip of master in the mirror, the commit the first set's git-history sweep cloned),
# unpacked as the repository tree TARGET/CTFd/{CTFd,*.py,migrations,...} (186 modules, as in
# bench/truth/held_out/CTFd.toml). The test folder (tests/) is dropped; the Alembic migrations/
# (strangler leaves them out), the themes, pyproject.toml and setup.cfg are kept.
# Usage: bench/held_out_fetch/set1/CTFd.sh [TARGET]   (default /work/unseen)
set -euo pipefail
PROJECT="CTFd" REPO="CTFd/CTFd" COMMIT="91ced62d44d3ec3142a0948ee96ed19947cfc979"
# shellcheck source=./_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_tree "${1:-/work/unseen}"
