#!/usr/bin/env bash
# Fetch the held-out project fief-server (fief-dev/fief, the users and authentication
# management service: FastAPI + async SQLAlchemy + Alembic + Dramatiq workers, multi-tenant
# OAuth2/OpenID Connect provider; LAYERED by kind: models/<entity>.py (tenants, clients, users,
# user fields, roles, permissions, OAuth providers, sessions, grants, codes, tokens, themes,
# webhooks, email templates, audit logs ...), repositories/<entity>.py the queries,
# schemas/<entity>.py the pydantic schemas, services/ the logic, apps/api/routers/<entity>.py
# the admin REST API, apps/auth/routers/ the login/register/OAuth pages, apps/dashboard/ the
# admin dashboard, plus tasks/, crypto/, db/, dependencies/, middlewares/ and the typer cli.py)
# at a pinned release from PyPI, unpacked as TARGET/fief-server/fief/... with the entry points
# kept in setup.cfg.
# Usage: bench/held_out_fetch/set9/fief-server.sh [TARGET]   (default /work/unseen9)
set -euo pipefail
PROJECT="fief-server" DIST="fief-server" VERSION="0.27.0" PACKAGES="fief" FETCH_SET="set9"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen9}"
