"""The vendored graph libraries: pinned bytes, licences in the page, and a CSP that runs
exactly the page's own scripts."""

from __future__ import annotations

import hashlib
import re

from strangler.report.html import render_html
from strangler.report.vendor import LIBRARIES, csp_hash, inline_scripts
from strangler.templating import templates_dir


def _document() -> dict:  # type: ignore[type-arg]
    names = ["shop.cart", "shop.pay"]
    return {
        "root": "shop", "summary": {"modules": 2, "lines": 10, "loc": 8, "routes": 0,
                                    "tables": 0, "cycles": 0, "problems": 0},
        "modules": [{"name": n, "path": n.replace(".", "/") + ".py", "loc": 4, "lines": 5,
                     "package": "shop", "is_package": False} for n in names],
        "dependencies": [{"source": names[0], "target": names[1], "weight": 1.0,
                          "kinds": {"import": 1}}],
        "problems": [], "seams": [], "plan": [], "metrics": {},
        "proposal": {"assignment": {}, "kernel": [], "roots": []},
    }


def test_vendored_files_are_the_pinned_releases() -> None:
    for library in LIBRARIES:
        data = (templates_dir() / "report" / "vendor" / library.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == library.sha256, library.file
        assert library.version in library.source and library.licence == "MIT"
        for name in library.licence_files:
            text = (templates_dir() / "report" / "vendor" / name).read_text()
            assert "Permission is hereby granted" in text and "*/" not in text


def test_the_page_carries_the_libraries_with_their_licences() -> None:
    html = render_html(_document())
    for library, script in zip(LIBRARIES, inline_scripts(), strict=True):
        assert f"<script>{script}</script>" in html
        assert script.startswith(f"/*! {library.package} {library.version} (MIT)")
        assert "sourceMappingURL" not in script  # the map is not shipped: no lookup for it
        assert not re.search(r"</script|<!--", script, re.IGNORECASE)
    assert html.count("Permission is hereby granted") >= 4  # cytoscape, its dagre, dagre, graphlib


def test_the_csp_allows_exactly_the_inline_scripts() -> None:
    html = render_html(_document())
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    script_src = next(d for d in policy.group(1).split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    executable = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(executable) == len(LIBRARIES) + 1  # the libraries and report.js
    allowed = set(script_src.split()[1:])
    assert allowed == {csp_hash(s) for s in executable}
