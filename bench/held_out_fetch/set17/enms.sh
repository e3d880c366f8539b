#!/usr/bin/env bash
# Fetch the held-out project enms (eNMS-automation/eNMS, the enterprise Network Management
# System: a network automation platform with a device inventory and a workflow engine that
# runs Netmiko, NAPALM, Scrapli, Netconf, Ansible, REST and Python services against it:
# Flask + SQLAlchemy + WTForms (+ APScheduler, Flask-SocketIO); eNMS/models/ holds the tables
# by area (inventory.py: objects, devices, links, pools, sessions; automation.py: services,
# runs, results, logs, reports, tasks; administration.py: users, groups, credentials, servers,
# workers, changelog, parameters, files and folders; base.py the model base), with the custom
# device and link types in models/devices/ and models/links/ and the service types, one table
# each, in models/services/<category>/ (configuration, configuration_management,
# data_validation, file_transfer, miscellaneous, netconf, networking, notification, unix,
# workflow, and examples); beside them one module per kind for every area: controller.py
# (the business logic behind every page), forms.py (every form), fields.py, database.py (the
# SQLAlchemy setup and the association tables), environment.py, variables.py, custom.py (the
# customisation hooks), runner.py (the service and workflow runner), rest_api.py and server.py
# (the Flask app and its routes); plugins/ (the plugin package; its plugins are git
# submodules, not kept); app.py and gunicorn.py at the root; scheduler/ (the APScheduler
# Flask service that triggers the tasks over the REST API) and terminal/ (the Flask-SocketIO
# web SSH terminal service)) at a pinned commit of GitHub (no PyPI release of the server),
# unpacked as TARGET/enms/{eNMS,scheduler,terminal,app.py,gunicorn.py}. There is no test
# folder (the find below drops any); the front end (eNMS/static, eNMS/templates and the
# terminal's static/ and templates/), the user snippets and scripts (files/), the docs,
# build/ and setup/ (JSON settings) are not kept.
# Usage: bench/held_out_fetch/set17/enms.sh [TARGET]   (default /work/unseen17)
set -euo pipefail
PROJECT="enms" REPO="eNMS-automation/eNMS" COMMIT="f1168d39aac2d27d918b4b261cb4d6a4e672fbd0"
PATHS="eNMS scheduler terminal app.py gunicorn.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen17}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/eNMS/static" "$target/$PROJECT/eNMS/templates" \
    "$target/$PROJECT/terminal/static" "$target/$PROJECT/terminal/templates"
echo "$PROJECT: dropped the test folders and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
