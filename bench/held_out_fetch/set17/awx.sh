#!/usr/bin/env bash
# Fetch the held-out project awx (ansible/awx, the upstream of Red Hat Ansible Automation
# Controller: a web UI, REST API and task engine that runs Ansible playbooks against
# inventories with stored credentials, on a cluster of instances and execution environments:
# Django + Django REST Framework + Channels (websockets) + its own PostgreSQL-backed task
# dispatcher + receptor (the mesh that runs the jobs) + django-ansible-base (RBAC, resource
# registry); awx/main is ONE big Django app layered by kind: main/models/<area>.py holds the
# tables by area (organization.py: organizations, teams, profiles; rbac.py: roles;
# inventory.py: inventories, hosts, groups, inventory sources and updates; projects.py:
# projects and project updates; jobs.py: job templates, jobs, job host summaries, system
# jobs; unified_jobs.py: the polymorphic base of every template and job; workflow.py:
# workflow templates, nodes, jobs and approvals; ad_hoc_commands.py; events.py: the job
# events of every job kind; credential.py: credentials, credential types, input sources;
# notifications.py; schedules.py; label.py; activity_stream.py; oauth.py: OAuth2
# applications and tokens; ha.py: instances, instance groups, links; receptor_address.py;
# execution_environments.py; base.py and mixins.py the model bases), with beside them
# main/access.py (the access rules of every model), main/signals.py, main/tasks/ (the job
# runners, callbacks, facts, receptor, system and host-metric tasks), main/scheduler/ (the
# task manager and workflow DAGs), main/dispatch/ (the task dispatcher and its workers),
# main/notifications/ (the notification backends), main/analytics/ (the Insights analytics
# and the Prometheus metrics), main/management/commands/, main/utils/, the websocket
# consumers and relay (consumers.py, routing.py, wsrelay.py); awx/api holds the REST API of
# every area: serializers.py (every serializer), views/__init__.py (most views) with
# views/{inventory, organization, labels, webhooks, bulk, analytics, metrics, debug,
# mesh_visualizer, instance_install_bundle, root}.py, and urls/<resource>.py one URLconf per
# resource; awx/conf the settings-in-the-database app (its table, registry and API);
# awx/ui the Django app that serves the UI's index and its settings; awx/settings the
# Django settings; awx/urls.py, wsgi.py, asgi.py the roots; awx/playbooks the project
# update playbook's action plugins and modules) at a pinned commit of GitHub (the PyPI name
# is not the server), unpacked as TARGET/awx/awx/... with manage.py. The tests/ folders
# are dropped (main/tests, conf/tests, api's and ui's if any); the Django migrations are
# kept (strangler skips them); the front end (awx/ui's public/ and the built UI,
# awx/static, awx/templates, the API's endpoint descriptions in api/templates), the
# translations (awx/locale), awxkit (the CLI client), awx_collection (the Ansible
# collection), tools/, docs/, requirements, licenses, config/ and docker files are not
# kept.
# Usage: bench/held_out_fetch/set17/awx.sh [TARGET]   (default /work/unseen17)
set -euo pipefail
PROJECT="awx" REPO="ansible/awx" COMMIT="e21dd0a0933fd544d1fe2513c54fe41203775eb5"
PATHS="awx manage.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen17}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/awx/static" "$target/$PROJECT/awx/templates" \
    "$target/$PROJECT/awx/locale" "$target/$PROJECT/awx/ui/public" \
    "$target/$PROJECT/awx/api/templates"
echo "$PROJECT: dropped the test folders and the front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
