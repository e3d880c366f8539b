"""Test-support code shipped inside the application's packages: pytest plugins and fixture
modules, fake-data generators, test projects and test helper modules (`pytest_plugin.py`,
`faker/`, `core/testproject/`, `users/test.py`). Tests themselves are left out by discovery;
the code that serves them sits beside the application code, and analysed as such it becomes
seams of its own or pulls unrelated domains together (a fake-data generator writes every
table).

Decided by structure, not by a list of projects: a module is test support when it imports a
test library (pytest, unittest, factory_boy, Faker, model_bakery...) or carries a
test-support name (`testing`, `testutils`, `testproject`, `fixtures`, `faker`, `factories`,
a `test` module), and no application module uses it. Who imports it decides: a `fixtures`
package that production code imports is application data, kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.model import KernelModule, ProjectIndex
from strangler.seams.layer_apps import descendants

# Top-level import names of libraries that only tests and test tooling use.
TEST_LIBRARIES = frozenset({"pytest", "_pytest", "unittest", "nose", "nose2", "hypothesis",
                            "faker", "factory", "model_bakery", "model_mommy", "mock",
                            "pytest_django", "pytest_asyncio", "pytest_mock"})
# Parts of a module's name (a package or the module itself) that say test support.
TEST_SUPPORT_NAMES = frozenset({"testing", "testutils", "test_utils", "testlib",
                                "testproject", "testapp", "test_app", "fixtures", "faker",
                                "fakers", "factories", "pytest_plugin", "pytest_plugins"})
TEST_SUPPORT_REASON = "test-support code (only tests and test tooling use it), left out"


def _named_like_test_support(module: str) -> bool:
    return any(part in TEST_SUPPORT_NAMES for part in module.lower().split("."))


def find_test_support(index: ProjectIndex, left_out: Iterable[str] = ()) -> list[KernelModule]:
    """Test-support modules that no application module uses, sorted by name.

    Candidates import a test library or carry a test-support name. A candidate that a
    module outside the candidates imports (a registration by dotted string or entry point
    aside: that lists it, it does not use it) is application code, and so, in turn, are
    the candidates it imports and the packages that hold it, until nothing changes.
    `left_out` (examples found already) neither are returned nor keep a candidate."""
    skip = set(left_out)
    names = {m.name for m in index.modules}
    testing_importers = {source for external in index.external
                         if external.module in TEST_LIBRARIES
                         for source, _ in external.importers}
    candidates = {name for name in names - skip
                  if name in testing_importers or _named_like_test_support(name)}
    users: dict[str, set[str]] = defaultdict(set)
    for imp in index.imports:
        if (imp.source != imp.target and imp.target in candidates
                and not (imp.registry or imp.entry_point or imp.type_only)):
            users[imp.target].add(imp.source)
    # (a package holding an application module is application code too)
    children = descendants(names)
    kept_out = set(candidates)
    changed = True
    while changed:
        changed = False
        for name in sorted(kept_out):
            if any(user not in kept_out and user not in skip for user in users[name]) or any(
                    child not in kept_out and child not in skip for child in children[name]):
                kept_out.discard(name)
                changed = True
    return [KernelModule(name, TEST_SUPPORT_REASON) for name in sorted(kept_out)]
