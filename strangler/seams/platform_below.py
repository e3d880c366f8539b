"""Data-less groups that stand below the services that use them: platform by structure.

`kernel.platform_groups` takes a group that serves no route, owns no table and that 30% of
the service groups use, when most of its modules carry a platform name. The name condition
keeps data-less *domains* out of the kernel (lnbits' funding-source backends, used by six
groups), but it also keeps out platform code named for what it does, not by a platform
word: a thread helper, file utilities, a read-only view of the store (`mythread`,
`fileutil`, `readonly`), a message queue and its connectors (`mq/*`, `wamp/*`).

Four structural facts tell the second kind from the first:

- it *stands below* the groups that use it: it uses at most a third as many other groups
  as use it (platform code is used, it does not use the domains; a domain without tables
  calls the domains it works for), and two service groups at least use it (a project, or
  a part of it, without routes or tables has no group below the others);
- it is used *directly*: more than half of its modules are used from other groups (a
  group of integrations is reached through one entry module, its facade or loader, and
  its backends through that: lnbits' `wallets/__init__`, a `gateways/stripe` calling
  `gateways/paypal`);
- no route-serving module carries one of its names' words: a data-less domain with an
  HTTP surface has an API module named like it (octoprint's `slicing` behind
  `server/api/slicing`); the platform's words are not the routes' ones;
- it is not a *family of interchangeable implementations*: a base module whose subclasses
  in its own package make, with it, half of the group or more (lnbits' `wallets/base` and
  its thirty backends, mailman's `pipelines/base` with `builtin` and `virgin`) is a domain
  of adapters, chosen by configuration, not infrastructure every domain calls.

Linear in the edges and the groups' modules."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from strangler.seams.words import singular

# How many more groups must use a group than it uses itself for it to stand below them.
BELOW_RATIO = 3


def _words(module: str, skipped: AbstractSet[str]) -> set[str]:
    """The singular lower-case words of a module's name parts, `skipped` parts aside."""
    return {singular(part.lower()) for part in module.split(".") if part not in skipped}


def below_groups(groups: Sequence[Sequence[str]], users: Mapping[int, AbstractSet[int]],
                 runtime: Iterable[tuple[str, str]], bases: Iterable[tuple[str, str]],
                 served: AbstractSet[str], skipped: AbstractSet[str]) -> set[int]:
    """The indices of `groups` that stand below their users, are used directly, carry no word
    of a route-serving module (`served`) and are no family of implementations.
    `users[i]`: the groups using group i at run time; `runtime`: (user, used) module pairs;
    `bases`: (subclass module, base module) pairs; `skipped`: name parts that carry no
    domain word (the project's top package, the platform names, `__init__`). The caller
    asks for the services among the users (`kernel.platform_groups`)."""
    label = {m: i for i, members in enumerate(groups) for m in members}
    uses: dict[int, set[int]] = defaultdict(set)
    reached: set[str] = set()
    for source, target in runtime:
        a, b = label.get(source), label.get(target)
        if a is not None and b is not None and a != b:
            uses[a].add(b)
            reached.add(target)
    subclasses: dict[int, Counter[str]] = defaultdict(Counter)
    for sub, base in bases:
        i = label.get(sub)
        if (i is not None and sub != base and label.get(base) == i
                and sub.rpartition(".")[0] == base.rpartition(".")[0]):
            subclasses[i][base] += 1
    route_words: set[str] = set()
    for module in served:
        route_words.add(singular(module.rsplit(".", 1)[-1].lower()))
    found: set[int] = set()
    for i, members in enumerate(groups):
        if not members or len(uses[i]) * BELOW_RATIO > len(users.get(i, ())):
            continue
        if sum(1 for m in members if m in reached) * 2 <= len(members):
            continue
        family = max(subclasses[i].values(), default=0)
        if family >= 2 and (family + 1) * 2 >= len(members):
            continue
        if any(_words(m, skipped) & route_words for m in members):
            continue
        found.add(i)
    return found
