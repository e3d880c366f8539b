"""Links from an import by a built name to the project modules it can name.

A plugin loader builds the module's name from a value: `import_module(f"app.tools.{name}.
parser")` over the names of a folder, `import_module("app.backends." + kind)`. Without a
link the modules it loads look unused, or used only by the data they work on, and no rule
sees them as the loader's plugins. The pattern's literal parts must name a module path (a
value alone, `import_module(name)`, links nothing); each value stands for one name part or
a part of one (`*_parser`), and a leading value for one part or more (`{app}.signals`). A
pattern that names no project module stays an unresolved dynamic import."""

from __future__ import annotations

import re

from strangler.parse.link.names import Linker


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """`app.*.parser` -> a regular expression over module names."""
    pieces: list[str] = []
    for i, piece in enumerate(pattern.split("*")):
        if i:
            # (a value opening the name may stand for several parts: an app's dotted path)
            pieces.append(r".+" if i == 1 and not pieces[0] else r"[^.]+")
        pieces.append(re.escape(piece))
    return re.compile("".join(pieces) + r"\Z")


def pattern_links(linker: Linker) -> tuple[tuple[tuple[str, str], ...], list[tuple[str, int]]]:
    """(loader, module) for each project module a pattern names, sorted; and the (module,
    line) of the patterns that name none."""
    found: set[tuple[str, str]] = set()
    unmatched: list[tuple[str, int]] = []
    names = sorted(linker.data)
    for name, data in linker.data.items():
        for line, pattern in data.facts.dynamic_patterns:
            regex = pattern_regex(pattern)
            targets = [m for m in names if m != name and regex.match(m)]
            if not targets:
                unmatched.append((name, line))
            found.update((name, target) for target in targets)
    return tuple(sorted(found)), unmatched
