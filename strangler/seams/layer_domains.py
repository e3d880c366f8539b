"""Layer words that are domains: a project whose data is named by a layer word.

`task`, `report`, `event`, `schedule`... name a layer or a role in most projects (Celery's
`tasks.py`, a `services/` package), and `words.LAYER_WORDS` says so. In a production
tracker the `task` table is the core domain: `models/task.py` maps it, `blueprints/tasks/`
serves it, `services/tasks_service.py` holds its logic. Data first: where the project
keeps a table of that name in a module of that name, the word names a domain there, not
a layer. A `tasks.py` of Celery jobs beside no `task` table stays a layer. So with a verb
(`words.VERBS`): patchwork's `patch` table makes `api/patch` and `views/patch` its domain's."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.model import ModelRef, ProjectIndex
from strangler.seams.words import LAYER_WORDS, ROLE_AFFIX, VERBS, singular

_LAYER_KEYS = frozenset(singular(word) for word in LAYER_WORDS)


def table_layer_words(index: ProjectIndex) -> frozenset[str]:
    """The verbs that name a table of the project, wherever its models are kept, and the
    layer words (singular) that name a table of the project mapped by a model whose
    own module is named by the same word (`models/task.py` or `task/models.py` mapping
    table `task` or `tasks`; a schema prefix, `tracker.tasks`, is read past, and so is a
    Django app label, `core_repository` mapped in `models/repository.py`). With every
    model in one schema module, a data access module named by the word in a data layer
    package (`data/model/repository.py` beside `data/database.py`) names it too."""
    found: set[str] = set()
    queries = _query_modules(module.name for module in index.modules)
    for table in index.tables:
        bare = table.name.rsplit(".", 1)[-1].lower()
        word = singular(bare)
        if word in _LAYER_KEYS and (_named_module(table.models, word) or word in queries):
            found.add(word)
        label, _, rest = bare.strip("_").partition("_")
        # (a verb that names a table, patchwork's `patch`, is that table's word wherever
        # its models are kept)
        found.update(verb for verb in (word, singular(rest)) if verb in VERBS)
        word = singular(rest)
        if label and word in _LAYER_KEYS and _in_layer_module(table.models, word):
            found.add(word)
    return frozenset(found)


def _named_module(models: Iterable[ModelRef], word: str) -> bool:
    """Whether a model of the table lives in a module named by `word`."""
    return any(singular(ROLE_AFFIX.sub("", part.lower())) == word
               for model in models for part in model.module.split(".")[1:])


def _in_layer_module(models: Iterable[ModelRef], word: str) -> bool:
    """Whether a model of the table is defined in `<layer>/<word>.py` (`models/
    repository.py`): a table `<label>_<word>` is then the word's, the label an app's.
    (`cost_model` in `cost_model/models.py` is no `model` table.)"""
    for model in models:
        parts = model.module.lower().split(".")
        if len(parts) >= 3 and singular(parts[-1]) == word and parts[-2] in LAYER_WORDS:
            return True
    return False


# Packages of data access modules, one per table or concept (`model/repository.py`).
DATA_LAYERS = frozenset({"model", "models", "dao", "daos", "crud", "queries"})


def _query_modules(names: Iterable[str]) -> set[str]:
    """The words (singular) of the modules directly in a data layer package (DATA_LAYERS)."""
    return {singular(parts[-1].lower()) for name in names
            if len(parts := name.split(".")) >= 2 and parts[-2].lower() in DATA_LAYERS}
