"""Stand-alone scripts kept beside an application: developer tools, data generators, one-off
imports (`tools/create_fake_admin.py`, `extras/dummy_generator/generator.py`, a top-level
`populate.py`). They are run by hand, not deployed with a service; left in the proposal, their
table writes make tables look shared (a fake-admin script writing the accounts, wallets and
payments tables) and their imports pull unrelated domains together."""

from __future__ import annotations

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.index_facts import data_facts, served_modules

PACKAGED_SHARE = 0.5  # of the modules, in regular top-level packages, for the rule to apply
SCRIPT_REASON = ("script run beside the application (outside its packages, used by none of "
                 "its modules), left out of the proposal")


def find_scripts(index: ProjectIndex, graph: CouplingGraph, kept: set[str],
                 left_out: frozenset[str] = frozenset()) -> list[KernelModule]:
    """Modules outside the application's regular packages (a top-level file, or a folder
    without `__init__.py` such as `tools/`, `extras/`, `docs/scripts/`) that no module of the
    application uses, that serve no route and map no table. `kept` (roots, pinned modules)
    stay, and so do the modules they, or the modules serving routes or mapping tables, use;
    `left_out` (examples found already) is neither returned nor keeps what it uses.
    Only where regular packages hold most of the code: in a flat project every module is
    top-level, and none is a script by this rule."""
    packages = {m.name for m in index.modules if m.is_package}

    def packaged(name: str) -> bool:
        # In a regular package at any depth: a namespace package (no `__init__.py`, as
        # `acme/` of `acme/shop/`, or a folder of plugin packages) holds application code.
        while True:
            if name in packages:
                return True
            if "." not in name:
                return False
            name = name.rsplit(".", 1)[0]

    outside = {m.name for m in index.modules if not packaged(m.name)}
    if len(index.modules) - len(outside) < PACKAGED_SHARE * len(index.modules):
        return []
    served = served_modules(index).serving
    mapping = data_facts(index, graph).mapping
    uses: dict[str, set[str]] = {}
    used: set[str] = set()
    for d in graph.dependencies:
        if d.target in outside and d.source != d.target:
            if d.source in outside:
                uses.setdefault(d.source, set()).add(d.target)
            else:
                used.add(d.target)
    # A script used only by scripts is one too; one the application uses is not, nor are
    # the modules it uses in turn (its helpers), nor the helpers of a module that stays.
    used |= outside & (served | mapping | kept) - left_out
    frontier = sorted(used)
    while frontier:
        for target in uses.get(frontier.pop(), ()):
            if target not in used:
                used.add(target)
                frontier.append(target)
    return [KernelModule(name, SCRIPT_REASON) for name in sorted(outside)
            if name not in used and name not in served and name not in mapping
            and name not in kept and name not in left_out]
