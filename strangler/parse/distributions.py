"""Tell the installable distribution behind a top-level import name, where it can be told."""

from __future__ import annotations

import sys
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    from importlib.metadata import packages_distributions

    try:
        return dict(packages_distributions())
    except Exception:  # a broken distribution's metadata must not stop the analysis
        return {}


def distribution_of(top_level: str) -> str | None:
    """Distribution name for an import name; None for the stdlib or when it cannot be told."""
    if top_level in sys.stdlib_module_names:
        return None
    installed = _installed().get(top_level)
    if installed:
        return sorted(installed)[0]
    return KNOWN.get(top_level)
