"""The fact-completeness summary as plain data, and the one line the proposal opens with."""

from __future__ import annotations

from typing import Any

from strangler.model import FactCompleteness

_LISTED = 20  # paths and tables listed in analysis.json; the counts are always complete
_NAMED = 5  # classes named in the one-line text


def completeness_data(facts: FactCompleteness | None) -> dict[str, Any] | None:
    """`completeness` of analysis.json: counts, the first paths/tables, and `text`."""
    if facts is None:
        return None
    unresolved_imports = len(facts.dynamic_imports_unresolved)
    parts = [
        f"{len(facts.files_not_parsed)} of {facts.files} files not parsed",
        f"{len(facts.tables_without_accessor)} of {facts.tables} tables with no accessor, "
        f"{len(facts.tables_without_columns)} with no known columns",
        f"{facts.unresolved_routes} unresolved route registrations",
        f"{unresolved_imports} dynamic imports not followed"
        + (f" ({facts.dynamic_imports} followed)" if facts.dynamic_imports else ""),
    ]
    if facts.entry_point_links:
        parts.append(f"{facts.entry_point_links} entry-point links followed")
    if facts.registry_links:
        parts.append(f"{facts.registry_links} plugin-list links followed")
    if facts.pattern_links:
        parts.append(f"{facts.pattern_links} modules loaded by a built name")
    for library, importers in facts.unread_data_libraries:
        verb = "module imports" if importers == 1 else "modules import"
        parts.append(f"{importers} {verb} {library}, whose models strangler does not read: "
                     "their tables are missing")
    if facts.unmapped_table_classes:
        count = len(facts.unmapped_table_classes)
        named = ", ".join(q.rsplit(".", 1)[-1] for q in facts.unmapped_table_classes[:_NAMED])
        more = f" and {count - _NAMED} more" if count > _NAMED else ""
        parts.append(f"{count} SQLModel table class{'es' if count > 1 else ''} (table=True) "
                     f"mapped to no table, so {'their tables are' if count > 1 else 'its table is'}"
                     f" missing: {named}{more}")
    return {
        "files": facts.files,
        "files_not_parsed": len(facts.files_not_parsed),
        "files_not_parsed_first": list(facts.files_not_parsed[:_LISTED]),
        "tables": facts.tables,
        "tables_without_accessor": len(facts.tables_without_accessor),
        "tables_without_accessor_first": list(facts.tables_without_accessor[:_LISTED]),
        "tables_without_columns": len(facts.tables_without_columns),
        "tables_without_columns_first": list(facts.tables_without_columns[:_LISTED]),
        "unresolved_routes": facts.unresolved_routes,
        "dynamic_imports": facts.dynamic_imports,
        "entry_point_links": facts.entry_point_links,
        "registry_links": facts.registry_links,
        "pattern_links": facts.pattern_links,
        "unread_data_libraries": [{"library": library, "importers": importers}
                                  for library, importers in facts.unread_data_libraries],
        "unmapped_table_classes": len(facts.unmapped_table_classes),
        "unmapped_table_classes_first": list(facts.unmapped_table_classes[:_LISTED]),
        "dynamic_imports_unresolved": unresolved_imports,
        "dynamic_imports_unresolved_first": [
            {"module": module, "line": line}
            for module, line in facts.dynamic_imports_unresolved[:_LISTED]],
        "text": "Fact completeness: " + "; ".join(parts) + ".",
    }
