"""The one schema of `strangler.toml` (and `[tool.strangler]`): `schema.py` declares every key,
`load.py` reads a file against it, `reference.py` writes docs/config.md from it.

Only the route modes live here, so the proxy's dataclasses can name them without importing
msgspec; readers import `load.py` when they read a file (docs/decisions.md).
"""

from typing import Literal

Mode = Literal["legacy", "shadow", "canary", "new"]  # how a route shares traffic
MODES: tuple[Mode, ...] = ("legacy", "shadow", "canary", "new")
