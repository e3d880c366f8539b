"""Which of the name chains the walk recorded are kept as a module's symbol uses."""

from __future__ import annotations

from strangler.model import RawClass, RawImport, RawTableObject, UseRow


def kept_uses(uses: dict[tuple[str, tuple[str, ...], str], list[int]],
              imports: list[RawImport], classes: list[RawClass],
              table_objects: list[RawTableObject]) -> tuple[UseRow, ...]:
    """Uses of names bound by imports (all names after a star import), and of the module's
    own model classes and Table objects: using those here makes this module an accessor of
    their tables (`secondary=tags`, `session.get(User, id)` in a method)."""
    bound = {raw.alias for raw in imports if raw.alias}
    keep_all = any(raw.star for raw in imports)
    local = {cls.name for cls in classes if "." not in cls.name} | {
        obj.var for obj in table_objects if obj.var}
    return tuple(
        (name, attrs, kind, tuple(found))
        for (name, attrs, kind), found in uses.items()
        if keep_all or name in bound or (name in local and name not in bound)
    )
