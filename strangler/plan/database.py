"""Which settings the monolith reads for its database, so the service reads the same ones.

Found in the project's own code: Django's DATABASES in the settings module (and the modules
it star-imports), else a database setting of the app's config (SQLALCHEMY_DATABASE_URI, a
`DATABASE` key ...), else any environment variable with DB or DATABASE in its name. Nothing
found is said as such: the team must set it; no variable name is made up."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

from strangler.model import DatabaseSettings

_SETTING = re.compile(r"^(SQLALCHEMY_DATABASE_UR[IL]|SQLALCHEMY_BINDS|DATABASES?|DATABASE_UR[IL]"
                      r"|DB_(URL|URI|HOST|NAME|DATABASE|USER|PASSWORD|PORT|ENGINE|PATH|FILE)"
                      r"|[A-Z_]*_DATABASE_UR[IL])$")
# cheap text pre-filters, so only the few files that may hold a setting are parsed
_MAY_SET = re.compile(r"\b(SQLALCHEMY_DATABASE_UR|DATABASES?\b|[A-Z_]*DATABASE_UR|DB_[A-Z]"
                      r"|BaseSettings)")
_MAY_READ = re.compile(r"environ|getenv|\bconfig\(|\benv[.(]")
_VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DB_NAME = re.compile(r"(^|_)(DB|DATABASE|DATABASES)(_|$)")
# functions reading one environment variable named by their first argument
_READERS = {"get", "str", "int", "bool", "float", "url", "db", "db_url", "config", "json",
            "list", "path"}


def _reader(call: ast.Call) -> bool:
    """Whether `call` reads the environment: os.environ.get, os.getenv, environ.get,
    env.str / env.db ... (django-environ's conventional `env`), config / env (decouple)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("getenv", "config", "env")
    if not isinstance(func, ast.Attribute):
        return False
    receiver = _dotted(func.value)
    if func.attr in ("get", "getenv") and (receiver == "os" or receiver.endswith("environ")):
        return True
    return receiver in ("env", "environ.Env", "dj_database_url") and func.attr in _READERS


def _env_reads(node: ast.AST) -> Iterator[str]:
    """Environment variables an expression reads: os.environ.get("X"), os.getenv("X"),
    os.environ["X"], env.str("X") (django-environ), config("X") (decouple),
    dj_database_url.config() / env.db() (DATABASE_URL)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and _reader(sub):
            first = sub.args[0] if sub.args else next(
                (k.value for k in sub.keywords if k.arg in ("var", "env", "key")), None)
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and \
                    _VARIABLE.match(first.value):
                yield first.value
            elif first is None and isinstance(sub.func, ast.Attribute) and \
                    sub.func.attr in ("db", "db_url", "config"):
                yield "DATABASE_URL"  # their documented default variable
        elif isinstance(sub, ast.Subscript) and _dotted(sub.value).endswith("environ"):
            key = sub.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value


def _settings_fields(tree: ast.Module) -> Iterator[str]:
    """Database fields of pydantic settings classes (`database_url: str = ...` is read from
    DATABASE_URL, case-insensitively)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(
                        statement.target, ast.Name):
                    name = statement.target.id.upper()
                    if name.endswith(("DATABASE_URL", "DATABASE_URI", "DB_URL")) or \
                            re.match(r"^(DB|DATABASE)_(HOST|NAME|USER|PASSWORD|PORT)$", name):
                        yield name


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _targets(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(setting name, value) of the database settings a module assigns: `NAME = ...`,
    `self.NAME = ...`, `app.config["NAME"] = ...` and `{"NAME": ...}` literals."""
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Assign, ast.AnnAssign)) and sub.value is not None:
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else (
                    target.attr if isinstance(target, ast.Attribute) else (
                        target.slice.value if isinstance(target, ast.Subscript) and isinstance(
                            target.slice, ast.Constant) else ""))
                if isinstance(name, str) and _SETTING.match(name):
                    yield name, sub.value
        elif isinstance(sub, ast.Dict):
            for key, value in zip(sub.keys, sub.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and \
                        _SETTING.match(key.value):
                    yield key.value, value


def _module_values(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level `NAME = value`, so `{"HOST": DB_HOST}` finds what DB_HOST reads."""
    values: dict[str, ast.AST] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = statement.value
    return values


def _reads(value: ast.AST, names: Mapping[str, ast.AST]) -> list[str]:
    found = list(_env_reads(value))
    for sub in ast.walk(value):
        if isinstance(sub, ast.Name) and sub.id in names and names[sub.id] is not value:
            found += _env_reads(names[sub.id])
    return found


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _django_modules(settings: str, sources: Mapping[str, str]) -> list[str]:
    """The settings module and the modules it star-imports (`from .base import *`)."""
    order, frontier = [], [settings]
    while frontier:
        module = frontier.pop(0)
        if module in order or module not in sources:
            continue
        order.append(module)
        tree = _parse(sources[module])
        for node in tree.body if tree else []:
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                base = module.split(".")[:len(module.split(".")) - node.level] \
                    if node.level else []
                frontier.append(".".join([*base, node.module or ""]).strip("."))
    return order


def find_database_settings(sources: Mapping[str, str], framework: str = "",
                           django_settings: str = "") -> DatabaseSettings:
    """The database settings the monolith reads (`sources`: module -> text)."""
    if framework == "django" and django_settings:
        for module in _django_modules(django_settings, sources):
            tree = _parse(sources[module])
            if tree is None:
                continue
            names = _module_values(tree)
            assigned = [(n, v) for n, v in _targets(tree) if n == "DATABASES"]
            if assigned:
                variables = sorted({r for _, v in assigned for r in _reads(v, names)})
                return DatabaseSettings("django", tuple(variables), f"DATABASES in {module}")
    fixed: DatabaseSettings | None = None
    for module in sorted(sources):
        text = sources[module]
        tree = _parse(text) if _MAY_SET.search(text) else None
        if tree is None:
            continue
        names = _module_values(tree)
        for setting, value in _targets(tree):
            variables = sorted(set(_reads(value, names)))
            if variables:
                return DatabaseSettings("config", tuple(variables), f"{setting} in {module}")
            fixed = fixed or DatabaseSettings("config", (), f"{setting} in {module}")
        fields = sorted(set(_settings_fields(tree))) if "BaseSettings" in text else []
        if fields:
            return DatabaseSettings("config", tuple(fields), f"the settings class in {module}")
    found: dict[str, str] = {}
    for module in sorted(sources):
        text = sources[module]
        tree = _parse(text) if _MAY_READ.search(text) and re.search(
            r"DATABASE|DB", text) else None
        for variable in _env_reads(tree) if tree is not None else ():
            if _DB_NAME.search(variable):
                found.setdefault(variable, module)
    if found:
        where = ", ".join(sorted(set(found.values())))
        return DatabaseSettings("environment", tuple(sorted(found)), where)
    return fixed or DatabaseSettings("none", ())
