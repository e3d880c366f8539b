"""The syntax check of an extraction's files: a template bug is caught, a monolith's own
newer syntax carried into the service is not taken for one."""

from __future__ import annotations

from strangler.generate.render import RenderedFile, check_syntax

# Python 3.12 (PEP 701): the same quotes inside an f-string's braces. NetBox's forms do this.
NEWER_SYNTAX = "params = {f'site__{fields['site'].name}': 1}\n"


def test_code_on_a_newer_python_than_this_one_is_not_a_template_bug() -> None:
    assert check_syntax((RenderedFile("svc/src/dcim/forms.py", NEWER_SYNTAX),)) == []


def test_code_that_no_python_3_parses_is_reported_with_its_line() -> None:
    files = (RenderedFile("svc/app.py", "x = 1\ndef broken(:\n"),
             RenderedFile("svc/README.md", "def broken(:\n"))
    assert check_syntax(files) == ["svc/app.py:2: invalid syntax"]
