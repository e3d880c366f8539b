"""Writes a framework or a generic repository makes for a class that names its model.

A Django `ModelForm`, a generic `CreateView`/`UpdateView`/`DeleteView`, a REST framework
`ModelSerializer` or `ModelViewSet` writes the rows of the model it declares (`model = M`,
`class Meta: model = M`, `queryset = M.objects.all()`) through code of the framework's own:
the project's module never calls `save()`, yet it is the one that decides what is written.
The class counts as a writer of the model's table when one of its ancestors is such a
framework class; the same declaration in a filter set, a table or a read-only view stays a
read.

A repository typed by its model (`class ChartDAO(BaseDAO[Slice])`) stands for that model's
table in the same way: `ChartDAO.create(...)`, `ChartDAO.update(...)`, `ChartDAO.delete(...)`
are written in the caller's module, while the base class's code only sees `cls.model_cls`.
Only its write methods are counted (reads through it were already the repository's own).
"""

from __future__ import annotations

from collections.abc import Callable

from strangler.model import RawClass, TableAccess
from strangler.parse.link.names import Linker

# By framework package: the classes whose own code writes the declared model's rows.
WRITING_BASES: dict[str, frozenset[str]] = {
    "django": frozenset({
        "ModelForm", "BaseModelForm", "ModelFormMixin", "CreateView", "UpdateView",
        "DeleteView", "BaseCreateView", "BaseUpdateView", "BaseDeleteView", "DeletionMixin",
        "BaseModelFormSet", "BaseInlineFormSet"}),
    "rest_framework": frozenset({
        "ModelSerializer", "HyperlinkedModelSerializer", "ModelViewSet", "CreateModelMixin",
        "UpdateModelMixin", "DestroyModelMixin", "CreateAPIView", "UpdateAPIView",
        "DestroyAPIView", "ListCreateAPIView", "RetrieveUpdateAPIView",
        "RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView"}),
}


def declared_writes(linker: Linker, classes: dict[str, tuple[str, RawClass]],
                    bases: dict[str, list[str]],
                    table_of: Callable[[str, str], str | None]
                    ) -> list[tuple[str, TableAccess]]:
    """(table, access) for each model declared by a class that inherits a writing base;
    `table_of(module, expression)` names the table an expression in `module` stands for."""
    memo: dict[str, bool] = {}
    found: list[tuple[str, TableAccess]] = []
    for qual in sorted(classes):
        module, cls = classes[qual]
        if not cls.declared_models or not _writes(qual, classes, bases, memo):
            continue
        for expression, line in cls.declared_models:
            table = table_of(module, expression)
            if table is not None:
                found.append((table, TableAccess(module, linker.data[module].source.path, line,
                                                 expression.split(".")[0])))
    return found


def repository_writes(linker: Linker, classes: dict[str, tuple[str, RawClass]],
                      table_of: Callable[[str, str], str | None], write_methods: set[str],
                      member_uses: dict[tuple[str, str], list[tuple[str, tuple[str, ...], str,
                                                                       int]]]
                      ) -> list[tuple[str, TableAccess]]:
    """(table, access) for each write method called on a class whose subscripted base is
    typed by one model: `ChartDAO.update(chart, ...)` in any module, its own included."""
    stands_for: dict[str, tuple[str, str]] = {}  # qual -> (table, class name)
    for qual in sorted(classes):
        module, cls = classes[qual]
        if "." in cls.name or table_of(module, cls.name) is not None:
            continue  # a nested class, or itself a model
        tables = {table for arg in cls.base_args if (table := table_of(module, arg))}
        if len(tables) == 1:
            stands_for[qual] = (tables.pop(), cls.name)
    found: list[tuple[str, TableAccess]] = []
    for qual, (table, name) in sorted(stands_for.items()):
        module = classes[qual][0]
        uses = [(user, rest, line) for user, rest, kind, line in member_uses.get(
            (module, name), ()) if kind != "base"]
        uses += [(module, attrs, line) for local, attrs, kind, lines in
                 linker.data[module].facts.uses if local == name and kind != "base"
                 for line in lines]
        for user, rest, line in uses:
            if rest and rest[0] in write_methods:
                found.append((table, TableAccess(user, linker.data[user].source.path, line,
                                                 name)))
    return found


def _writes(qual: str, classes: dict[str, tuple[str, RawClass]], bases: dict[str, list[str]],
            memo: dict[str, bool], depth: int = 0) -> bool:
    """Whether the class or an ancestor is one of `WRITING_BASES`."""
    if qual in memo:
        return memo[qual]
    memo[qual] = False  # a cycle in broken code ends here
    result = False
    for base in bases.get(qual, ()):
        if base in classes:
            result = depth < 30 and _writes(base, classes, bases, memo, depth + 1)
        else:
            root, _, rest = base.partition(".")
            result = bool(rest) and base.rsplit(".", 1)[-1] in WRITING_BASES.get(root, ())
        if result:
            break
    memo[qual] = result
    return result
