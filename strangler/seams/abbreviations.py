"""A package named by an abbreviation of a domain word is a part of that domain.

Teams shorten the word of a domain when they name a component of it: `wasm_ext/` (the
runtime of the extensions, beside `crud/extensions`, `services/extensions`,
`views/extension_api`), `auth_backends/` beside `authentication`. The word units
(`words.domain_units`) only compare whole words, so the component is a unit of its own,
and when it is big (a package of thirty modules) the clustering makes it a seam beside
the domain it belongs to: the domain's slice is cut. The developers' name says where it
belongs, and the code says so too. A package unit joins the group holding most of a word
unit's modules when

- one word of its own name (ABBREVIATION_MIN letters or more, no word unit of its own,
  no layer or platform word) is a strict prefix of the word of exactly one domain, that
  domain's unit being written across two layer packages or more (a domain, not a
  package of its own);
- and the two are tied both ways in code: a module of the package uses a module of the
  domain, and a module of the domain uses a module of the package. A shared prefix
  without that is a coincidence of spelling.

The rule acts once the seams are drawn, like `layer_rejoin`: only the package's modules
move (the rest of its group stays), pinned groups neither give nor take, and modules the
user keeps together stay."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.graph import Dependency
from strangler.seams.layer_rejoin import REJOIN_LAYERS, _moved, in_layer
from strangler.seams.words import LAYER_WORDS, STOP_WORDS, singular

ABBREVIATION_MIN = 3  # letters of an abbreviation (`ext`, `auth`, `org`)
DOMAIN_LAYERS = 2  # layer packages a domain's word unit spans


def abbreviated_domains(units: dict[str, str]) -> dict[str, str]:
    """package unit (`word:wasm_ext`) -> the domain unit its name abbreviates
    (`word:extension`), by name alone (see the module docstring's first condition)."""
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(module)
    domains: dict[str, set[str]] = defaultdict(set)  # first word -> domain units
    packages: set[str] = set()  # units that are one package outside the layers
    for unit, modules in members.items():
        top = min(modules, key=lambda m: (m.count("."), m))
        if all(m == top or m.startswith(top + ".") for m in modules):
            if not in_layer(top):
                packages.add(unit)
            continue
        layers = {layer_package(m) for m in modules if in_layer(m)}
        if len(layers - {""}) >= DOMAIN_LAYERS:
            domains[singular(unit[5:].split("_")[0])].add(unit)
    found: dict[str, str] = {}
    for unit in sorted(packages):
        named: set[str] = set()
        for token in unit[5:].split("_"):
            if (len(token) < ABBREVIATION_MIN or token in LAYER_WORDS or token in STOP_WORDS
                    or f"word:{token}" in members):
                continue
            named |= {w for w in domains if w != token and w.startswith(token)}
        if len(named) == 1:
            word = named.pop()
            if len(domains[word]) == 1:
                found[unit] = next(iter(domains[word]))
            else:  # (`extension` and `extensions_builder`: the plain word is the domain)
                plain = f"word:{word}"
                if plain in domains[word]:
                    found[unit] = plain
    return found


def abbreviation_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                       dependencies: Iterable[Dependency], kept: Iterable[str] = ()
                       ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each package unit named by an abbreviation of a domain word
    (`abbreviated_domains`), tied to that domain both ways in code, moved to the group
    holding most of the domain unit's modules (ties: no move)."""
    pairs = abbreviated_domains(units)
    if not pairs:
        return groups
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    uses: set[tuple[str, str]] = set()
    for dependency in dependencies:
        a, b = units.get(dependency.source), units.get(dependency.target)
        if a and b and a != b:
            uses.add((a, b))
    held = set(kept)
    moves: dict[str, int] = {}
    for part, domain in sorted(pairs.items()):
        if (part, domain) not in uses or (domain, part) not in uses:
            continue
        count = Counter(label[m] for m, u in units.items() if u == domain and m in label)
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            continue
        home = ranked[0][0]
        if home in pinned:
            continue
        for module, unit in units.items():
            if unit == part and module in label and label[module] != home \
                    and label[module] not in pinned and module not in held:
                moves[module] = home
    return _moved(groups, label, moves)


def layer_package(module: str) -> str:
    """The nearest layer package above `module` (`app.crud.payments` -> `app.crud`)."""
    parts = module.split(".")
    for cut in range(len(parts) - 2, -1, -1):
        if parts[cut] in REJOIN_LAYERS:
            return ".".join(parts[:cut + 1])
    return ""
