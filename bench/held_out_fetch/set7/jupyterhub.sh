#!/usr/bin/env bash
# Fetch the held-out project jupyterhub (jupyterhub/jupyterhub, the multi-user server for Jupyter
# notebooks: Tornado + SQLAlchemy + traitlets, ONE orm.py holding every table (users, servers,
# spawners, groups, roles, services, API tokens, OAuth clients/codes, shares), the logic modules
# beside it (app.py = the configurable application, user.py, spawner.py, proxy.py, auth.py,
# roles.py, scopes.py, services/), the REST API in apihandlers/<resource>.py and the HTML pages
# in handlers/, and singleuser/, the extension that runs in each user's notebook server;
# authenticators, spawners and proxies are published as jupyterhub.* entry points) at a pinned
# release from PyPI, unpacked as TARGET/jupyterhub/jupyterhub/... with the entry points kept in
# setup.cfg. The wheel's data (static files, templates) is not kept.
# Usage: bench/held_out_fetch/set7/jupyterhub.sh [TARGET]   (default /work/unseen7)
set -euo pipefail
PROJECT="jupyterhub" DIST="jupyterhub" VERSION="6.1.1" PACKAGES="jupyterhub" FETCH_SET="set7"
# shellcheck source=../set3/_wheel.sh
source "$(cd "$(dirname "$0")" && pwd)/../set3/_wheel.sh"
fetch_wheel "${1:-/work/unseen7}"
