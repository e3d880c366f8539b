"""The graph libraries inlined into `index.html`: pinned files, their licences, and the hashes
that let the page's Content-Security-Policy run exactly these scripts and no other.

The files live in `templates/report/vendor/`, byte for byte as published on npm (the sha256
below pins them; `tests/unit/report/test_vendor.py` checks it). Updating one means replacing
the file, its licence and the line here, and recording it in docs/decisions.md.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from strangler.templating import shipped_text, templates_dir

# An inlined script and the CSP source expression that allows it.
Script = tuple[str, str]


@dataclass(frozen=True)
class Vendored:
    """One minified library file and where it came from."""

    file: str  # under templates/report/vendor/
    package: str  # as named on npm
    version: str
    licence: str  # SPDX
    sha256: str  # of the file as published
    licence_files: tuple[str, ...]  # the full texts, kept in the page as a comment
    source: str  # the npm tarball


LIBRARIES = (
    Vendored("cytoscape.min.js", "cytoscape", "3.35.0", "MIT",
             "71fa9ebec21a7ca2c40cff6aacc30d1f6464e363662ad4b2c197e1adc770cd94",
             ("LICENSE-cytoscape",),
             "https://registry.npmjs.org/cytoscape/-/cytoscape-3.35.0.tgz"),
    # cytoscape-dagre bundles @dagrejs/dagre 3.0.0 and @dagrejs/graphlib (both MIT, Chris
    # Pettitt): their licence texts travel with it. The 4.0.1 tarball's file says 4.0.0 in
    # its own banner; the sha256 is of the 4.0.1 tarball's file.
    Vendored("cytoscape-dagre.min.js", "cytoscape-dagre", "4.0.1", "MIT",
             "ec671a41d2bfcac580352e2997797793949e3489cecaf347fc48670d4bd456b0",
             ("LICENSE-cytoscape-dagre", "LICENSE-dagre", "LICENSE-graphlib"),
             "https://registry.npmjs.org/cytoscape-dagre/-/cytoscape-dagre-4.0.1.tgz"),
)


def library_source(library: Vendored) -> str:
    """The published file with its source-map comment dropped (the map is not shipped)."""
    text = shipped_text(f"report/vendor/{library.file}")
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    return "\n".join(lines)


def licence_comment(library: Vendored) -> str:
    """A comment that names the library and carries its licence texts in full."""
    texts = "\n\n".join(shipped_text(f"report/vendor/{name}").strip()
                        for name in library.licence_files)
    return (f"/*! {library.package} {library.version} ({library.licence}), "
            f"{library.source}\n\n{texts}\n*/\n")


@lru_cache(maxsize=1)
def inline_scripts() -> tuple[str, ...]:
    """The library scripts, each opening with its licence, in load order."""
    return tuple(licence_comment(library) + library_source(library) for library in LIBRARIES)


def csp_hash(script: str) -> str:
    """The CSP source expression that allows this exact inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_libraries() -> tuple[Script, ...]:
    """Each library's inlined script with its CSP hash, in load order."""
    return tuple((script, csp_hash(script)) for script in inline_scripts())


def vendored_digest() -> str:
    """A digest of every file `inline_libraries` reads, byte for byte: a copy of its result
    kept under this digest (and the code's fingerprint) is the same text, without
    rebuilding and hashing half a megabyte on every run."""
    hasher = hashlib.sha1()  # a cache key, as `code_fingerprint`: 3x faster than sha256 here
    folder = templates_dir() / "report" / "vendor"
    for library in LIBRARIES:
        for name in (library.file, *library.licence_files):
            data = (folder / name).read_bytes()
            hasher.update(f"{name}\0{len(data)}\0".encode())
            hasher.update(data)
    return hasher.hexdigest()
