"""`make demo`'s story runs end to end: shadow, canary, new, fallback with no failed request,
on the seam the migration plan puts first (or the next one it can demonstrate, saying why)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo.py"


def _demo_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("strangler_demo", DEMO)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _route(path: str, module: str, methods: tuple[str, ...] = ("GET",)) -> dict:
    return {"path": path, "module": module, "methods": list(methods)}


def test_the_demo_takes_the_plans_first_seam_or_says_why_not() -> None:
    demo = _demo_module()
    analysis = {
        "proposal": {"assignment": [["app.base", "base"], ["app.mail", "mail"],
                                    ["app.shop", "shop"]]},
        "plan": [{"order": 1, "seam": "mail", "reason": "first: 2 routes"},
                 {"order": 2, "seam": "shop", "reason": "3 routes"},
                 {"order": 3, "seam": "base", "reason": "no routes"}],
        "routes": [_route("/mail/outbox", "app.mail"), _route("/mail/send", "app.mail", ("POST",)),
                   _route("/shop/items", "app.shop"), _route("/shop/items/<id>", "app.shop")],
    }
    seam, prefix, paths, note = demo.choose_seam(analysis)
    assert (seam, prefix, paths) == ("mail", "/mail", ["/mail/outbox"])
    assert note.startswith("the plan puts mail first")
    # A first step whose routes cannot be replayed under one prefix is skipped, with the reason.
    analysis["routes"][0] = _route("/inbox", "app.mail")
    seam, prefix, paths, note = demo.choose_seam(analysis)
    assert (seam, prefix, paths) == ("shop", "/shop", ["/shop/items"])
    assert "step 1, mail, is not demonstrated here: routes under several prefixes" in note
    assert "shop is step 2 of the plan" in note
    analysis["plan"] = analysis["plan"][2:]
    with pytest.raises(RuntimeError, match="no routes"):
        demo.choose_seam(analysis)


def test_demo_tells_the_whole_story_without_a_failed_request() -> None:
    result = subprocess.run([sys.executable, str(DEMO)], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    chosen = re.search(r"the plan puts (\w+) first|; (\w+) is step \d+ of the plan", out)
    assert chosen, out[:2000]
    seam = chosen.group(1) or chosen.group(2)
    assert "READY to promote" in out or "not ready" in out  # the diff summary printed
    assert f"/{seam}: canary 50%" in out and f"/{seam}: new" in out
    assert "clients that switched sides: 0" in out  # canary is sticky per client
    fallback = out.split(f"6. stop the {seam} service")[1]
    assert " 0 failed; fallbacks to legacy: " in fallback
    assert int(fallback.split("fallbacks to legacy: ")[1].split()[0]) > 0
    assert 'state="open"' in fallback
    assert "everything it started is stopped" in out
