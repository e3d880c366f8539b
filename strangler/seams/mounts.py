"""Route mounts found from the routes themselves: a path segment that most of a project's
routes start with (`/data/...` in front of 389 of 591 routes, `/backend/...`,
`/actions/...`) is where the application mounts its API, not a domain word. Known
interface mounts (`/api/`, `/rest/`: `naming.ROUTE_MOUNTS`) are skipped by name; these
are skipped by their share, so a seam is named after what its own routes are about
(`/data/assets/...` -> assets), not after the prefix every seam's routes carry."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MOUNT_SHARE = 0.5  # of the routes (more than this share) whose first word a mount is
MOUNT_MIN_ROUTES = 20  # too few routes say nothing about a prefix
MOUNT_PACKAGES = 3  # packages serving the routes below a mount, at least

_PARAM = re.compile(r"^[<{:(\[].*|^v\d+(\.\d+)*$|^\d+$")


def shared_mounts(routes: Iterable[tuple[list[str], str]], known: frozenset[str]
                  ) -> frozenset[str]:
    """The segment that is the first telling segment (not a parameter, a version or a
    `known` mount) of more than MOUNT_SHARE of the `routes` ((path segments, serving
    module) each), from MOUNT_MIN_ROUTES routes up, when the routes below it are served
    from MOUNT_PACKAGES packages or more, none serving half of them: a domain that serves
    most routes (`/users/...`, all from `users/views`) is no mount. One only: the word
    most routes below a mount share in turn may be such a domain."""
    found = [([s.lower() for s in segments], module) for segments, module in routes]
    if len(found) < MOUNT_MIN_ROUTES:
        return frozenset()
    firsts = Counter(first for segments, _ in found
                     if (first := _first(segments, known)) is not None)
    if not firsts:
        return frozenset()
    word, count = min(firsts.items(), key=lambda item: (-item[1], item[0]))
    if count <= MOUNT_SHARE * len(found):
        return frozenset()
    packages = Counter(module.rsplit(".", 1)[0] for segments, module in found
                       if _first(segments, known) == word)
    if len(packages) < MOUNT_PACKAGES or max(packages.values()) * 2 >= count:
        return frozenset()
    return frozenset({word})


def _first(segments: list[str], skip: frozenset[str]) -> str | None:
    for segment in segments:
        if segment and not _PARAM.match(segment) and segment not in skip:
            return segment
    return None
