"""Layer words that are domains: a project whose data is named by a layer word.

`task`, `report`, `event`, `schedule`... name a layer or a role in most projects (Celery's
`tasks.py`, a `services/` package), and `words.LAYER_WORDS` says so. In a production
tracker the `task` table is the core domain: `models/task.py` maps it, `blueprints/tasks/`
serves it, `services/tasks_service.py` holds its logic. Data first: where the project
keeps a table of that name in a module of that name, the word names a domain there, not
a layer. A `tasks.py` of Celery jobs beside no `task` table stays a layer."""

from __future__ import annotations

from strangler.model import ProjectIndex
from strangler.seams.words import LAYER_WORDS, ROLE_SUFFIX, singular

_LAYER_KEYS = frozenset(singular(word) for word in LAYER_WORDS)


def table_layer_words(index: ProjectIndex) -> frozenset[str]:
    """The layer words (singular) that name a table of the project mapped by a model whose
    own module is named by the same word (`models/task.py` or `task/models.py` mapping
    table `task` or `tasks`; a schema prefix, `tracker.tasks`, is read past)."""
    found: set[str] = set()
    for table in index.tables:
        word = singular(table.name.rsplit(".", 1)[-1].lower())
        if word not in _LAYER_KEYS:
            continue
        for model in table.models:
            if any(singular(ROLE_SUFFIX.sub("", part.lower())) == word
                   for part in model.module.split(".")[1:]):
                found.add(word)
                break
    return frozenset(found)
