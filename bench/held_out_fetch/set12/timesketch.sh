#!/usr/bin/env bash
# Fetch the held-out project timesketch (google/timesketch's server, the collaborative forensic
# timeline analysis tool: Flask + flask-restful + SQLAlchemy + OpenSearch + Celery; LAYERED by
# kind: models/sketch.py holds most tables (sketches, timelines, search indices, data sources,
# views, events, search templates, stories, aggregations, analyses and sessions, graphs,
# attributes, DFIQ scenarios, facets and questions), models/user.py, sigma.py, acl.py and
# annotations.py the rest; lib/<feature>/ the logic (aggregators, analyzers with their
# plugins, charts, graphs, stories, llms, dfiq, sigma_util, the OpenSearch datastore, the Celery
# import tasks); api/v1/resources/<area>.py the REST resources, api/v1/routes.py every route;
# views/ the sign-in and single-page app views; app.py the Flask app factory, tsctl.py the
# admin CLI) at a pinned release from PyPI (an sdist: no wheel is published), unpacked as
# TARGET/timesketch/timesketch/... The front ends (frontend/, frontend-ng/, frontend-v3/) and
# the *_test.py modules beside the code are dropped; the sdist ships no migrations; its
# data/, config/ and end-to-end tests are not kept.
# Usage: bench/held_out_fetch/set12/timesketch.sh [TARGET]   (default /work/unseen12)
set -euo pipefail
PROJECT="timesketch" DIST="timesketch" VERSION="20261014" PACKAGES="timesketch" FETCH_SET="set12"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen12}"
fetch_pinned sdist "$target"
rm -rf "$target/$PROJECT/timesketch/frontend" "$target/$PROJECT/timesketch/frontend-ng" \
    "$target/$PROJECT/timesketch/frontend-v3"
find "$target/$PROJECT" -name '*_test.py' -delete
echo "$PROJECT: dropped the front ends and *_test.py ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
