"""The one schema of strangler.toml: unknown keys, types and ranges, in both readers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from strangler.proxy.config import ProxyConfig, ProxyConfigError, parse_proxy_config
from strangler.seams.config import ConfigError, SeamConfig, parse_config

PROXY = '[proxy]\nlegacy = "http://127.0.0.1:5000"\n'
ROUTE = PROXY + '[[routes]]\nprefix = "/billing"\nupstream = "http://127.0.0.1:8000"\n'
EVERYTHING = '''
min_size = 3
services = 4
kernels = ["shop.utils*"]
together = [["shop.a", "shop.b"], "shop.c"]

[pin]
billing = ["shop.billing.*"]

[weights]
cochange = 0.0

[proxy]
legacy = "http://127.0.0.1:5000"
shadow_inflight = 4
redact = ["card.*"]
[proxy.breaker]
failures = 3

[[routes]]
prefix = "/billing"
upstream = "http://127.0.0.1:8000"
service = "billing"
mode = "canary"
percent = 10
chaos = { latency_ms = 20 }

[seams]
catalog = ["shop.catalog*"]

[seams.billing]
modules = ["shop.billing*"]
interface = ["shop.billing.api"]
'''


def test_each_reader_takes_its_part_of_a_file_with_every_section() -> None:
    table = parse_proxy_config(EVERYTHING)
    assert (table.shadow_inflight, table.breaker_failures, table.redact) == (4, 3, ("card.*",))
    assert (table.routes[0].mode, table.routes[0].percent, table.routes[0].chaos.latency_ms) == (
        "canary", 10, 20)
    seams = parse_config(EVERYTHING, "strangler.toml", in_pyproject=False)
    assert (seams.min_size, seams.services, seams.weights.cochange) == (3, 4, 0.0)
    assert seams.pins == (("billing", ("shop.billing.*",)),)
    assert seams.together == (("shop.a", "shop.b"), ("shop.c",))
    assert seams.declared == (("billing", ("shop.billing*",)), ("catalog", ("shop.catalog*",)))
    assert seams.interfaces == (("billing", ("shop.billing.api",)),)


def test_defaults_are_the_dataclasses_defaults() -> None:
    """The schema's defaults and the readers' dataclasses agree, key by key."""
    assert parse_proxy_config(PROXY) == ProxyConfig(legacy="http://127.0.0.1:5000", routes=())
    assert parse_config("", "strangler.toml", in_pyproject=False) == SeamConfig()
    assert parse_config("[tool.other]\nx = 1\n", "pyproject.toml", in_pyproject=True) == (
        SeamConfig())


@pytest.mark.parametrize(("text", "message"), [
    (ROUTE + 'mdoe = "new"\n', "routes[0]: unknown key 'mdoe'; did you mean 'mode'?"),
    (PROXY + "shadow_inflght = 50\n",
     "proxy: unknown key 'shadow_inflght'; did you mean 'shadow_inflight'?"),
    (ROUTE + "chaos = { eror_rate = 0.5 }\n",
     "routes[0].chaos: unknown key 'eror_rate'; did you mean 'error_rate'?"),
    (PROXY + "[proxy.breaker]\nfailure = 3\n",
     "proxy.breaker: unknown key 'failure'; did you mean 'failures'?"),
    ("mni_size = 3\n" + PROXY, "top level: unknown key 'mni_size'; did you mean 'min_size'?"),
    (PROXY + "[seams.billing]\nmodules = []\ninterfaces = []\n",
     "seams.billing: unknown key 'interfaces'; did you mean 'interface'?"),
    (PROXY + "[weights]\ncochang = 1\n",
     "weights: unknown key 'cochang'; did you mean 'cochange'?"),
    (PROXY + "[proxy.tls]\ncert = 'x'\n", "proxy: unknown key 'tls'; valid keys: legacy, "),
    (PROXY + "min_size = 3\n", "proxy: unknown key 'min_size'; it is a top-level key: move it "
                               "above the first [table] header"),
])
def test_an_unknown_key_is_refused_by_both_readers_with_the_closest_key(
        text: str, message: str) -> None:
    with pytest.raises(ProxyConfigError) as proxy_error:
        parse_proxy_config(text)
    assert str(proxy_error.value).startswith(message)
    with pytest.raises(ConfigError) as seams_error:
        parse_config(text, "strangler.toml", in_pyproject=False)
    assert str(seams_error.value).startswith("strangler.toml: " + message)


def test_pyproject_names_the_tool_table() -> None:
    text = '[tool.strangler]\nmin_size = 2\nkernel = ["a"]\n[tool.black]\nline = 1\n'
    with pytest.raises(ConfigError, match=re.escape(
            "pyproject.toml: tool.strangler: unknown key 'kernel'; did you mean 'kernels'?")):
        parse_config(text, "pyproject.toml", in_pyproject=True)


@pytest.mark.parametrize(("text", "message"), [
    (PROXY + "noise = \"true\"\n", "proxy.noise: expected true or false, got 'true'"),
    (PROXY + "timeout = nan\n", "proxy.timeout: expected a number of at least 0.001, got nan"),
    (PROXY + "shadow_max_cpu = inf\n", "proxy.shadow_max_cpu: expected a number"),
    (PROXY + "max_headers = 10.0\n", "proxy.max_headers: expected an integer of at least 1"),
    (PROXY + "diff_max_rows = true\n", "proxy.diff_max_rows: expected an integer"),
    (PROXY + 'listen = "127.0.0.1:0"\n', "proxy.listen: '127.0.0.1:0' has no valid port"),
    (PROXY + 'admin = "127.0.0.1:65536"\n', "proxy.admin: '127.0.0.1:65536' has no valid port"),
    (PROXY + 'listen = "8080"\n', "proxy.listen: expected HOST:PORT"),
    ('[proxy]\nlegacy = "http://127.0.0.1:99999"\n', "proxy.legacy: 'http://127.0.0.1:99999' "
                                                     "has no valid port"),
    (PROXY + '[[routes]]\nprefix = "/b"\nupstream = "http://127.0.0.1:0"\n',
     "routes[0].upstream: 'http://127.0.0.1:0' has no valid port"),
    (PROXY + '[[routes]]\nprefix = "/b"\nupstream = "http://n:x"\n',
     "routes[0].upstream: 'http://n:x' has no valid port"),
    (PROXY + '[[routes]]\nprefix = "/b"\nupstream = "http://n:1"\nlegacy = "http://l:0"\n',
     "routes[0].legacy: 'http://l:0' has no valid port"),
    (ROUTE + 'mode = "shadw"\n', 'routes[0].mode: expected one of "legacy", "shadow", '
                                 '"canary", "new", got \'shadw\''),
    (ROUTE + "percent = 101\n", "routes[0].percent: expected an integer from 0 to 100, got 101"),
    (ROUTE + 'sticky = "session"\n', "routes[0].sticky: 'session' must be client"),
    (ROUTE + 'header = "X-Beta"\n', "routes[0].header: 'X-Beta' must be 'Name: value'"),
    (PROXY + '[[routes]]\nupstream = "http://n:1"\n',
     "routes[0]: required key 'prefix' is missing"),
    ("routes = 3\n" + PROXY, "routes: expected a list of tables, got 3"),
    ("proxy = 1\n", "[proxy]: expected a table, got 1"),
    (PROXY + '[weights]\ncochange = "0.5"\n', "weights.cochange: expected a number"),
    ("min_size = -1\n" + PROXY, "min_size: expected an integer of at least 0, got -1"),
    (PROXY + "[seams]\nbilling = 3\n",
     "seams.billing: expected a string, a list of strings or a table, got 3"),
    (PROXY + "[seams.billing]\nmodules = [1]\n",
     "seams.billing.modules[0]: expected a string, got 1"),
    (PROXY + "[pin]\nbilling = [true]\n", "pin.billing[0]: expected a string, got true"),
])
def test_a_wrong_value_anywhere_is_named_with_what_was_expected(
        text: str, message: str) -> None:
    with pytest.raises(ProxyConfigError) as proxy_error:
        parse_proxy_config(text)
    assert str(proxy_error.value).startswith(message)
    with pytest.raises(ConfigError) as seams_error:
        parse_config(text, "strangler.toml", in_pyproject=False)
    assert str(seams_error.value).startswith("strangler.toml: " + message)


def test_the_proxy_checks_across_keys() -> None:
    with pytest.raises(ProxyConfigError, match="legacy = URL is missing"):
        parse_proxy_config('[[routes]]\nprefix = "/b"\nupstream = "http://n:1"\n')
    with pytest.raises(ProxyConfigError, match="same prefix: /b"):
        parse_proxy_config(ROUTE.replace("/billing", "/b") + '[[routes]]\nprefix = "/b/"\n'
                           'upstream = "http://n:1"\n')
    # a route's own legacy is enough; the seam reader does not need one at all
    text = '[[routes]]\nprefix = "/b/"\nupstream = "http://n:1/"\nlegacy = "http://l:2/"\n'
    route = parse_proxy_config(text).routes[0]
    assert (route.prefix, route.upstream, route.legacy) == ("/b", "http://n:1", "http://l:2")
    assert parse_config(text, "strangler.toml", in_pyproject=False) == SeamConfig()


def test_reading_the_proxy_table_does_not_import_the_schema_before_it_is_needed() -> None:
    """`strangler analyze` with no strangler.toml never pays for msgspec."""
    code = ("import sys, strangler.proxy.config, strangler.seams.config, strangler.cli.app; "
            "print('msgspec' in sys.modules, 'tomlkit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
