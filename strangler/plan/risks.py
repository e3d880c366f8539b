"""Risks a seam's code carries that its imports and tables do not show (issue 12, item 7):
writes to its tables from outside through the models' own methods, side effects (mail,
Redis and pub/sub, shared data folders), shared secrets and auth state, `app.state`.

Found from the text of the seam's modules and of the modules using its models; each risk
names the file and line, so a team can check it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from strangler.model import ProjectIndex, Risk, Route

_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("side_effect", re.compile(r"\b(send_mail|send_mass_mail|send_email|EmailMessage|"
                               r"EmailMultiAlternatives|smtplib|flask_mail|mail\.send)\b"),
     "sends mail: the service needs the mail settings, and a shadow or retried call must "
     "not send twice"),
    ("side_effect", re.compile(r"\b(redis|Redis|StrictRedis|pubsub|\.publish\(|"
                               r"channel_layer|socketio\.emit|sio\.emit|websocket)\b"),
     "talks to Redis / pub-sub / websockets: events the monolith's subscribers expect must "
     "come from one side only"),
    ("side_effect", re.compile(r"\b(MEDIA_ROOT|UPLOAD_FOLDER|DATA_FOLDER|data_folder|"
                               r"STATIC_ROOT|lnbits_data_folder|DATA_DIR)\b"),
     "reads or writes a data folder on disk: the service and the monolith must share it "
     "(a volume) or split it"),
    ("shared_secret", re.compile(r"\b(SECRET_KEY|JWT_SECRET\w*|jwt\.(?:encode|decode)|"
                                 r"itsdangerous|signing\.|AUTH_SECRET\w*)\b"),
     "uses a shared secret (signing, JWT): the service needs the same secret, and rotating "
     "it becomes a two-service change"),
    ("auth_state", re.compile(r"\b(login_user|logout_user|current_user|request\.user|"
                              r"get_user_model|authenticate\(|session\[)"),
     "reads or changes the logged-in user or the session: the service must share auth state "
     "(users table, session store) with the monolith"),
    ("process_state", re.compile(r"\b(?:cache\.(?:get|set|add|delete|delete_many|set_many|"
                                 r"get_many|incr|decr|get_or_set|clear)\(|caches\[|"
                                 r"lru_cache|functools\.cache\b)"),
     "keeps values in a cache: in remote mode the service's cache is not the monolith's "
     "unless both use one shared backend (Redis, memcached); a per-process cache "
     "(LocMemCache, lru_cache, the tests' default) is split, so what one side stores or "
     "deletes the other does not see"),
    ("app_state", re.compile(r"\b(?:request\.)?app\.state\.\w+"),
     "reads app.state (set in the app's lifespan): the service must run that lifespan or "
     "provide the same state"),
)
_INSTANCE_WRITE = re.compile(r"\.(save|delete)\(|\.objects\.(create|update|bulk_create|"
                             r"get_or_create|update_or_create)\(")


def code_risks(members: set[str], sources: Mapping[str, str], paths: Mapping[str, str]
               ) -> list[Risk]:
    """The first line of each kind of risk per seam module (one per module and message)."""
    found: list[Risk] = []
    for module in sorted(members):
        text = sources.get(module, "")
        for kind, pattern, why in _PATTERNS:
            match = pattern.search(text)
            if match is None:
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.append(Risk(kind, f"{module} {why} ({match.group(0).strip()})",
                              paths.get(module, ""), line))
    return found


def outside_model_writes(index: ProjectIndex, members: set[str], sources: Mapping[str, str],
                         paths: Mapping[str, str]) -> list[Risk]:
    """Modules outside the seam that use one of the seam's models and write through it
    (`instance.save()`, `Model.objects.create(...)`): the table is written from outside even
    when no table access says so."""
    tables: dict[str, list[str]] = {}  # class name -> tables, for the seam's models
    for table in index.tables:
        for model in table.models:
            if model.module in members:
                tables.setdefault(re.split(r"[.:]", model.name)[-1], []).append(table.name)
    found: dict[tuple[str, str], int] = {}
    for use in index.uses:
        if use.target not in members or use.source in members or use.name not in tables:
            continue
        text = sources.get(use.source, "")
        match = _INSTANCE_WRITE.search(text)
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((use.source, use.name), line)
    risks = []
    for (source, name), line in sorted(found.items()):
        names = ", ".join(sorted(set(tables[name])))
        risks.append(Risk("outside_write", f"{source} uses the seam's model {name} and writes "
                          f"through it ({names}): a write to the seam's table from outside; "
                          "route it through the service's API or keep the table shared",
                          paths.get(source, ""), line))
    return risks


def graphql_risk(operations: tuple[Route, ...]) -> Risk:
    """The seam resolves GraphQL operations: they reach the monolith through its one schema
    endpoint, so a path-based proxy cannot move them (the route table never lists them)."""
    names = sorted({r.path.partition("#")[2] for r in operations})
    shown = ", ".join(names[:5]) + (f", +{len(names) - 5} more" if len(names) > 5 else "")
    return Risk("graphql", f"{len(names)} GraphQL operation(s) ({shown}) are served through "
                "the schema's one endpoint: the proxy routes by path and cannot move them; "
                "serve them from the service through schema federation or stitching, or keep "
                "the schema on legacy and call the service from these resolvers",
                operations[0].file, operations[0].line)
