"""Layer packages that are cousins: one level below top-level packages named for no layer.

A layered application may keep its layers one level down, each inside a top-level package
named for something else: `data/model/<concept>.py` (queries), `endpoints/api/<resource>.py`
(REST). `words._units` reads a package as layered only when it holds layer packages as
CHILDREN, so each top package stayed one unit (`data`, `endpoints`) and no module got its
domain's unit. Making every module of such a layer package a word unit cut the platform
too (one-module units read as slices, their helpers went to the kernel), so only the
words that RECUR make units: a child of a cousin layer package (a package named by a
`TRUE_LAYERS` word whose parent is a top-level package kept whole) joins `word:<w>` when
another cousin layer package, under another top package, has a child of the same domain
word. A word found in one layer only (`discovery`, `_basequery`, `health`) stays with its
top package."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

# A twin of a resource module named `<domain>_<layer word>_<anything>`
# (`team_models_interface`, `team_models_pre_oci`): its domain is the part before the layer.
_TWIN = re.compile(r"^(?P<word>[a-z0-9]+(?:_[a-z0-9]+)*?)_(models?|views?|schemas?|services?|"
                   r"serializers?|forms?)_[a-z0-9_]+$")


def twin_stem(name: str) -> str:
    """`team_models_interface` -> `team`; other names are kept."""
    found = _TWIN.match(name.lower())
    return found.group("word") if found else name


def cousin_units(units: dict[str, str], packages: dict[str, set[str]],
                 layers: frozenset[str], layered: Callable[[str], bool],
                 word_of: Callable[[str], str | None]) -> dict[str, str]:
    """`units` with the modules of cousin layer packages whose domain word recurs in another
    cousin layer package given `word:<word>` (see the module's doc). `packages`: each
    package's child packages (`words._child_packages`); `layers`: the layer names
    (`TRUE_LAYERS`); `layered`: whether a package is read as layered already; `word_of`:
    the domain word of one name part (`words._main_word`)."""
    tops = {name.split(".", 1)[0] for name in units if "." in name}
    cousins: list[str] = []
    for top in sorted(tops):
        if layered(top):
            continue
        for kid in sorted(packages.get(top, ())):
            package = f"{top}.{kid}"
            if kid.lower() in layers and not layered(package):
                cousins.append(package)
    if len({c.split(".", 1)[0] for c in cousins}) < 2:
        return units
    # (layer package -> word key -> its modules; only modules kept in their top package's
    # unit; a top package of `<word>worker` children is a layer too: `suffix_layers`)
    found: dict[str, dict[str, list[str]]] = {c: defaultdict(list) for c in cousins}
    suffixes = suffix_layers(units, tops, layered)
    found.update((top, defaultdict(list)) for top in suffixes)
    spelled: dict[str, str] = {}
    for name, unit in units.items():
        parts = name.split(".")
        if len(parts) < 2 or unit != parts[0]:
            continue
        if parts[0] in suffixes:
            layer, part = parts[0], _stem(parts[1], suffixes[parts[0]])
        elif len(parts) >= 3 and (layer := ".".join(parts[:2])) in found:
            part = twin_stem(parts[2])
        else:
            continue
        word = word_of(part) if part else None
        if word:
            key = word.replace("_", "")
            found[layer][key].append(name)
            spelled.setdefault(key, word)
    counts: dict[str, set[str]] = defaultdict(set)
    for cousin, words in found.items():
        for key in words:
            counts[key].add(cousin.split(".", 1)[0])
    result = dict(units)
    recurring = {key for key, where in counts.items() if len(where) >= 2}
    if not recurring:
        return units
    # (a top package holding a cousin layer is a container of layers, not a domain: its
    # other packages are units of their own, and its layer's other modules stand alone;
    # so are a suffix layer's other children, each a job of its own)
    hosts = {c.split(".", 1)[0] for c, words in found.items() if set(words) & recurring}
    for name, unit in units.items():
        parts = name.split(".")
        if unit in hosts and len(parts) >= 2 and unit == parts[0]:
            package = ".".join(parts[:2])
            result[name] = name if package in found else package
    for words in found.values():
        for key, members in words.items():
            if len(counts[key]) >= 2:
                for name in members:
                    result[name] = f"word:{spelled[key]}"
    return result


SUFFIX_MIN = 3  # children named `<stem><suffix>` that make a suffix layer


def _stem(part: str, suffix: str) -> str:
    """`autopruneworker`, `gc_worker` -> `autoprune`, `gc` for suffix `worker`; '' else."""
    lowered = part.lower()
    if not lowered.endswith(suffix) or len(lowered) - len(suffix) < 3:
        return ""
    return lowered[:-len(suffix)].rstrip("_")


def suffix_layers(units: dict[str, str], tops: set[str],
                  layered: Callable[[str], bool]) -> dict[str, str]:
    """Top packages kept whole whose children (modules and packages) are named
    `<stem><the package's singular name>`, SUFFIX_MIN of them and half or more
    (`workers/autopruneworker`, `workers/gc_worker`): a layer of one job per concern.
    Top package -> that suffix."""
    from strangler.seams.words import singular

    kids: dict[str, set[str]] = defaultdict(set)
    for name, unit in units.items():
        parts = name.split(".")
        if len(parts) >= 2 and unit == parts[0]:
            kids[parts[0]].add(parts[1])
    found: dict[str, str] = {}
    for top in sorted(tops):
        suffix = singular(top.lower())
        if len(suffix) < 3 or suffix == top.lower() or layered(top):
            continue
        named = sum(1 for kid in kids.get(top, ()) if _stem(kid, suffix))
        if named >= SUFFIX_MIN and named * 2 >= len(kids[top]):
            found[top] = suffix
    return found
