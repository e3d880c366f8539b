"""Find the shared kernel (modules most others use) and composition roots (app factories)."""

from __future__ import annotations

from collections import defaultdict

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches

KERNEL_NAMES = {"utils", "util", "common", "helpers", "helper", "base", "db", "database",
                "config", "configs", "settings", "constants", "exceptions", "errors", "types",
                "compat", "models", "extensions", "ext", "core", "lib", "shared"}
RUNTIME_KINDS = ("import", "import_lazy", "call", "base", "decorator", "attribute", "reference")


def group_of(module: str) -> str:
    """The package a module belongs to for breadth counts: its first two name parts."""
    return ".".join(module.split(".")[:2])


def find_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig
                ) -> tuple[list[KernelModule], list[KernelModule]]:
    """(shared kernel, composition roots), each module with the reason it was chosen."""
    groups = {group_of(m.name) for m in index.modules}
    others = max(1, len(groups) - 1)
    most = max(3, (others + 1) // 2)
    # On a big project a composition root (superset's initialization) wires a quarter of the
    # packages, used by almost nobody; on a small one, half of them.
    wiring = max(8, (others + 3) // 4)
    users: dict[str, set[str]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        kinds = dict(dependency.kinds)
        if not any(kind in kinds for kind in RUNTIME_KINDS):
            continue
        source, target = group_of(dependency.source), group_of(dependency.target)
        if source != target:
            users[dependency.target].add(source)
            uses[dependency.source].add(target)
    kernel: list[KernelModule] = []
    roots: list[KernelModule] = []
    for module in index.modules:
        name = module.name
        if config.pinned_service(name):
            continue
        breadth, reach = len(users[name]), len(uses[name])
        parts = set(name.split(".")[1:] or name.split("."))
        if matches(name, config.kernels):
            kernel.append(KernelModule(name, "marked as shared kernel in the configuration"))
        elif breadth >= most:
            kernel.append(KernelModule(name, f"used by {breadth} of {others} other packages"))
        elif breadth >= 2 and parts & KERNEL_NAMES:
            kernel.append(KernelModule(
                name, f"a {'/'.join(sorted(parts & KERNEL_NAMES))} module used by {breadth} "
                      "other packages"))
        elif (reach >= most and breadth * 3 < reach) or (reach >= wiring and breadth <= 2):
            roots.append(KernelModule(name, f"wires {reach} of {others} other packages "
                                            "together (application factory or root URLconf)"))
    # Entry scripts and packages that only start the application (serve.py, a package
    # re-exporting create_app) are roots too.
    depends_on: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        if any(kind in dict(dependency.kinds) for kind in RUNTIME_KINDS):
            depends_on[dependency.source].add(dependency.target)
    kernel_set = {k.module for k in kernel}
    root_set = {r.module for r in roots}
    grew = bool(root_set)
    while grew:
        grew = False
        for module in index.modules:
            targets = depends_on[module.name] - kernel_set - {module.name}
            if module.name not in root_set | kernel_set and targets and targets <= root_set:
                roots.append(KernelModule(module.name, "only starts the application"))
                root_set.add(module.name)
                grew = True
    # Modules only the kernel uses (a models base class, say) belong to the kernel too.
    members = {k.module for k in kernel}
    dependents: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        if any(kind in dict(dependency.kinds) for kind in RUNTIME_KINDS):
            dependents[dependency.target].add(dependency.source)
    roots_set = {r.module for r in roots}
    changed = True
    while changed:
        changed = False
        for module in index.modules:
            name = module.name
            users_of = dependents[name] - {name}
            if name in members or name in roots_set or not users_of or config.pinned_service(
                    name):
                continue
            if users_of <= members:
                kernel.append(KernelModule(name, "used only by the shared kernel"))
                members.add(name)
                changed = True
    return kernel, roots
