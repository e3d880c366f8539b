#!/usr/bin/env bash
# Fetch the held-out project quay (quay/quay, Red Hat's container image registry, Quay.io and
# Project Quay: Flask + Peewee + gunicorn worker processes; LAYERED by kind over ONE models
# module: data/database.py holds every table (users, organizations, teams, robots,
# repositories, permissions, tags, manifests, blobs, image storage, labels, builds and
# triggers, notifications, logs, mirrors, quotas, proxy caches, service keys, messages ...),
# data/model/<concept>.py the queries, data/registry_model, secscan_model, logs_model and
# users/ the data models behind interfaces, endpoints/api/<resource>.py the REST API (many
# with *_models_interface / *_models_pre_oci twins), endpoints/v1 and v2 the registry
# protocols, endpoints/web the web UI, workers/<worker> the background jobs (GC, mirroring,
# security scanning, notifications, quotas, log rotation ...), buildman/ and buildtrigger/ the
# build system, image/ and digest/ the manifest formats, storage/ the storage engines, auth/
# and oauth/ credentials and login, util/ the shared helpers; web.py, registry.py and
# secscan.py the WSGI entry points, app.py the Flask app) at a pinned commit of GitHub (no
# PyPI release), unpacked as TARGET/quay/... with the root modules (setup.py and the
# initdb.py/release.py/active_migration.py scripts are not kept). The test/ folders are
# dropped; the Alembic migrations under data/migrations are kept (strangler skips them);
# conf/ (gunicorn and init configuration), config-tool/ (Go), tools/, scripts/, static/,
# templates/ and the web front end are not kept.
# Usage: bench/held_out_fetch/set12/quay.sh [TARGET]   (default /work/unseen12)
set -euo pipefail
PROJECT="quay" REPO="quay/quay" COMMIT="ffba0c70e2d8d522290a4fbbaa704dbf2fc37f34"
PATHS="auth avatars buildman buildtrigger data digest endpoints features health image
       notifications oauth proxy storage workers _init.py app.py boot.py config.py
       external_libraries.py loghandler.py path_converters.py registry.py secscan.py web.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen12}"
fetch_git "$target"
# util/ is exported child by child and util/ipresolver file by file: its GeoIP database
# (ip-to-country.mmdb, over 4 MiB) is not in the mirror, so archiving util/ whole fails.
PROJECT="quay/util" PATHS="util/__init__.py util/abchelpers.py util/asyncwrapper.py
    util/audit.py util/backfillreplication.py util/backoff.py util/bootstrap_token.py
    util/bytes.py util/cache.py util/canonicaljson.py util/config util/dict_wrappers.py
    util/disableabuser.py util/dockerfileparse.py util/dynamic.py util/expiresdict.py
    util/failover.py util/fips.py util/fixuseradmin.py util/generatepresharedkey.py
    util/greenlet_tracing.py util/headers.py util/html.py util/http.py util/invoice.py
    util/invoice.tmpl util/itertoolrecipes.py util/jinjautil.py util/jsontemplate.py
    util/label_validator.py util/locking.py util/log.py util/marketplace.py util/metrics
    util/migrate util/morecollections.py util/names.py util/notification.py util/orgmirror
    util/pagination.py util/parsing.py util/profiling util/pullmetrics.py util/registry
    util/removelocation.py util/repomirror util/request.py util/saas util/secscan
    util/security util/streamingjsonencoder.py util/timedeltastring.py util/tufmetadata
    util/unicode.py util/useremails.py util/validation.py util/verifyplacements.py
    util/workers.py" fetch_git "$target"
PROJECT="quay/util/ipresolver" PATHS="util/ipresolver/__init__.py
    util/ipresolver/aws-ip-ranges.json" fetch_git "$target"
find "$target/quay" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "quay: dropped the test/ folders ($(find "$target/quay" -name '*.py' | wc -l) Python files)"
