#!/usr/bin/env bash
# Fetch the held-out project linotp (LinOTP/LinOTP, the LinOTP server core by KeyIdentity and
# netgo: open-source multi-factor authentication: the tokens of many kinds (HMAC/HOTP, TOTP,
# mOTP, OCRA2, e-mail, SMS, voice, push, QR, FIDO2, U2F, Yubikey, Yubico, RADIUS, remote,
# forward, password, spass, tagespasswort), their enrolment, assignment, validation and
# challenge-response, the user-id resolvers (LDAP, SQL, passwd) and realms, the policies, the
# SMS/e-mail/push/voice providers, the SQL audit trail, reporting and monitoring, the local
# admin users and the imported users, the self-service API and the admin UI: Flask +
# SQLAlchemy (Flask-SQLAlchemy, Mako templates, Flask-JWT); ONE package, linotp/, laid out by
# KIND: controllers/<area> (the Flask blueprints: admin, system, validate, userservice,
# manage, audit, auditlog, reporting, monitoring, maintenance, realms, resolvers, tokens,
# gettoken, tools, migrate, auth, u2f, error, base), lib/ (the business logic: token,
# tokeniterator, challenges, realm, resolver, user, useriterator, userservice, reporting,
# monitoring, support, policy/, audit/, auth/, config/, crypto/, security/, ImportOTP/,
# tools/ and the generic helpers), model/<table> with model/schema/<table>_schema (the
# SQLAlchemy tables and their marshmallow-like schemas), tokens/<type> (one token class per
# kind, with base/), provider/ (SMS, e-mail, push and voice providers), useridresolver/
# (the LDAP, SQL and passwd resolvers), cli/ (the `linotp` Flask commands), middlewares/,
# and the top-level modules app.py (the app factory), flap.py (Flask adaptation helpers) and
# settings.py) at a pinned commit of GitHub: 71617bb of 2026-06-11, the head of master
# (between the 3.4.5 release candidates; no PyPI release of the 3.x server), unpacked as
# TARGET/linotp/{linotp,linotpapp.py}. Kept: the linotp/ package (its Mako templates, i18n
# catalogues, token templates and the default passwd and dictionary files stay) and
# linotpapp.py (the WSGI entry point). The tests (linotp/tests/) and the static front end of
# the manage UI and the auth pages (linotp/public/: JavaScript, vendored jQuery, CSS, images)
# are dropped; api-doc/, docker/, examples/, tools/ (the FIDO2 enrolment helper), the
# Makefiles and the compose files are not kept. LinOTP has no Alembic migrations (its schema
# upgrades are code, lib/migrate and model/migrate, kept).
# Usage: bench/held_out_fetch/set21/linotp.sh [TARGET]   (default /work/unseen21)
set -euo pipefail
PROJECT="linotp" REPO="LinOTP/LinOTP" COMMIT="71617bb70c47c57eb99b6a82957da00924c52ef7"
PATHS="linotp linotpapp.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen21}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
rm -rf "$target/$PROJECT/linotp/public"
echo "$PROJECT: dropped the tests and the static front end ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
