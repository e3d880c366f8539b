#!/usr/bin/env bash
# Fetch the held-out project hedy (hedyorg/hedy, the web site of Hedy, the gradual programming
# language for teaching Python in levels: the code editor and its adventures per level, user
# accounts, saved and public programs, classes and their customizations, teachers' own
# adventures, quizzes and surveys, statistics, the admin pages: plain Flask (one app.py with
# the editor's routes, the page routes and the app factory) + WebsiteModule blueprints
# (website/<area>.py: auth_pages, programs, classes, for_teachers, admin, profile,
# statistics, surveys, feedback, tags, public_adventures, super_teacher, user_activity ...)
# over ONE data layer (website/database.py: the Database class with a method for every
# table, on website/dynamo.py: the DynamoDB / in-memory / JSON-file storage layer); the
# top-level modules hold the configuration (config, envs, logging_config), the content
# loading (website_content: adventures, keywords, slides, tutorials per language;
# hedyweb; static_babel_content) and utils; at this commit the language itself (the parser,
# transpiler, grammars, translation of keywords) is NOT in the repository any more: it is
# the hedylang package on PyPI, imported as `hedy`) at a pinned commit of GitHub (no PyPI
# release of the web site), unpacked as TARGET/hedy/{app.py, ..., website/}. Kept: app.py,
# the top-level modules the app imports (config, envs, hedyweb, logging_config,
# static_babel_content, utils, website_content) and website/. Not kept: tests/ and
# tests_e2e.py, tools/ and build-tools/ (maintenance scripts), dodo.py (the doit build
# tasks), docs.py (a stand-alone docs loader nothing imports), highlighting/ (the generator
# of the editor's syntax-highlighting rules, a build step), gunicorn.conf.py, the content
# YAML (content/), translations/, grammars-Total/, semantics/ (Dafny), static/, templates/,
# tailwind/, docs/, the Docker, Procfile and PyInstaller files.
# Usage: bench/held_out_fetch/set18/hedy.sh [TARGET]   (default /work/unseen18)
set -euo pipefail
PROJECT="hedy" REPO="hedyorg/hedy" COMMIT="194f84ca8a45c86d97a98b563165c21603ffe432"
PATHS="app.py config.py envs.py hedyweb.py logging_config.py static_babel_content.py utils.py
website_content.py website"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen18}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
echo "$PROJECT: dropped the test folders ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
