#!/usr/bin/env bash
# Fetch the held-out project pretalx (pretalx/pretalx, the conference call-for-papers and
# scheduling tool: Django + DRF + Celery, one Django app per concept under pretalx/: event
# (events, organisers, teams, tracks, review phases), submission (submissions, reviews,
# questions/answers, submission types, resources, access codes, tags), person (users, speaker
# profiles, availabilities, API tokens), schedule (schedules, rooms, talk slots, exports),
# mail (mail templates, queued mails), cfp (the public call for papers and submission flow),
# agenda (the public schedule pages and widget), orga (the organiser back office), api (the
# REST API), common (shared base models, middleware, mixins, templatetags, signals) and
# frontend (static asset building)) at a pinned release from PyPI, unpacked as
# TARGET/pretalx/pretalx/... (the wheel publishes no entry points: `python -m pretalx`).
# Usage: bench/held_out_fetch/set10/pretalx.sh [TARGET]   (default /work/unseen10)
set -euo pipefail
PROJECT="pretalx" DIST="pretalx" VERSION="2025.2.2" PACKAGES="pretalx" FETCH_SET="set10"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen10}"
