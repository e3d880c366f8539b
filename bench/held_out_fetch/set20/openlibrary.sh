#!/usr/bin/env bash
# Fetch the held-out project openlibrary (internetarchive/openlibrary, the Internet Archive's
# Open Library: a wiki-like catalogue of every book (works, editions, authors, subjects,
# covers), with borrowing of the Archive's scanned books, reading logs, lists, ratings,
# notes and reviews, yearly reading goals, the MARC and partner imports, and the Solr search
# index: an infogami (web.py) application over the Infobase "things" store (works,
# editions, authors, lists, users are things) plus raw SQL tables in core/ (bookshelves,
# ratings, booknotes, observations, community edits, yearly goals ...), with a growing
# FastAPI part. ONE package, openlibrary/: core/ (the thing models, the db helpers and the
# SQL-table modules, lending and loans, imports, vendors, caching, lists/), plugins/ (the
# infogami plugins: upstream/ (account, add book, borrow, covers, edits, merge, my books),
# openlibrary/ (the main plugin: api, lists, home, status, partials, opds, stats ...),
# worksearch/ (search pages, subjects, Solr schemes), books/ (the books API's dynlinks and
# read links), admin/, importapi/, inside/ (full-text search), recaptcha/, ol_infobase.py),
# catalog/ (add_book, MARC parsing, catalog utils), solr/ (the search index updater),
# accounts/ (the account model), coverstore/ (the covers server), fastapi/ (the FastAPI
# routers), admin/ (the admin stats), data/ (dumps and sitemaps), olbase/, i18n/, utils/,
# views/, mocks/ (the test doubles of Infobase, IA and memcache), and the roots: code.py
# (the plugin entry point), app.py, asgi_app.py, config.py, setup.py) at a pinned commit of
# GitHub (the site has no PyPI release), unpacked as TARGET/openlibrary/openlibrary/....
# Kept: the openlibrary/ package only. The tests/ folders, conftest.py and the .po test
# (i18n/test_po_files.py) are dropped; the web.py templates, macros and front-end
# components inside the package (openlibrary/templates/, macros/, components/) are dropped;
# the root tests/, scripts/ (the cron jobs and import scripts), static/, vendor/, the
# infogami submodule, conf/, config/, docs and the docker files are not kept.
# Usage: bench/held_out_fetch/set20/openlibrary.sh [TARGET]   (default /work/unseen20)
set -euo pipefail
PROJECT="openlibrary" REPO="internetarchive/openlibrary" COMMIT="026d3d4fa51d894469a5f9b6180e0b61754a68a7"
PATHS="openlibrary"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen20}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" -name conftest.py -delete
rm -f "$target/$PROJECT/openlibrary/i18n/test_po_files.py"
rm -rf "$target/$PROJECT/openlibrary/templates" "$target/$PROJECT/openlibrary/macros" \
    "$target/$PROJECT/openlibrary/components"
echo "$PROJECT: dropped the tests, templates, macros and components ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
