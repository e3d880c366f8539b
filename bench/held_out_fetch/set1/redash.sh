#!/usr/bin/env bash
# Fetch the held-out project redash (getredash/redash, the BI tool: queries and their results,
# visualizations, dashboards and widgets, alerts with their notification destinations, data
# sources with the query-runner plugins, users, groups and organizations: Flask +
# Flask-SQLAlchemy + RQ). ONE package, redash/, laid out by layer (handlers/ the REST
# resources, models/ almost every table, tasks/ the RQ jobs, query_runner/ and destinations/
# the plugins, cli/, serializers/, authentication/, settings/, metrics/, utils/), beside
# manage.py and bin/ at the repository root (the reference's singletons `manage`, `bin.**`).
# Taken at ca79fe98 (2026-08-19, version 26.08.0-dev as the reference's header says: the tip of
# master in the mirror, the commit the first set's git-history sweep cloned), unpacked as the
# repository tree TARGET/redash/{redash,manage.py,bin,...} (171 modules, as in
# bench/truth/held_out/redash.toml). The test folders (tests/) are dropped; the Alembic
# migrations/ (strangler leaves them out), the front end (client/, viz-lib/) and
# pyproject.toml are kept.
# Usage: bench/held_out_fetch/set1/redash.sh [TARGET]   (default /work/unseen)
set -euo pipefail
PROJECT="redash" REPO="getredash/redash" COMMIT="ca79fe988d81cdac9675b412f3dfcab107bc1fbc"
# shellcheck source=./_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_tree "${1:-/work/unseen}"
