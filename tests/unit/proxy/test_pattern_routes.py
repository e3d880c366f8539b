"""Routes with a `{param}` segment (`/{lang}/exercise`) in the embedded proxy's table: one
segment, never a longer name, the most specific route first (nginx and Envoy run the same
cases for real: tests/functional/test_nginx_export.py, test_envoy_export.py)."""

from __future__ import annotations

import re

import pytest
from proxyhelpers import PATTERN_CASES, PATTERN_TABLE

from strangler.proxy.config import ProxyConfigError, parse_proxy_config
from strangler.proxy.pattern import nginx_regex, path_regex
from strangler.proxy.routing import clean_path, match_route

URLS = {"legacy": "http://127.0.0.1:1", "billing": "http://127.0.0.1:2",
        "catalog": "http://127.0.0.1:3"}


def _side(path: str, method: str = "GET") -> str:
    config = parse_proxy_config(PATTERN_TABLE.format(db="d.sqlite", **URLS))
    route = match_route(config, method, clean_path(path), {})
    if route is None or route.mode == "shadow":
        return "legacy"
    return next(name for name, url in URLS.items() if url == route.upstream)


@pytest.mark.parametrize(("path", "method", "side"), PATTERN_CASES)
def test_the_embedded_proxy_routes_parameter_segments(path: str, method: str, side: str
                                                      ) -> None:
    assert _side(path, method) == side


def test_a_parameter_never_widens_the_route() -> None:
    assert _side("/en/exercise/") == "billing"
    assert _side("/en/exercisex") == "legacy"
    assert _side("/en/other/") == "legacy"
    assert _side("/en") == "legacy"


@pytest.mark.parametrize("prefix", ["/{lang", "/x{lang}/a", "/{lang}x", "/{}/a", "/{1x}/a",
                                    "/a}/b"])
def test_a_parameter_that_is_not_a_whole_named_segment_is_refused(prefix: str) -> None:
    with pytest.raises(ProxyConfigError, match="whole path segment"):
        parse_proxy_config(f'[proxy]\nlegacy = "http://127.0.0.1:1"\n[[routes]]\n'
                           f'prefix = "{prefix}"\nupstream = "http://127.0.0.1:2"\n')


def test_two_routes_with_the_same_paths_under_other_names_are_refused() -> None:
    with pytest.raises(ProxyConfigError, match="same prefix"):
        parse_proxy_config('[proxy]\nlegacy = "http://127.0.0.1:1"\n'
                           '[[routes]]\nprefix = "/{lang}/a"\nupstream = "http://127.0.0.1:2"\n'
                           '[[routes]]\nprefix = "/{code}/a"\nupstream = "http://127.0.0.1:3"\n')


def test_the_exported_expressions_take_the_same_paths_as_the_proxy() -> None:
    full = re.compile(path_regex("/{lang}/ex.ercise"))
    searched = re.compile(nginx_regex("/{lang}/ex.ercise"))
    for path, taken in [("/en/ex.ercise", True), ("/en/ex.ercise/", True),
                        ("/en/ex.ercise/1/2", True), ("/en/exxercise", False),
                        ("/en/ex.ercisex", False), ("/en/de/ex.ercise", False),
                        ("/ex.ercise", False)]:
        assert (full.fullmatch(path) is not None) is taken, path
        assert (searched.search(path) is not None) is taken, path
