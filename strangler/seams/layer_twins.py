"""A layer pair's module and its twins in the application's other packages share one seam.

`layer_pairs._unnamed_pairs` finds two sibling packages that repeat each other's domains
(a master's `db/builds` beside `data/builds`). The application's other packages use them:
an engine package holds a module named after the same domain (`process/builder` beside
`db/builders`, `data/builders`), or a whole package is named after it (`schedulers/` beside
`db/schedulers`). The clustering cuts such a domain along its layers when the engine module
is glued to its package's neighbours (`process/botmaster`) or the layer modules to the
other small resources of their layer (and a compound's layer modules, `db/codebase_commits`,
from its head's). Once the seams are drawn, the twins of each shared
domain word join one group: a package named after the word anchors it (the layer modules
join the group holding most of that package's modules); otherwise the layer modules do
("data first": the group holding most of them, by count then code lines), and each engine
module of the word joins them. Pinned groups neither give nor take; kept modules stay."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.seams.layer_pairs import domain_key, paired_layer_packages
from strangler.seams.layer_rejoin import _moved

REST_MIN = 3  # letters after a word that a module's name begins with (`buildstep`)


def _named(child: str, words: frozenset[str]) -> str | None:
    """The shared domain word that names an engine module: its domain word, or else the
    longest shared word its name begins with, REST_MIN letters or more left after it
    (`buildrequestdistributor` -> `buildrequest`, `workerforbuilder` -> `worker`)."""
    word = domain_key(child)
    if word in words:
        return word
    name = child.lower().replace("_", "")
    begun = [w for w in words if name.startswith(w) and len(name) - len(w) >= REST_MIN]
    return max(begun, key=lambda w: (len(w), w)) if begun else None


def _layer_word(child: str, words: frozenset[str]) -> str | None:
    """The shared domain word a layer module is named after: that of the longest run of its
    name's first parts, one part or more left, when the layers share it (a compound's head:
    `codebase_commits` -> `codebase`, `test_result_sets` -> `test_result`, `build_data` ->
    `build`), else its own."""
    parts = child.split("_")
    for end in range(len(parts) - 1, 0, -1):
        if (head := domain_key("_".join(parts[:end]))) in words:
            return head
    word = domain_key(child)
    return word if word in words else None


def _twins(modules: set[str]) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(word, layer modules, engine twins, the application's package named after the word)
    for each domain word an unnamed layer pair shares."""
    pairs = paired_layer_packages(modules)
    if not pairs.unnamed:
        return []
    from strangler.seams.layer_apps import child_names

    kids = child_names(modules)
    found: list[tuple[str, list[str], list[str], list[str]]] = []
    for package in sorted(pairs.packages):
        layers = sorted(p for p in pairs.unnamed if p.rpartition(".")[0] == package)
        if len(layers) < 2:
            continue
        layer_set = set(layers)
        # (every domain word both layers name, rare or not: the pair is found already)
        shared = [{k for c in kids[layer] if (k := domain_key(c))} for layer in layers]
        words = frozenset.intersection(*map(frozenset, shared))
        layer_of: dict[str, list[str]] = defaultdict(list)
        engine_of: dict[str, list[str]] = defaultdict(list)
        package_of: dict[str, list[str]] = defaultdict(list)
        prefix = f"{package}."
        for module in sorted(modules):
            if not module.startswith(prefix):
                continue
            parts = module[len(prefix):].split(".")
            top = f"{package}.{parts[0]}"
            if top in layer_set:
                if len(parts) >= 2 and (word := _layer_word(parts[1], words)):
                    layer_of[word].append(module)
                continue
            if (word := domain_key(parts[0])) in words:
                # (a package or module of the application named after the word)
                if len(parts) >= 2 or top in kids:
                    package_of[word].append(module)
                else:
                    engine_of[word].append(module)
                continue
            if len(parts) >= 2 and (word := _named(parts[1], words)):
                engine_of[word].append(module)  # (`process/builder`, `process/buildstep`)
        for word in sorted(words):
            if layer_of[word] and (engine_of[word] or package_of[word]):
                found.append((word, layer_of[word], engine_of[word], package_of[word]))
    return found


def join_twins(groups: tuple[tuple[str, tuple[str, ...]], ...], modules: Iterable[str],
               loc: Mapping[str, int], kept: Iterable[str] = ()
               ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each shared domain word's layer modules and engine twins (`_twins`)
    in one group, as the module docstring says. `loc`: code lines of each module."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    held = set(kept)
    moves: dict[str, int] = {}
    for _word, layer, engine, package in _twins(set(modules)):
        layer = [m for m in layer if m in label]
        engine = [m for m in engine if m in label]
        package = [m for m in package if m in label]
        if not layer or not (engine or package):
            continue
        anchor = package or layer
        count = Counter(label[m] for m in anchor)
        lines = Counter({g: 0 for g in count})
        for m in anchor:
            lines[label[m]] += loc.get(m, 0)
        ranked = sorted(count, key=lambda g: (-count[g], -lines[g], g))
        if len(ranked) > 1 and (count[ranked[1]], lines[ranked[1]]) == \
                (count[ranked[0]], lines[ranked[0]]):
            continue
        home = ranked[0]
        if home in pinned:
            continue
        movers = layer + engine
        for m in movers:
            if label[m] != home and label[m] not in pinned and m not in held:
                moves[m] = home
    return _moved(groups, label, moves)


def twin_units(modules: Iterable[str]) -> dict[str, str]:
    """Each engine twin module (`process/build`, `process/buildstep`) -> the word unit of
    the domain it is the twin of (`word:build`), for naming: its package's word
    (`process`) would name the seam of the build slice it joined."""
    return {module: f"word:{word}" for word, _, engine, _ in _twins(set(modules))
            for module in engine}


def held_twins(units: Mapping[str, str]) -> dict[str, str]:
    """The layer twins of each domain word of an unnamed layer pair, module -> its word
    unit: the modules named after their unit's word (`domain_key`) directly in the pair's
    layer packages (`core/rule`, `gateway/rule`: `LayerPairs.unnamed`) or in a third layer
    package wrapped below another child of the application (`web/rest/flaskapi/v1/rules`:
    `LayerPairs.wrapped`), for the words written so in two of those packages or more, in an
    application that has such a third layer. They are one concept across its layers: the
    clustering holds them as one node, where `propose.cohesive_units` let the logic module
    go (every other domain's logic and jobs pull it harder than its own two thin interface
    layers do) and the interface twins then made a slice without it. With two layers only
    (a CI master's `db/` and `data/`) the twins are joined after the clustering
    (`join_twins`): held before it, buildbot lost 0.035 (ten seeds). Layer packages known
    by their names (`models/`, `services/`) are `layer_families.family_units`'s."""
    pairs = paired_layer_packages(units)
    if not pairs.unnamed or not pairs.wrapped:
        return {}  # (two layers: `join_twins` joins them once the seams are drawn)
    layers = pairs.unnamed | pairs.wrapped
    # unit -> layer package -> its modules (`core/rule`, `core/rule_utils`)
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module, unit in units.items():
        package = module.rpartition(".")[0]
        if unit.startswith("word:") and package in layers \
                and domain_key(module.rpartition(".")[2]) == domain_key(unit[len("word:"):]):
            found[unit][package].append(module)
    return {module: unit for unit, held in found.items() if len(held) >= 2
            for modules in held.values() for module in modules}
