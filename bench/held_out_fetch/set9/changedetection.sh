#!/usr/bin/env bash
# Fetch the held-out project changedetection (dgtlmoon/changedetection.io, the website change
# detection and alerting service: plain Flask with blueprints + flask-restful API, NO SQL
# database (store/ keeps the watches as JSON files), worker threads and an async queue, pluggy
# plugins; one blueprint package per feature (blueprint/<feature>/: watchlist, ui, settings,
# tags, imports, backups, browser_steps, price_data_follower, check_proxies, rss ...),
# processors/<kind>/ the change detection kinds (text_json_diff, restock_diff, image_ssim_diff),
# content_fetchers/ (requests, playwright, puppeteer, webdriver), notification/ (apprise),
# conditions/ with its plugins, model/ the watch and tag objects, api/ the REST API) at a pinned
# release from PyPI, unpacked as TARGET/changedetection/changedetectionio/... with the entry
# points (console_scripts changedetection.io) kept in setup.cfg. The wheel's .data files (the
# launcher script) are not kept.
# Usage: bench/held_out_fetch/set9/changedetection.sh [TARGET]   (default /work/unseen9)
set -euo pipefail
PROJECT="changedetection" DIST="changedetection.io" VERSION="0.60.10" PACKAGES="changedetectionio" FETCH_SET="set9"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen9}"
