"""Stage 1: source files -> per-file facts -> a linked `ProjectIndex`."""

from strangler.parse.discovery import DiscoveryOptions, discover
from strangler.parse.link import link
from strangler.parse.project import ParsedProject, ParseOptions, parse_project

__all__ = ["DiscoveryOptions", "ParseOptions", "ParsedProject", "discover", "link",
           "parse_project"]
