#!/usr/bin/env bash
# Fetch the held-out project taiga-back (taigaio/taiga-back, the API of the Taiga agile project
# management tool: Django + Django REST Framework + Celery; taiga/projects/ holds the project
# and its sub-apps (userstories, tasks, issues, epics, milestones = sprints, wiki, attachments,
# custom_attributes, history, notifications, likes, votes, references, tagging, due_dates,
# settings, contact), beside users, auth, webhooks, timeline, importers (Jira, Trello, GitHub,
# Asana, Pivotal), export_import, external_apps, feedback, searches, stats, telemetry,
# userstorage, events and hooks (GitHub, GitLab, Bitbucket, Gogs), and base/ (the REST framework
# fork and helpers), with the API router in taiga/routers.py) at a pinned commit of GitHub (no
# PyPI release), unpacked as TARGET/taiga-back/taiga/... with the top-level Django settings
# package (settings/) and manage.py. tests/, docker/ and scripts/ are not kept; the Django
# migrations inside the apps are (strangler skips them).
# Usage: bench/held_out_fetch/set11/taiga-back.sh [TARGET]   (default /work/unseen11)
set -euo pipefail
PROJECT="taiga-back" REPO="taigaio/taiga-back" COMMIT="3bea7114007afd83478a8d6f2a70afd70d94dc21"
PATHS="taiga settings manage.py"
# shellcheck source=_git.sh
source "$(cd "$(dirname "$0")" && pwd)/_git.sh"
fetch_git "${1:-/work/unseen11}"
