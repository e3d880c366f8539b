"""Tell the installable distribution behind a top-level import name, where it can be told."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

# Import names whose distribution has another name, for when it is not installed here.
KNOWN = {
    "yaml": "PyYAML", "PIL": "Pillow", "sklearn": "scikit-learn", "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil", "jwt": "PyJWT", "cv2": "opencv-python",
    "dotenv": "python-dotenv", "magic": "python-magic", "Crypto": "pycryptodome",
    "OpenSSL": "pyOpenSSL", "google": "google-api-core", "jose": "python-jose",
    "psycopg2": "psycopg2-binary", "MySQLdb": "mysqlclient", "attr": "attrs",
    "pkg_resources": "setuptools", "git": "GitPython", "slugify": "python-slugify",
    "markdown": "Markdown", "jinja2": "Jinja2", "flask": "Flask", "werkzeug": "Werkzeug",
    "sqlalchemy": "SQLAlchemy", "marshmallow": "marshmallow", "babel": "Babel",
    "flask_sqlalchemy": "Flask-SQLAlchemy", "flask_login": "Flask-Login",
    "flask_wtf": "Flask-WTF", "flask_babel": "Flask-Babel", "flask_migrate": "Flask-Migrate",
    "flask_appbuilder": "Flask-AppBuilder", "rest_framework": "djangorestframework",
    "django_filters": "django-filter", "corsheaders": "django-cors-headers",
    "dns": "dnspython", "serial": "pyserial", "usb": "pyusb", "zmq": "pyzmq",
    "websocket": "websocket-client", "socks": "PySocks", "Levenshtein": "python-Levenshtein",
}


_SCAN_FILE: list[Path | None] = [None]  # set by the CLI; None: the scan is not kept on disk


def keep_scan_in(cache_dir: Path | None) -> None:
    """Keep the scan of installed distributions in `cache_dir` (the cache folder the command
    uses), or nowhere (None: `--no-cache`, tests, library use)."""
    _SCAN_FILE[0] = None if cache_dir is None else Path(cache_dir) / "distributions.json"
    _installed.cache_clear()


@lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    """Import name -> distributions installed here, cached on disk per environment state
    when the CLI says where (scanning every distribution's metadata takes a tenth of a
    second)."""
    import json
    import os
    import sys
    import tempfile

    stamp = repr([(p, os.stat(p).st_mtime_ns) for p in sys.path if os.path.isdir(p)])
    cache = _SCAN_FILE[0]
    if cache is not None:
        try:
            stored = json.loads(cache.read_text())
            if stored.get("stamp") == stamp:
                return dict(stored["mapping"])
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    from importlib.metadata import packages_distributions  # 11 ms: only when not cached

    try:
        mapping = {k: sorted(v) for k, v in packages_distributions().items()}
    except Exception:  # a broken distribution's metadata must not stop the analysis
        return {}
    if cache is None:
        return mapping
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache.parent, delete=False) as handle:
            json.dump({"stamp": stamp, "mapping": mapping}, handle)
        os.replace(handle.name, cache)
    except OSError:
        pass
    return mapping


def installed_distributions() -> None:
    """Scan the installed distributions now (the scan is kept for this process), for a
    caller with time to spare before the first `distribution_of`."""
    _installed()


def distribution_of(top_level: str) -> str | None:
    """Distribution name for an import name; None for the stdlib or when it cannot be told."""
    if top_level in sys.stdlib_module_names:
        return None
    installed = _installed().get(top_level)
    if installed:
        return sorted(installed)[0]
    return KNOWN.get(top_level)
