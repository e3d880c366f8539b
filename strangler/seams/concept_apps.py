"""Apps laid out by concept: one unit per concept, not one for the app.

A big Django app may be a layered application of its own. Baserow's `contrib/database/`
holds a package per concept (`fields/`, `rows/`, `table/`, `webhooks/`), each with its
tables, handler and tasks, and layer packages that repeat those concepts (`api/fields/`,
`api/rows/`, `ws/rows/`). Read as one unit, the app's dozen domains become one seam. Such
an app is known by its shape: one of its child packages mirrors its concept packages.
Then each concept package is a unit, and the mirroring layers' packages of a concept join
it (`api/fields/` joins `fields/`); the app's own modules (`models.py`, `handler.py`, the
app config) and its other layer packages keep the app's unit."""

from __future__ import annotations

from collections.abc import Callable

from strangler.seams.layer_apps import descendants
from strangler.seams.words import singular

CONCEPT_MIN = 4  # concept packages of the app that a layer package repeats
CONCEPT_SHARE = 1 / 3  # of the layer package's own domain-named child packages


def concept_app_units(units: dict[str, str], packages: dict[str, set[str]],
                      key: Callable[[str], str | None]) -> dict[str, str]:
    """`units` with each concept app's modules in the unit of their concept (`word:<key>`).
    `packages`: each package's child packages; `key`: the domain word of a name part, or
    None for a layer or generic word (`api`, `utils`). An app is a package whose modules
    share one unit, with CONCEPT_MIN concept packages or more that one of its child packages
    repeats as its own children (a CONCEPT_SHARE of that package's domain-named ones)."""
    members = {package: sorted(below) for package, below in descendants(units).items()}
    found = dict(units)
    done: set[str] = set()
    for app in sorted(packages, key=lambda p: (p.count("."), p)):
        if not app or any(app.startswith(d + ".") for d in done):
            continue
        # (the app's package unit, or one above it, is where a name part reads as no
        # domain word: `database/views/` where `views` is a layer word)
        above = {f"word:{word}" for part in app.split(".")[:-1] if (word := key(part))}
        own_units = {u for m in members.get(app, ()) if not _around((u := units[m]), app, above)}
        if len(own_units) > 1:
            continue
        kids = sorted(packages.get(app, ()))
        concepts = {kid: k for kid in kids if (k := key(kid))}
        words = set(concepts.values())
        mirrors = []
        for kid in kids:
            own = {k for c in packages.get(f"{app}.{kid}", ()) if (k := key(c))}
            shared = own & (words - {concepts.get(kid)})
            if len(shared) >= CONCEPT_MIN and len(shared) >= CONCEPT_SHARE * len(own):
                mirrors.append(kid)
        if not mirrors:
            continue
        done.add(app)
        # (a package named by a layer word is a concept where a mirror repeats it too:
        # `database/views/` of the table views beside `database/api/views/`)
        for kid in kids:
            if kid not in concepts and kid not in mirrors and len(kid) >= 3 and any(
                    kid in packages.get(f"{app}.{m}", ()) for m in mirrors):
                concepts[kid] = singular(kid.lower())
        words = set(concepts.values())
        app_unit = min(own_units) if own_units else units.get(app, app)
        for name in members.get(app, ()):
            below = name[len(app) + 1:].split(".")
            if below[0] in mirrors:
                below = below[1:]
            # (a concept is a package: `api/serializers.py` stays the app's)
            word = None if not below or (len(below) == 1 and name not in members) else (
                concepts.get(below[0]) or key(below[0]))
            found[name] = f"word:{word}" if word and word in words else app_unit
    return found


def _around(unit: str, package: str, above: set[str]) -> bool:
    """Whether `unit` is the package unit of `package` or of a package above it, or one of
    the word units of those packages' names (`above`: `word:contrib` in `contrib/database/`)."""
    if unit.startswith("word:"):
        return unit in above
    return unit == package or package.startswith(unit + ".")
