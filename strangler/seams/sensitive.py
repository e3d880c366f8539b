"""Which seams handle money or identity data: the tables they own, write or define the model
of, and the tables they read in a module that also uses their secret or money columns (an
auth seam reads `users` and checks `user.password`). Which tables hold such data is a fact
of the index (`Table.sensitive`, decided from columns by the parse stage)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from strangler.model import ProjectIndex, Seam, SensitiveTable


@dataclass(frozen=True)
class SensitiveData:
    """The project's money and identity tables, the modules that define their models and
    that read them, and the secret- or money-like attribute names each module uses."""

    tables: Mapping[str, SensitiveTable]
    models: Mapping[str, frozenset[str]] = field(default_factory=dict)
    readers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def handled_by(self, seam: Seam) -> list[SensitiveTable]:
        """The money or identity tables `seam` handles, in a fixed order: those it owns or
        writes, those whose model it defines, those a module of it reads while using their
        core columns. Reading a users table to address an e-mail does not count."""
        members = set(seam.modules)
        found: dict[str, SensitiveTable] = {}
        for table in [*seam.tables_owned, *(s.table for s in seam.tables_shared
                                            if s.side.writes)]:
            if table in self.tables:
                found.setdefault(table, self.tables[table])
        for table, judged in sorted(self.tables.items()):
            if table in found:
                continue
            if self.models.get(table, frozenset()) & members:
                found[table] = judged
        for shared in seam.tables_shared:
            read = self.tables.get(shared.table)
            if read is None or shared.table in found:
                continue
            core = {column.strip("_").lower() for column in read.core}
            if any(core.intersection(name.strip("_").lower()
                                     for name in self.attributes.get(module, ()))
                   for module in sorted(self.readers.get(shared.table, frozenset()) & members)):
                found[shared.table] = read
        return list(found.values())


def sensitive_data(index: ProjectIndex) -> SensitiveData:
    """The index's money and identity facts, for the plan."""
    tables = {t.name: t.sensitive for t in index.tables if t.sensitive is not None}
    models: dict[str, frozenset[str]] = {}
    readers: dict[str, frozenset[str]] = {}
    for table in index.tables:
        if table.name in tables:
            models[table.name] = frozenset(model.module for model in table.models)
            readers[table.name] = frozenset(a.module for a in (*table.readers, *table.writers))
    return SensitiveData(tables, models, readers,
                         {module: frozenset(names) for module, names in index.data_attributes})

