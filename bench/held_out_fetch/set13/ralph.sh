#!/usr/bin/env bash
# Fetch the held-out project ralph (allegro/ralph, Allegro's asset management, DCIM and CMDB
# for data centres and back offices: Django + Django REST Framework, many Django apps under
# src/ralph: assets (the base object, models, manufacturers, budget info, service
# environments), data_center (data centres, server rooms, racks, data-centre assets,
# databases, VIPs, clusters), back_office (laptops, phones and other office assets),
# licences, supports, domains, ssl_certificates, sim_cards, access_cards, accessories,
# trade_marks, virtual (virtual servers, cloud hosts), networks, dns, dhcp, deployment,
# configuration_management, security (scan results), operations (changes, incidents,
# problems), accounts (users, regions, teams), attachments, notifications, reports,
# dashboards, data_importer, dc_view (the rack view), api, admin and lib (the shared
# framework: custom fields, transitions, mixins, permissions, polymorphic ...)) at a pinned
# commit of GitHub (the PyPI name holds only the old 2.x line), unpacked as
# TARGET/ralph/ralph/... (the contents of src/). The tests/ folders are dropped; the Django
# migrations inside the apps are kept (strangler skips them); the front end (bower, gulp),
# docs/, docker/, debian/ and contrib/ are not kept.
# Usage: bench/held_out_fetch/set13/ralph.sh [TARGET]   (default /work/unseen13)
set -euo pipefail
PROJECT="ralph" REPO="allegro/ralph" COMMIT="c33ead2c5c99808e6e027af5b411a9c7bb160aad"
PATHS="src/ralph"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen13}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the tests/ folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
