#!/usr/bin/env bash
# Fetch the held-out project modoboa (modoboa/modoboa, the Django + DRF mail hosting platform:
# ~22 Django apps in one package, each a vertical slice with its models, signal handlers,
# app_settings (parameters), api/v1 and api/v2 serializers/viewsets/urls and management
# commands: core (users, auth, the extension registry and signals), admin (domains, mailboxes,
# aliases), transport, relaydomains, limits, dnstools, policyd, maillog, dmarc, imap_migration,
# autoreply, sievefilters, contacts, calendars, webmail, amavis, rspamd, ldapsync, autoconfig,
# pdfcredentials, and lib/ and parameters/ as the platform; root URLconfs urls.py and
# urls_api_v1/v2.py; the Vue front end ships pre-built in frontend_dist) at a pinned release
# from PyPI, unpacked as TARGET/modoboa/modoboa/... with the entry points (console_scripts
# modoboa-cli) kept in setup.cfg.
# Usage: bench/held_out_fetch/set7/modoboa.sh [TARGET]   (default /work/unseen7)
set -euo pipefail
PROJECT="modoboa" DIST="modoboa" VERSION="2.12.0" PACKAGES="modoboa" FETCH_SET="set7"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen7}"
