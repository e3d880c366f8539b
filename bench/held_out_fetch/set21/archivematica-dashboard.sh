#!/usr/bin/env bash
# Fetch the held-out project archivematica-dashboard (artefactual/archivematica's Dashboard, the
# web front end of Archivematica, the digital preservation system of archives and libraries:
# transfers of digital objects and their backlog, SIPs and ingest, the microservice jobs and
# tasks and the decisions awaiting a user, appraisal and arrangement, PREMIS rights, the
# archival storage of AIPs (searched in Elasticsearch), access systems (AtoM, ArchivesSpace,
# ArchivistsToolkit DIP upload), the format policy registry (FPR: formats, identification and
# normalization rules, tools and commands), the administration pages (processing
# configurations, DIP upload and storage settings, handle and PREMIS agent settings, usage,
# languages), user accounts and their API keys, the installer (first-run setup and
# registration with the Storage Service) and the REST API: Django + Tastypie, ONE Django
# project laid out by app: components/<app> (access, accounts, administration, api,
# appraisal, archival_storage, backlog, file, filesystem_ajax, ingest, mcp, rights, transfer,
# unit: each with its urls, views, forms, helpers), main/ (the core app: every table of the
# pipeline, units, jobs and tasks, files, events, rights, agents, dashboard settings ...,
# with its views, forms, templatetags and management commands), fpr/ (the format policy
# registry: its tables, views, forms, management commands), installer/, middleware/,
# contrib/mcp (the Gearman client of the MCPServer), settings/ (base, production, the auth
# components), urls.py (the root URLconf), wsgi.py and manage.py) at a pinned commit of
# GitHub (the head of qa/1.x of 2024-10-22, the 1.17 release candidate line; no PyPI release
# of the dashboard), unpacked as TARGET/archivematica-dashboard/... with manage.py at the top.
# The dashboard alone is under 150 modules, so the modules of its library
# archivematicaCommon/lib that it imports (directly or through each other: appconfig,
# env_configparser, email_settings, archivematicaFunctions, namespaces, databaseFunctions,
# fileOperations, executeOrRunSubProcess, elasticSearchFunctions with externals/xmltodict,
# storageService, common_metrics, gearman_encoder, processing, version) are unpacked beside
# it at the same import root, as the dashboard's PYTHONPATH (hack/Dockerfile:
# src/dashboard/src/:src/archivematicaCommon/lib/) puts them; the library's other modules
# (bag, bindpid, countryCodes, custom_handlers, dbconns, dicts, identifier_functions,
# xml2obj and the other externals: HTML, fido, fiwalk_plugins, the maildir tools), used only
# by the MCPClient's job scripts, are not kept. Kept: src/dashboard/src without its static
# media/ (JS, CSS, images) and locale/ (translations); the tests/ folders are dropped (the
# dashboard's tests sit outside src/, so none are inside); the Django migrations (with their
# JSON fixtures of the FPR, and fpr/migrations-data/) are kept (strangler skips migrations);
# the front end (src/dashboard/frontend), src/dashboard/install, the MCPServer and MCPClient
# (the workflow engine and its job scripts: separate processes), hack/, tests/ of the root
# and the docs are not kept.
# Usage: bench/held_out_fetch/set21/archivematica-dashboard.sh [TARGET]   (default /work/unseen21)
set -euo pipefail
PROJECT="archivematica-dashboard" REPO="artefactual/archivematica"
COMMIT="b1e75911632966319d13751c90fe08131d2384a3"
D="src/dashboard/src" L="src/archivematicaCommon/lib"
PATHS="$D/__init__.py $D/components $D/contrib $D/fpr $D/installer $D/main $D/manage.py
    $D/middleware $D/settings $D/templates $D/urls.py $D/wsgi.py
    $L/appconfig.py $L/archivematicaFunctions.py $L/common_metrics.py $L/databaseFunctions.py
    $L/elasticSearchFunctions.py $L/email_settings.py $L/env_configparser.py
    $L/executeOrRunSubProcess.py $L/externals $L/fileOperations.py $L/gearman_encoder.py
    $L/namespaces.py $L/processing.py $L/storageService.py $L/version.py"
# shellcheck source=../set11/_git.sh
source "$(cd "$(dirname "$0")" && pwd)/../set11/_git.sh"
target="${1:-/work/unseen21}"
fetch_git "$target"
find "$target/$PROJECT" \( -name test -o -name tests \) -type d -prune -exec rm -rf {} +
# externals/: keep the package and xmltodict (elasticSearchFunctions imports it) only
find "$target/$PROJECT/externals" -mindepth 1 -maxdepth 1 ! -name __init__.py ! -name xmltodict.py \
    -exec rm -rf {} +
echo "$PROJECT: dropped the test folders and the unused externals ($(find "$target/$PROJECT" -name '*.py' | wc -l) Python files)"
