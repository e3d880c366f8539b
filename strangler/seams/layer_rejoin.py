"""Layer modules rejoin the seam of their domain word.

In a layered application a domain's modules carry its word in every layer
(`charts/`, `commands/chart/`, `daos/chart`, `tasks/thumbnails` beside `thumbnails/`):
`words.domain_units` makes them one unit. The clustering keeps a unit's member with it
only while no other unit pulls it harder (`propose.cohesive_units`), so a job or a model
module that serves another domain as well (a cache-warming task that reads dashboards, the
user model every action uses) lands in that other domain's seam, and the slice is cut
across its layers. The team's own naming is the better witness for a layer module: once
the seams are drawn, a layer module whose domain unit sits in another seam, and holds
more of its members there than beside the module, moves to that seam. Only modules of a
layer package move (a domain package's own modules are the unit's anchor, they decide);
pinned groups and modules kept together by the user stay where they are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

from strangler.graph import Dependency
from strangler.model import ProjectIndex
from strangler.seams.words import TRUE_LAYERS, singular

# Packages that are a layer of every domain: the interface and data layers, and the
# background jobs (`tasks/cache`, `jobs/export`).
REJOIN_LAYERS = TRUE_LAYERS | frozenset({"tasks", "jobs"})


def in_layer(module: str) -> bool:
    """Whether one of the packages above `module` is a layer package (`commands/chart/
    create`, `tasks/cache`); the module's own name does not count."""
    return any(part in REJOIN_LAYERS for part in module.split(".")[:-1])


def rejoin_layers(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                  kept: Iterable[str] = (),
                  route_words: Mapping[str, frozenset[str]] | None = None,
                  heads: dict[str, str] | None = None,
                  roles: frozenset[str] = frozenset()
                  ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each layer module (`in_layer`) of a word unit (`word:chart`) moved
    to the group holding most of that unit's modules, when that group holds strictly more
    of them than the module's own group and is the only one that does. On a tie, the one
    tied group whose modules serve the routes the word names (`/user/...`: `route_words`,
    each module -> the first path segments of the routes it serves, singular) is the
    unit's home: the team drew that slice in its URLs, and the unit's other layer modules
    (the model mapping `user`, left among every domain's models) join it. `kept`: modules
    the user keeps together (never moved); pinned groups neither give nor take. With
    `heads` (compound word unit -> its head unit: `compounds.compound_heads`,
    `compounds.rejoin_heads`), a compound's layer modules then follow their head
    (`_compound_homes`). `roles`: word units that are a role each Django app fills for its
    own data (`app_roles.app_role_words`), no domain: their modules stay with their apps."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    members_of: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:") and module in label and unit not in roles:
            members_of[unit].append(module)
    held = set(kept)
    moves: dict[str, int] = {}
    for unit, members in sorted(members_of.items()):
        count = Counter(label[m] for m in members)
        if len(count) < 2:
            continue
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
        home, most = ranked[0]
        if ranked[1][1] == most:
            word = unit[len("word:"):]
            serving = {label[m] for m in members
                       if route_words and word in route_words.get(m, ())}
            tied = {i for i, n in count.items() if n == most}
            if len(serving & tied) != 1:
                continue
            home, = serving & tied
            most += 1  # (the routes' group wins the tie)
        if home in pinned:
            continue
        for module in members:
            source = label[module]
            if source != home and source not in pinned and count[source] < most \
                    and module not in held and in_layer(module):
                moves[module] = home
    moved = _moved(groups, label, moves)
    if not heads:
        return moved
    from strangler.seams.compounds import word_layers

    layers = word_layers(units)
    return _compound_homes(moved, members_of, heads, held,
                           lambda m: in_layer(m) or m.rsplit(".", 1)[0] in layers)


def _compound_homes(groups: tuple[tuple[str, tuple[str, ...]], ...],
                    members_of: dict[str, list[str]], heads: dict[str, str],
                    held: set[str], layered: Callable[[str], bool]
                    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each layer module of a compound word unit (`word:query_result`, whose
    head is `word:query`: `compounds.compound_heads`) moved to the group holding strictly
    most of its head's modules, when its own group holds none of them. The head decides
    alone (its own members were rejoined first): a compound counted with its head could tie
    the head's vote and keep a layer module from its slice. `layered`: whether a module
    sits in a layer package; `held` modules and pinned groups stay."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    moves: dict[str, int] = {}
    for unit, members in sorted(members_of.items()):
        head = _head_of(unit, heads)
        if head == unit or head not in members_of:
            continue
        count = Counter(label[m] for m in members_of[head] if m in label)
        if not count:
            continue
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
        home = ranked[0][0]
        if (len(ranked) > 1 and ranked[1][1] == ranked[0][1]) or groups[home][0]:
            continue
        for module in members:
            source = label.get(module)
            if source is None or source == home or count[source] or module in held \
                    or groups[source][0] or not layered(module):
                continue
            moves[module] = home
    return _moved(groups, label, moves)


def _head_of(unit: str, heads: dict[str, str]) -> str:
    """The last word unit along `unit`'s chain of heads (`query_result` -> `query`;
    `unit` itself when it has none; a cycle stops where it closes)."""
    seen = {unit}
    while (step := heads.get(unit)) is not None and step not in seen:
        seen.add(step)
        unit = step
    return unit


SYMBOL_MIN = 2  # uses of symbols named by a lone layer module's word that point to a home
SYMBOL_WORD_MIN = 5  # letters of a word to be read inside a symbol's name


def symbol_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                 dependencies: Iterable[Dependency], owners: set[str],
                 kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each lone layer module moved to the group whose code its word names.
    A layer module alone of its domain word (`services/funding_source`, no other module
    of that word in any layer) is the service layer of a package named otherwise (the
    funding-source backends under `wallets/`); the symbols it uses say which: when it uses
    SYMBOL_MIN or more symbols whose names hold its word (`get_funding_source`,
    `set_funding_source`), all of them from modules of one other group, it joins that
    group. Uses of `owners` (modules that map or write a table) do not count: the data a
    module uses already weighs in the clustering, and a models module of many domains
    (`Dashboard` in one `models.py`) names no home. `kept` and pinned groups as in
    `rejoin_layers`.

    The code that names the word may also be the module's caller: a job module alone of its
    word (`tasks/async_queries`) called by a module named by that word in another package
    (`async_events/async_query_manager`, which queues the job) is that package's job; the
    symbols such a caller uses of the module count for the caller's group, as named
    symbols do."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    size = Counter(units.values())
    held = set(kept)
    named: dict[str, Counter[int]] = defaultdict(Counter)

    def lone_word(module: str) -> str:
        unit = units.get(module, "")
        if not unit.startswith("word:") or size[unit] != 1:
            return ""
        word = unit[len("word:"):]
        return word if len(word) >= SYMBOL_WORD_MIN else ""

    for dependency in dependencies:
        module, target = dependency.source, dependency.target
        if module == target or module not in label or target not in label:
            continue
        if target not in owners and (word := lone_word(module)):
            uses = sum(n for symbol, n in dependency.symbols if word in symbol.lower())
            if uses:
                named[module][label[target]] += uses
        if module not in owners and (word := lone_word(target)) \
                and _named_by(module, (word, target.rsplit(".", 1)[-1].lower())):
            # (the caller is named by the lone module's word: `async_query_manager`)
            uses = sum(n for _, n in dependency.symbols)
            if uses:
                named[target][label[module]] += uses
    moves: dict[str, int] = {}
    for module, by_group in sorted(named.items()):
        source = label[module]
        if len(by_group) != 1 or module in held or source in pinned or not in_layer(module):
            continue
        (home, count), = by_group.items()
        if home != source and home not in pinned and count >= SYMBOL_MIN:
            moves[module] = home
    return _moved(groups, label, moves)


def _named_by(module: str, words: tuple[str, ...]) -> bool:
    """Whether the name of `module` holds one of `words` as whole words
    (`async_query_manager` holds `async_query`; `prevent_rules` does not hold `event`)."""
    name = f"_{module.rsplit('.', 1)[-1].lower()}_"
    return any(f"_{word}_" in name for word in words)


def _moved(groups: tuple[tuple[str, tuple[str, ...]], ...], label: dict[str, int],
           moves: dict[str, int]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each module of `moves` in its new group (a group left empty dropped)."""
    if not moves:
        return groups
    sets = [set(members) for _, members in groups]
    for module, target in sorted(moves.items()):
        sets[label[module]].discard(module)
        sets[target].add(module)
    return tuple((pin, tuple(sorted(members))) for (pin, _), members in zip(groups, sets,
                                                                             strict=True)
                 if members)


def route_words(index: ProjectIndex) -> dict[str, frozenset[str]]:
    """Each module that declares an HTTP route -> the first segments of its routes' paths,
    singular and lower-case (`/user/<id>/edit` -> `user`; a segment with a variable or a
    prefix known only at run time is none)."""
    found: dict[str, set[str]] = defaultdict(set)
    for route in index.routes:
        if route.kind != "http" or route.runtime_prefix:
            continue
        first = route.path.strip("/").split("/", 1)[0].lower().replace("-", "_")
        if first and first.replace("_", "").isalnum():
            found[route.module].add(singular(first))
    return {module: frozenset(words) for module, words in found.items()}
