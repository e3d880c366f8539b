#!/usr/bin/env bash
# Fetch the held-out project polar (polarsource/polar's server, the payments and billing platform
# for software sellers (merchant of record): FastAPI + async SQLAlchemy + Alembic + Dramatiq
# workers; one package per domain under polar/ (product, checkout, order, subscription,
# customer, benefit, license_key, discount, meter, event, payment, refund, dispute, payout,
# transaction, wallet, organization, user, webhook, oauth2, auth, customer_portal,
# backoffice ...), each with its endpoints, service, repository, schemas and tasks, while
# polar/models/<table>.py holds every table; kit/ the shared repository/schema/pagination
# base, integrations/ the Stripe, Plain, Loops ... clients, worker/ the task queue) at a pinned
# commit of GitHub (no PyPI release; the monorepo's front ends under clients/ are not kept),
# unpacked as TARGET/polar/polar/... (server/polar). server/tests, server/migrations (Alembic),
# server/scripts and the load tests are not kept.
# Usage: bench/held_out_fetch/set11/polar.sh [TARGET]   (default /work/unseen11)
set -euo pipefail
PROJECT="polar" REPO="polarsource/polar" COMMIT="c6c3645e639ee8eeaa05aa0835cf8e39e330382f"
PATHS="server/polar"
# shellcheck source=_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_git "${1:-/work/unseen11}"
