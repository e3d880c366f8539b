"""What the GraphQL readers share: root-type names and the root type being read."""

from __future__ import annotations

import re

from strangler.model import GraphqlOperation

ROOT_NAME = re.compile(r"(Query|Queries|Mutation|Mutations|Subscription|Subscriptions)$")
OPERATIONS: dict[str, GraphqlOperation] = {
    "Query": "Query", "Queries": "Query", "Mutation": "Mutation", "Mutations": "Mutation",
    "Subscription": "Subscription", "Subscriptions": "Subscription"}


def root_operation(name: str) -> GraphqlOperation | None:
    """The operation a root type named `name` serves (`ProductQueries` -> Query)."""
    found = ROOT_NAME.search(name)
    return OPERATIONS[found.group(1)] if found else None


class Root:
    """A root type being read: its fields (name, handler or None, line, operation) and the
    names of its methods."""

    def __init__(self, name: str, operation: GraphqlOperation, framework: str) -> None:
        self.name = name
        self.operation = operation
        self.framework = framework
        self.fields: list[tuple[str, str | None, int, GraphqlOperation]] = []
        self.methods: set[str] = set()
