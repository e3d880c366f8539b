#!/usr/bin/env bash
# Fetch the held-out project open-event-server (fossasia/open-event-server, the API of the Open
# Event / eventyay event management and ticketing platform: Flask + SQLAlchemy +
# flask-rest-jsonapi + Celery; LAYERED by kind: app/models/<table>.py (events, sessions,
# speakers, tracks, microlocations, tickets, orders, attendees, discount codes, access codes,
# users, roles and invites, sponsors, social links, custom forms, settings, notifications,
# mails, feedback, exhibitors, video streams ...), app/api/schema/<resource>.py the JSON:API
# schemas, app/api/<resource>.py the resource lists and details, app/api/routes.py every route,
# app/api/helpers/ the shared helpers, mail and PDF senders, Celery tasks and permissions,
# app/views/ the Flask blueprints outside the API, app/graphql/ a small GraphQL schema) at a
# pinned commit of GitHub (the last of its development branch; no PyPI release), unpacked as
# TARGET/open-event-server/app/... with config.py and manage.py. tests/, migrations/ (Alembic),
# scripts/ and the root's one-off scripts are not kept.
# Usage: bench/held_out_fetch/set11/open-event-server.sh [TARGET]   (default /work/unseen11)
set -euo pipefail
PROJECT="open-event-server" REPO="fossasia/open-event-server"
COMMIT="071d1595b4af5a711875706a8fd47ee2887656fe"
PATHS="app config.py manage.py"
# shellcheck source=_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_git "${1:-/work/unseen11}"
