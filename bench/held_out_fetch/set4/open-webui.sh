#!/usr/bin/env bash
# Fetch the held-out project open-webui (open-webui/open-webui, the FastAPI + SQLAlchemy chat
# front end for LLMs: layer-first backend with open_webui/routers/<area>.py (API), open_webui/
# models/<area>.py (tables with their accessor classes), retrieval/ (RAG loaders, vector DBs,
# web search), socket/, storage/, utils/, main.py, config.py, env.py) at a pinned release from
# PyPI, unpacked as TARGET/open-webui/open_webui/... The wheel's data/ and frontend build stay
# inside open_webui/ as shipped (no Python in them).
# Usage: bench/held_out_fetch/set4/open-webui.sh [TARGET]   (default /work/unseen4)
set -euo pipefail
PROJECT="open-webui" DIST="open-webui" VERSION="0.12.4" PACKAGES="open_webui" FETCH_SET="set4"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen4}"
