"""Django app labels: a model's default table is `<app_label>_<modelname>`, and the app label
is the app's `AppConfig.label` when the project sets one (`class CoreConfig(AppConfig):
name = "pulpcore.app"; label = "core"`), else the last part of the `AppConfig.name`, else
(no config class found) the package that holds the models."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from strangler.parse.link.names import Linker

_DJANGO_CONFIGS = ("django.apps.AppConfig", "django.apps.config.AppConfig")
_MEMO: WeakKeyDictionary[Linker, dict[str, str]] = WeakKeyDictionary()


def default_app_package(module: str) -> str:
    """The package Django takes for a model module's app: the package holding `models`
    (`shop.models.order` -> `shop`), else the module's package."""
    parts = module.split(".")
    if "models" in parts:
        index = len(parts) - 1 - parts[::-1].index("models")
        if index > 0:
            return ".".join(parts[:index])
    return ".".join(parts[:-1]) if len(parts) > 1 else parts[0]


def default_app_label(module: str) -> str:
    """Django's default app label: the last part of the package holding `models`."""
    return default_app_package(module).rsplit(".", 1)[-1]


def app_label(linker: Linker, module: str) -> str:
    """The app label of the models in `module`: the label of the project's AppConfig whose
    `name` is the module's app package, else the package's last part."""
    package = default_app_package(module)
    return config_labels(linker).get(package) or package.rsplit(".", 1)[-1]


def config_labels(linker: Linker) -> dict[str, str]:
    """App package -> label, from the project's `AppConfig` subclasses with a plain-string
    `name` (Django requires one; a subclass without it is a base for configs), computed
    once per linker. Two configs giving one package different labels leave it out (which
    one Django installs is a setting)."""
    if linker in _MEMO:
        return _MEMO[linker]
    classes, bases = linker.class_hierarchy()
    memo: dict[str, bool] = {}

    def is_config(qual: str, depth: int = 0) -> bool:
        if qual not in memo:
            memo[qual] = False
            memo[qual] = depth < 20 and any(
                base in _DJANGO_CONFIGS or (base in classes and is_config(base, depth + 1))
                for base in bases[qual])
        return memo[qual]

    found: dict[str, set[str]] = {}
    for qual in sorted(classes):
        cls = classes[qual][1]
        if "." in cls.name or not is_config(qual):
            continue
        strings = dict(cls.strings)
        package = strings.get("name")
        if not package:
            continue
        label = strings.get("label") or package.rsplit(".", 1)[-1]
        found.setdefault(package, set()).add(label)
    labels = {package: next(iter(names)) for package, names in found.items()
              if len(names) == 1}
    _MEMO[linker] = labels
    return labels

