"""What only the nginx export has, checked by the real nginx: canary shares at the edges
are valid nginx. How it routes, next to Envoy and the embedded proxy, is
test_gateway_parity.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gateways import nginx_binary

from strangler.export.nginx import render_nginx
from strangler.proxy.config import parse_proxy_config


@pytest.mark.parametrize("percent", [0, 1, 99, 100])
def test_canary_shares_at_the_edges_are_valid_nginx(tmp_path: Path, percent: int) -> None:
    table = parse_proxy_config(f'''[proxy]
legacy = "http://127.0.0.1:9"
[[routes]]
prefix = "/"
upstream = "http://127.0.0.1:10"
mode = "canary"
percent = {percent}
''')
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx(table, str(tmp_path), "127.0.0.1:9"))
    check = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
