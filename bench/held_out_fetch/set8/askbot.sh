#!/usr/bin/env bash
# Fetch the held-out project askbot (ASKBOT/askbot-devel, the StackOverflow-like question and
# answer forum: ONE big Django app layered by kind (askbot/models/ with question, post, user,
# tag, badges, reputation, repute, message, widgets ...; askbot/views/ by page: readers,
# writers, commands, users, meta; forms.py, search/, mail/ with the reply-by-email parser,
# conf/ = the livesettings registry, const/, deps/ = vendored helpers, and small satellite
# Django apps: deps/django_authopenid (login), importers (stackexchange, zendesk), spam_checker,
# user_messages)) at a pinned release from PyPI, unpacked as TARGET/askbot/askbot/... with the
# entry points (console_scripts askbot-setup) kept in setup.cfg. The wheel's docker/ and
# scripts/ helpers are not kept.
# Usage: bench/held_out_fetch/set8/askbot.sh [TARGET]   (default /work/unseen8)
set -euo pipefail
PROJECT="askbot" DIST="askbot" VERSION="0.13.0" PACKAGES="askbot" FETCH_SET="set8"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen8}"
