"""The exported gateways (real nginx, real Envoy) started on loopback next to the embedded
proxy, for the tests that check all of them route a table the same way."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from envoyhelpers import envoy_binary, free_port, start_envoy, wait_for_port
from proxyhelpers import Backend, LoopThread
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.export.envoy import render_envoy
from strangler.export.nginx import render_nginx
from strangler.proxy.config import ProxyConfig, parse_proxy_config
from strangler.proxy.server import start_proxy

Kind = Literal["nginx", "envoy"]
KINDS: tuple[Kind, ...] = ("nginx", "envoy")


def nginx_binary() -> str:
    """The nginx executable; the test is skipped where nginx is not installed (CI has it)."""
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                     else None)
    if path is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError("CI must install nginx (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    return path


def start_nginx(binary: str, conf: Path, prefix: Path, port: int
                ) -> subprocess.Popen:  # type: ignore[type-arg]
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-g",
                                "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wait_for_port(port, seconds=10, process=process)
    return process


def export_and_start(kind: Kind, config_path: Path, tmp_path: Path, *, via_cli: bool = True
                     ) -> tuple[str, subprocess.Popen, dict[str, object]]:  # type: ignore[type-arg]
    """Export the table at `config_path` as `kind` (through the CLI, checked against the
    renderer) and start it: (base URL, process, extras such as Envoy's admin URL)."""
    config = parse_proxy_config(config_path.read_text())
    port = free_port()
    extras: dict[str, object] = {}
    if kind == "nginx":
        binary = nginx_binary()
        prefix = tmp_path / "nginx"
        prefix.mkdir()
        out = tmp_path / "nginx.conf"
        args = ["export", "nginx", "--config", str(config_path), "--out", str(out),
                "--prefix-dir", str(prefix), "--listen", f"127.0.0.1:{port}"]
        expected = render_nginx(config, str(prefix), f"127.0.0.1:{port}")
    else:
        binary = envoy_binary()
        admin = free_port()
        out = tmp_path / "envoy.yaml"
        access = tmp_path / "access.log"
        args = ["export", "envoy", "--config", str(config_path), "--out", str(out),
                "--listen", f"127.0.0.1:{port}", "--admin-port", str(admin),
                "--access-log", str(access)]
        expected = render_envoy(config, f"127.0.0.1:{port}", admin, access_log=str(access))
        extras = {"admin": f"http://127.0.0.1:{admin}", "access": access}
    if via_cli:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert out.read_text() == expected
    else:
        out.write_text(expected)
    extras["text"] = out.read_text()
    if kind == "nginx":
        process = start_nginx(binary, out, tmp_path / "nginx", port)
    else:
        process = start_envoy(binary, out, port, tmp_path / "envoy.log")
    return f"http://127.0.0.1:{port}", process, extras


@dataclass
class Setup:
    """A gateway and the embedded proxy serving one table, with its three upstreams."""

    kind: Kind
    gateway: str
    proxy: str
    loop: LoopThread
    legacy: Backend
    billing: Backend
    catalog: Backend
    config: ProxyConfig
    extras: dict[str, object]

    @property
    def bases(self) -> tuple[str, str]:
        return (self.gateway, self.proxy)


def running(kind: Kind, tmp_path: Path, table: str, *, via_cli: bool = True) -> Iterator[Setup]:
    """Start the three backends, the gateway `kind` and the embedded proxy on `table` (a
    format string with {legacy}, {billing}, {catalog} and {db}); stop them all after."""
    loop = LoopThread()
    legacy, billing, catalog = Backend("legacy"), Backend("billing"), Backend("catalog")
    for backend in (legacy, billing, catalog):
        loop.run(backend.start())
    text = table.format(legacy=legacy.url, billing=billing.url, catalog=catalog.url,
                        db=tmp_path / "diffs.sqlite")
    config_path = tmp_path / "strangler.toml"
    config_path.write_text(text)
    config = parse_proxy_config(text)
    process = None
    proxy = None
    try:
        gateway, process, extras = export_and_start(kind, config_path, tmp_path,
                                                    via_cli=via_cli)
        proxy = loop.run(start_proxy(config, port=0, admin_port=0))
        yield Setup(kind, gateway, f"http://127.0.0.1:{proxy.port}", loop, legacy, billing,
                    catalog, config, extras)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        if proxy is not None:
            loop.run(proxy.close())
        for backend in (legacy, billing, catalog):
            loop.run(backend.stop())
        loop.stop()
