#!/usr/bin/env bash
# Fetch the held-out project rucio (rucio/rucio's SERVER, CERN's scientific data management
# system: Flask REST API + SQLAlchemy + daemons; LAYERED by kind: db/sqla/models.py holds every
# table (accounts, identities, scopes, DIDs = data identifiers, replicas, RSEs = storage
# endpoints, replication rules and locks, requests = transfers, subscriptions, lifetime
# exceptions, heartbeats, messages, quarantined replicas, configs, meta conventions ...),
# core/<concept>.py the logic and queries, gateway/<concept>.py the permission-checked facade,
# web/rest/flaskapi/v1/<concept>.py the REST endpoints, daemons/<daemon>/ the background agents
# (conveyor = transfers, judge = rules, reaper = deletion, undertaker, abacus = quotas, hermes =
# messages, transmogrifier = subscriptions, ...), rse/ the storage protocol plugins,
# transfertool/ the FTS/Globus clients, common/ the shared helpers and schemas) at a pinned
# release from PyPI, unpacked as TARGET/rucio/rucio/... The client SDK (rucio/client), the CLI
# (rucio/cli) and the tests are NOT unpacked (the client is its own program, talking to the
# server over HTTP; common/ is shared by both and kept whole), nor the wheel's .data (the bin
# scripts and config templates). The wheel has no entry points. The Alembic revisions under
# db/sqla/migrate_repo are kept (the reference ignores them).
# Usage: bench/held_out_fetch/set11/rucio.sh [TARGET]   (default /work/unseen11)
set -euo pipefail
PROJECT="rucio" DIST="rucio" VERSION="41.5.1" PACKAGES="rucio" FETCH_SET="set11"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen11}"
fetch_wheel "$target"
rm -rf "$target/$PROJECT/rucio/client" "$target/$PROJECT/rucio/cli" "$target/$PROJECT/rucio/tests"
echo "$PROJECT: dropped client/, cli/, tests/ ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
