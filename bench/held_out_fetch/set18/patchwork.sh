#!/usr/bin/env bash
# Fetch the held-out project patchwork (getpatchwork/patchwork, the web-based patch tracking
# system of mailing-list driven projects (the Linux kernel, QEMU, DPDK ...): it parses the
# patches, cover letters and replies sent to a list into patches, series and comments, and
# lets maintainers track their state, delegate them, bundle them, and lets CI systems attach
# checks: Django + Django REST Framework + an XML-RPC interface; one Django app, patchwork/:
# models.py holds every table (projects, people and user profiles, patches, cover letters,
# comments, series and their references, states, tags, bundles, checks, events, e-mail
# confirmations and opt-outs, delegation rules), parser.py the mail parser, views/<area>.py
# the web views (patches, covers, comments, series, bundles, projects, users, mail settings,
# notifications, pwclient, XML-RPC), api/<resource>.py the REST API (serializers and views
# per resource), forms.py, filters.py (the patch list filters), notifications.py and
# signals.py (events and e-mail notifications), management/commands/ (parsemail,
# parsearchive, cron, retag, rehash ...), templatetags/, settings/ (base, dev, the production
# example), urls.py and wsgi.py) at a pinned commit of GitHub (3.3.0 in development; the
# PyPI package is not the server), unpacked as TARGET/patchwork/patchwork/... with manage.py.
# The tests folder (patchwork/tests/) is dropped, and so are the templates and static files
# inside the package (patchwork/templates/), the Django migrations are kept (strangler skips
# them); the docs, release notes, tools/, htdocs/, lib/ (deployment configuration), the root
# templates/ and the docker files are not kept.
# Usage: bench/held_out_fetch/set18/patchwork.sh [TARGET]   (default /work/unseen18)
set -euo pipefail
PROJECT="patchwork" REPO="getpatchwork/patchwork" COMMIT="644cef7cd369abd39eba9523f8ecbc16d2ea4206"
PATHS="patchwork manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen18}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/patchwork/templates" "$target/$PROJECT/patchwork/static"
echo "$PROJECT: dropped the tests and templates ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
