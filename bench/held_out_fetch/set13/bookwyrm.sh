#!/usr/bin/env bash
# Fetch the held-out project bookwyrm (bookwyrm-social/bookwyrm, the federated social network
# for reading: shelves, reviews, quotes, reading goals, book lists and groups, over
# ActivityPub: Django + Celery; LAYERED by kind inside one Django app: bookwyrm/models/<area>.py
# holds the tables (book, author, edition, status, shelf, list, group, user, relationship,
# notification, report, import and export jobs, site settings, federated servers, links,
# antispam ...), bookwyrm/views/<area>.py and views/{admin,books,imports,landing,list,
# preferences,shelf}/ the views, activitypub/<type>.py the ActivityPub objects,
# connectors/ the book-data sources (OpenLibrary, Inventaire, other BookWyrm instances),
# importers/ the Goodreads/StoryGraph/LibraryThing/Calibre CSV importers, forms/<area>.py,
# templatetags/, management/commands/, and the top-level modules for the timelines
# (activitystreams), suggested users, list streams, e-mails, search and ISBN lookups;
# celerywyrm/ the Celery app and Flower settings) at a pinned commit of GitHub (no PyPI
# release), unpacked as TARGET/bookwyrm/{bookwyrm,celerywyrm}/... with manage.py. bookwyrm/tests
# is dropped; the Django migrations are kept (strangler skips them); static/, templates/ and
# locale/ come along with the package; docs and the docker files are not kept.
# Usage: bench/held_out_fetch/set13/bookwyrm.sh [TARGET]   (default /work/unseen13)
set -euo pipefail
PROJECT="bookwyrm" REPO="bookwyrm-social/bookwyrm" COMMIT="db40a61c9eaa6872607ca499b91893914dc1c8cf"
PATHS="bookwyrm celerywyrm manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen13}"
fetch_git "$target"
rm -rf "$target/$PROJECT/bookwyrm/tests"
echo "$PROJECT: dropped bookwyrm/tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
