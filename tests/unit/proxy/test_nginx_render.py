"""The nginx export refuses what it cannot write safely (the live checks need nginx:
tests/functional/test_nginx_export.py)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from strangler.cli.app import app


def test_a_prefix_that_would_change_the_configuration_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "strangler.toml"
    table.write_text('[proxy]\nlegacy = "http://127.0.0.1:9"\n[[routes]]\n'
                     'prefix = "/a;return 200"\nupstream = "http://127.0.0.1:10"\n'
                     'mode = "new"\n')
    out = tmp_path / "nginx.conf"
    result = CliRunner().invoke(app, ["export", "nginx", "--config", str(table),
                                      "--out", str(out)])
    assert result.exit_code == 2
    assert "cannot be written into an nginx configuration" in result.output
    assert not out.exists()


def test_braces_that_are_not_a_whole_parameter_segment_are_refused(tmp_path: Path) -> None:
    table = tmp_path / "strangler.toml"
    table.write_text('[proxy]\nlegacy = "http://127.0.0.1:9"\n[[routes]]\n'
                     'prefix = "/a; } location / { return 200"\nupstream = "http://127.0.0.1:10"\n'
                     'mode = "new"\n')
    out = tmp_path / "nginx.conf"
    result = CliRunner().invoke(app, ["export", "nginx", "--config", str(table),
                                      "--out", str(out)])
    assert result.exit_code == 2
    assert "a parameter must be a whole path segment" in result.output
    assert not out.exists()
