"""StreamFlix - the monolith."""
from streamflix.app import create_app

__all__ = ["create_app"]
