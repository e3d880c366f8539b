"""Domain slices whose tables live in the one models module of the schema.

Many layered applications declare every table in one models module (`orm.py`,
`models/database.py`) and write each domain's logic, API and schemas around it:
`handlers/responses`, `policies/response_policy`, `validators/responses` over the
`responses` table of `models/database`. Such a domain's word unit maps no table, and often
writes none either (the rows are stored through another domain's context), so the slice
split (`propose.split_slices`) takes it for helpers and leaves it in whichever group the
clustering put it. Data first says otherwise: a unit is a slice over its own data when

- a schema-sized models module (`index_facts.schema_sized`: four tables or more, half of
  the project's or more) outside the unit maps a table whose name or model class is the
  unit's word (`responses`, `Response` for the `response` unit);
- and a module of the unit reads or writes that table through its models.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

from strangler.seams.words import singular

NAMED_MIN = 3  # modules of a unit (an API, its schemas, its logic) to be a slice by name
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def word_key(name: str) -> str:
    """A word compared across spellings: lower case, singular, no separator."""
    return singular(_CAMEL.sub("_", name).lower()).replace("_", "")


def _parts_key(name: str) -> str:
    """`word_key` with each word made singular (`concurrency_limits_v2` as
    `concurrency_limit_v2`)."""
    return "".join(singular(w) for w in _CAMEL.sub("_", name).lower().split("_"))


def _schema_names(maps: Mapping[str, Iterable[str]], classes: Mapping[str, Iterable[str]],
                  tables: int, access: Iterable[tuple[str, str]], key: Callable[[str], str],
                  parents: Mapping[str, str] | None = None
                  ) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """The schema-sized models modules (each -> the tables it maps), the tables they map by
    each word `key` naming them (a table's name, a mapping class's; child tables,
    `parents`, left out), and the tables each module reads or writes (`access`)."""
    from strangler.seams.index_facts import schema_sized

    schemas = {module: set(found) for module, found in maps.items()
               if schema_sized(len(set(found)), tables)}
    named: dict[str, set[str]] = defaultdict(set)  # word key -> tables it names
    for found in schemas.values():
        for table in found:
            if parents and table in parents:
                continue
            named[key(table)].add(table)
            for name in classes.get(table, ()):
                named[key(name.rsplit(".", 1)[-1])].add(table)
    touched: dict[str, set[str]] = defaultdict(set)
    for module, table in access:
        touched[module].add(table)
    return schemas, named, touched


def named_data_units(units: Mapping[str, str], maps: Mapping[str, Iterable[str]],
                     classes: Mapping[str, Iterable[str]], tables: int,
                     access: Iterable[tuple[str, str]],
                     parents: Mapping[str, str] | None = None) -> set[str]:
    """The word units that are slices over tables of the schema's one models module (see
    the module docstring). `units`: module -> its domain unit (`words.domain_units`);
    `maps`: mapping module -> the tables it maps; `classes`: table -> the names of the
    classes mapping it; `tables`: how many tables the project has; `access`: (module,
    table) for each module reading or writing a table; `parents`: each child table's
    parent (`aggregates.table_parents`): a child table lives in its parent's aggregate, so
    it makes no slice of its own."""
    schemas, named, touched = _schema_names(maps, classes, tables, access, word_key, parents)
    sizes = Counter(units.values())
    found_units: set[str] = set()
    for module, unit in sorted(units.items()):
        if not unit.startswith("word:") or module in schemas:
            continue
        word = unit[len("word:"):]
        own = named.get(word_key(word), set()) & touched.get(module, set())
        if len(word_key(word)) >= 3 and own and sizes[unit] >= NAMED_MIN:
            found_units.add(unit)
    return found_units


def named_data_modules(units: Mapping[str, str], maps: Mapping[str, Iterable[str]],
                       classes: Mapping[str, Iterable[str]], tables: int,
                       access: Iterable[tuple[str, str]]) -> set[str]:
    """The modules that work on a table of the schema's one models module named by their
    own word unit (`models/deployments`, unit `deployment`, reading the `deployment`
    table that `database/orm_models` maps with every other): that table's domain code, even
    when no write of it is seen (the rows stored through a database interface handed in as
    a parameter), so breadth alone does not make them kernel. Arguments as for
    `named_data_units`."""
    schemas, named, touched = _schema_names(maps, classes, tables, access, _parts_key)
    found_modules: set[str] = set()
    for module, unit in sorted(units.items()):
        if not unit.startswith("word:") or module in schemas:
            continue
        word = unit[len("word:"):]
        if len(_parts_key(word)) >= 3 and named.get(_parts_key(word), set()) & touched[module]:
            found_modules.add(module)
    return found_modules
