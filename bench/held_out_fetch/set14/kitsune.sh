#!/usr/bin/env bash
# Fetch the held-out project kitsune (mozilla/kitsune, SUMO, Mozilla's support site: Django +
# Celery + Elasticsearch + GraphQL, many Django apps under kitsune/: wiki (the knowledge base:
# documents, revisions, localisation), questions (the support forum's questions and answers),
# forums (contributors' discussion forums), kbforums (the knowledge base's discussion threads),
# products (products and topics), users (profiles, settings), groups, messages (private
# messages), gallery (images and videos), flagit (moderation flags), karma and kbadge
# (badges), dashboards and kpi (metrics), community, customercare, announcements, inproduct
# and landings (the landing pages), postcrash, search (Elasticsearch documents and
# queries), llm and retrieval (the AI-assisted moderation and retrieval), notifications,
# tidings (the watch/notify framework), upload, journal, access, tags, sumo (the site's shared
# code: middleware, helpers, base models, templates) and lib) at a pinned commit of GitHub
# (no PyPI release), unpacked as TARGET/kitsune/kitsune/... with manage.py and the root wsgi/
# package. The tests/ folders and test modules beside the code are dropped; the Django
# migrations inside the apps are kept (strangler skips them); the Playwright suite
# (playwright_tests/), the front end (svelte/, webpack/), docs and scripts are not kept.
# Usage: bench/held_out_fetch/set14/kitsune.sh [TARGET]   (default /work/unseen14)
set -euo pipefail
PROJECT="kitsune" REPO="mozilla/kitsune" COMMIT="dcfa333911ed376a14c59eee83bde0345d03ea20"
PATHS="kitsune wsgi manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen14}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'test_*.py' -o -name conftest.py \) -delete
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
