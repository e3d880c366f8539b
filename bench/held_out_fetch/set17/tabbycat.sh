#!/usr/bin/env bash
# Fetch the held-out project tabbycat (TabbycatDebate/tabbycat, the tab system for debating
# tournaments (British Parliamentary, Australs, World Schools ...): teams, speakers,
# adjudicators and institutions, rounds and their draws, adjudicator allocation and
# conflicts, venues, ballots and results, standings and the break, motions, feedback on
# adjudicators, check-ins, private URLs, e-mail notifications, registration forms: Django +
# Django REST Framework + Channels (websocket consumers and background workers); the Django
# project lives in tabbycat/, whose children are the project root: one Django app per area,
# each with its own models.py (tournaments (tournaments and rounds), participants (teams,
# speakers, adjudicators, institutions, regions), draw (debates and debate teams),
# adjallocation (debate adjudicators, conflicts, preformed panels), venues, results
# (ballot submissions, speaker and team scores), standings (no tables: the ranking of teams
# and speakers), breakqual (break categories and breaking teams), motions, adjfeedback
# (feedback questions, answers, test scores), availability, checkins (identifiers and
# check-in events), privateurls, notifications (sent messages, bulk notifications),
# registration (invitations, custom questions and answers), options (the tournament
# preferences and presets), actionlog, importer (CSV and archive importers), printing,
# users, api (the REST API over every area), utils (the shared views, mixins, tables,
# template tags, management command base)), settings/ the settings package, urls the root
# URLconf, asgi/wsgi the entry points, manage.py) at a pinned commit of GitHub (no PyPI
# release), unpacked as TARGET/tabbycat/<app>/... with settings/, urls.py, asgi.py, wsgi.py
# and manage.py: tabbycat/'s contents are the project root (so module names start with the
# app names, `draw.models`, `settings.core`, as Django imports them); the empty
# tabbycat/__init__.py is not kept. The tests/ folders and utils/tests.py (the test-case
# base classes) are dropped; the Django migrations inside the apps are kept (strangler skips
# them), and so is divisions/ (a retired app kept for its migrations); tabbycat/static and
# tabbycat/templates (the front end: Vue, SCSS, HTML; the apps' own templates/ and locale/
# folders come along inside the app folders, with no Python but an empty
# results/templates/__init__), tabbycat/locale (translations),
# run-asgi.py (the Daphne launcher of the deployments, not an importable name), the root
# data/ (fixtures and demo CSVs), docs, bin/, config/, deploy_heroku.py, the JS build files
# and the docker files are not kept.
# Usage: bench/held_out_fetch/set17/tabbycat.sh [TARGET]   (default /work/unseen17)
set -euo pipefail
PROJECT="tabbycat" REPO="TabbycatDebate/tabbycat" COMMIT="59c4d5fcda86e474be9454ea97873ca85207adf8"
PATHS="tabbycat/actionlog tabbycat/adjallocation tabbycat/adjfeedback tabbycat/api
    tabbycat/availability tabbycat/breakqual tabbycat/checkins tabbycat/divisions tabbycat/draw
    tabbycat/importer tabbycat/motions tabbycat/notifications tabbycat/options
    tabbycat/participants tabbycat/printing tabbycat/privateurls tabbycat/registration
    tabbycat/results tabbycat/settings tabbycat/standings tabbycat/tournaments tabbycat/users
    tabbycat/utils tabbycat/venues tabbycat/urls.py tabbycat/asgi.py tabbycat/wsgi.py
    tabbycat/manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen17}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -f "$target/$PROJECT/utils/tests.py"
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
