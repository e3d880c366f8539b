#!/usr/bin/env bash
# Fetch the held-out project frigate (blakeblackshear/frigate, the network video recorder with
# real-time object detection for IP cameras: FastAPI + Peewee (SQLite) + multiprocessing
# pipelines; frigate/models.py holds every table (events, timeline, recordings, previews,
# review segments, exports and export cases, user review status, users, triggers, regions,
# recordings-to-delete), frigate/api/<resource>.py the FastAPI routers (events, review, media,
# preview, export, notification, auth, camera, classification, app ...) with api/defs/ their
# request and response models, and one package per stage of the video pipeline or feature:
# camera/, video/, motion/, object_detection/ and detectors/, track/, record/, output/,
# events/, review/, embeddings/ (semantic search, faces, license plates), data_processing/,
# genai/, ptz/, comms/ (MQTT, websockets, web push), stats/, jobs/, config/ (the pydantic
# configuration schema), util/; app.py wires the processes, __main__.py starts them) at a
# pinned commit of GitHub (no PyPI release), unpacked as TARGET/frigate/frigate/... The
# frigate/test folder is dropped; the root migrations/ (peewee_migrate), web/ (the React front
# end), docker/, docs/ and testing-scripts/ are not kept.
# Usage: bench/held_out_fetch/set13/frigate.sh [TARGET]   (default /work/unseen13)
set -euo pipefail
PROJECT="frigate" REPO="blakeblackshear/frigate" COMMIT="e3fa70189324e5eb3b1dba756c153f6696f457de"
PATHS="frigate"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen13}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
