#!/usr/bin/env bash
# Fetch the held-out project udata (opendatateam/udata, the open data portal behind data.gouv.fr:
# Flask + Flask-RESTX + MongoEngine (MongoDB, no SQL), one package per concept in udata/core
# (dataset, organization, user, reuse, dataservices, discussions, topic, post, site, spatial,
# ...), each with its models, api, api_fields, forms, tasks and signals, beside harvest/ (the
# harvesting backends), search/ (the adapters to the search service), api/ (the RESTX API
# framework), frontend/ and the platform packages (mongo, db, models, forms, auth, features)) at
# a pinned release from PyPI, unpacked as TARGET/udata/udata/... with the entry points
# (console_scripts udata, udata.harvesters, udata.models, ...) kept in setup.cfg. The wheel's
# udata_search_service package is not kept.
# Usage: bench/held_out_fetch/set8/udata.sh [TARGET]   (default /work/unseen8)
set -euo pipefail
PROJECT="udata" DIST="udata" VERSION="17.18.0" PACKAGES="udata" FETCH_SET="set8"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen8}"
