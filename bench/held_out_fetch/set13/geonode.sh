#!/usr/bin/env bash
# Fetch the held-out project geonode (GeoNode, the geospatial content management system:
# publishing, cataloguing and sharing datasets, maps and documents over GeoServer: Django +
# Django REST Framework + Celery; many Django apps under geonode/: base (ResourceBase, the
# resource every dataset, map, document and geoapp extends, with regions, keywords, topic
# categories, licences, links, thesauri), layers (datasets, styles, attributes), maps,
# documents, geoapps, people (profiles), groups, security (permissions), resource (the
# resource manager), upload and storage, assets, harvesting (remote services' harvesters),
# services (remote OGC services), catalogue (CSW), geoserver (the GeoServer backend), metadata
# (the metadata editor), facets, favorite, invitations, social, br (backup and restore),
# thumbs, proxy, client, themes, api, indexing, management_commands_http ...) at a pinned
# release from PyPI (a wheel), unpacked as TARGET/geonode/geonode/... The tests/ folders and the
# tests.py / test_*.py / populate_test_data.py modules beside the code are dropped; the Django
# migrations inside the apps are kept (strangler skips them); static files and templates come
# along with the package.
# Usage: bench/held_out_fetch/set13/geonode.sh [TARGET]   (default /work/unseen13)
set -euo pipefail
PROJECT="geonode" DIST="geonode" VERSION="5.1.1" PACKAGES="geonode" FETCH_SET="set13"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
target="${1:-/work/unseen13}"
fetch_pinned wheel "$target"
find "$target/$PROJECT" -name tests -type d -prune -exec rm -rf {} +
find "$target/$PROJECT" \( -name 'tests.py' -o -name 'test_*.py' -o -name '*_tests.py' \
    -o -name 'populate_test_data.py' \) -delete
echo "$PROJECT: dropped the tests ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
