#!/usr/bin/env bash
# Fetch the held-out project nextgisweb (nextgis/nextgisweb, NextGIS Web, the open-source web GIS
# server: a tree of resources (resource groups, vector layers in its own PostGIS store or over
# external PostGIS connections, raster layers and mosaics, tilesets, styles (raster styles, SLD,
# QGIS styles from extensions), web maps, lookup tables, SVG marker libraries, basemaps, OGC
# services (WMS, WFS and OGC API Features servers, and WMS, WFS and TMS client connections)) with
# per-resource ACLs, feature editing with attachments, descriptions and versioning, map rendering
# and tiles, users and groups with OAuth, the audit journal, file uploads and storage, spatial
# reference systems: Pyramid + SQLAlchemy + GDAL/OGR (392 modules and 39,498 code lines
# without tests and migrations); ONE package, nextgisweb/, laid out by COMPONENT: each
# nextgisweb/<component>/ is a plug-in with its component.py (the Component class and its
# settings), model.py (the tables), api.py (the REST routes), view.py (the pages), and often
# cli.py, the migration/ scripts, kind-specific modules (interface, util, ogrdriver ...), beside
# env/ (the component environment, the CLI framework, the package registry), lib/ (libraries with
# no component: apitype, config, dinject, geometry, i18n, json, migration, ogrhelper, registry,
# safehtml ...), pyramid/ (the Pyramid web application, the API machinery, sessions, the error
# pages, the gui hooks), jsrealm/ (the front-end build tooling), gui/, i18n/ (the translation
# tooling), static/, __init__.py (the WSGI app factory main()) and script.py (the `nextgisweb`
# console script)) at the pinned release 5.5.0 of GitHub (commit 985f527 of 2026-07-26), unpacked
# as TARGET/nextgisweb/nextgisweb/.... Kept: the nextgisweb package only, with its templates,
# translations and SQL files; the migration/ folders of every component are kept (strangler skips
# them). Dropped: the test folders (test/, tests/), the pytest plugin package nextgisweb/pytest
# (the fixtures of the test suites) and the front end (every nodepkg/ folder: the TypeScript and
# React code); doc/, docker.py, setup.py and the lint configurations are not kept. nextgisweb/ is
# exported component by component, and feature_attachment/ entry by entry without its test/ folder
# (one test image blob is not in the mirror, so archiving nextgisweb/ whole fails).
# Usage: bench/held_out_fetch/set22/nextgisweb.sh [TARGET]   (default /work/unseen22)
set -euo pipefail
PROJECT="nextgisweb" REPO="nextgis/nextgisweb"
COMMIT="985f5276195a5803a76ff4a3a89c7e4bdfeb280b"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen22}"
N="nextgisweb"
PROJECT="nextgisweb/$N" PATHS="$N/__init__.py $N/__main__.py $N/audit $N/auth $N/basemap $N/core
    $N/env $N/feature_description $N/feature_layer $N/file_storage $N/file_upload $N/gui $N/i18n
    $N/jsrealm $N/layer $N/layer_preview $N/lib $N/llm_core $N/lookup_table $N/ogcfserver
    $N/postgis $N/pyramid $N/raster_layer $N/raster_mosaic $N/raster_style $N/render $N/resmeta
    $N/resource $N/script.py $N/sentry $N/sld $N/social $N/spatial_ref_sys $N/static
    $N/svg_marker_library $N/tileset $N/tmsclient $N/vector_layer $N/webmap $N/wfsclient
    $N/wfsserver $N/wmsclient $N/wmsserver $N/workaround.py" fetch_git "$target"
F="$N/feature_attachment"
PROJECT="nextgisweb/$F" PATHS="$F/__init__.py $F/api.py $F/api_import.py $F/api_util.py
    $F/component.py $F/exception.py $F/exif.py $F/extension.py $F/locale $F/migration
    $F/model.py $F/transaction.py $F/util.py $F/view.py" fetch_git "$target"
PROJECT="nextgisweb"
rm -rf "$target/$PROJECT/nextgisweb/pytest"
find "$target/$PROJECT" \( -name test -o -name tests -o -name nodepkg \) -type d -prune \
    -exec rm -rf {} +
echo "$PROJECT: dropped the tests and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
