"""openapi.json as the generated service itself produces it, and what it lacks.

The contract is only useful when it is complete, so every interface function that is not in
it is named with the reason: not JSON-safe (stays local by design), or the service could not
serve it (its import error, or why FastAPI could not model it)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from strangler.model import InterfaceFunction

# Written to a file, not stdout: the monolith's code may print while it is imported.
_SCRIPT = """import json, sys
from {package} import app as service
json.dump({{"spec": service.app.openapi(),
            "unserved": getattr(service, "UNSERVED", {{}})}},
          open(sys.argv[1], "w", encoding="utf-8"))
"""


def write_openapi(service: Path, package: str, python: str,
                  functions: tuple[InterfaceFunction, ...]) -> list[str]:
    """Write `service`/openapi.json (only when its content changes); return the lines to
    show: where it is, and each interface function missing from it with the reason."""
    script = _SCRIPT.format(package=package)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "openapi.json"
        try:
            run = subprocess.run([python, "-c", script, str(dump)], cwd=service,
                                 capture_output=True, text=True, timeout=120, check=False,
                                 env={**os.environ, "STRANGLER_SERVE_LEGACY_ROUTES": "0"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [f"openapi.json not written: {exc}"]
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["unknown error"])[-1]
            return [f"openapi.json not written: the service did not import ({last}); "
                    f"install it (pip install -e {service}) and run `strangler extract` "
                    "--apply again"]
        try:
            found = json.loads(dump.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ["openapi.json not written: the service wrote no JSON"]
    spec, unserved = found["spec"], found["unserved"]
    where = service / "openapi.json"
    text = json.dumps(spec, indent=1, sort_keys=True) + "\n"
    changed = not where.exists() or where.read_text(encoding="utf-8") != text
    if changed:
        where.write_text(text, encoding="utf-8")
    served = set(spec.get("paths", {}))
    remote = [f for f in functions if f.json_safe]
    missing = [f for f in remote if f"/rpc/{f.module}/{f.name}" not in served]
    local = [f for f in functions if not f.json_safe]
    state = "written by the service" if changed else "unchanged"
    if missing:
        lines = [f"openapi.json INCOMPLETE ({state}, {where}): {len(remote) - len(missing)} "
                 f"of {len(remote)} RPC paths; missing:"]
        for f in missing:
            path = f"/rpc/{f.module}/{f.name}"
            why = unserved.get(path, "the service did not register it (reason unknown)")
            lines.append(f"  {f.module}.{f.name}: {why}")
    else:
        lines = [f"openapi.json {state} ({where}): all {len(remote)} RPC paths"]
    if local:
        lines.append(f"  not in the contract by design ({len(local)}, not JSON-safe: they "
                     "stay local): " + ", ".join(f"{f.module}.{f.name}" for f in local))
    return lines
