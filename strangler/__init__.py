"""strangler: analyze a Python monolith and strangle it into services, seam by seam."""

__version__ = "0.1.0"
