"""`make demo`'s story runs end to end: shadow, canary, new, fallback with no failed request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo.py"


def test_demo_tells_the_whole_story_without_a_failed_request() -> None:
    result = subprocess.run([sys.executable, str(DEMO)], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "READY to promote" in out or "not ready" in out  # the diff summary printed
    assert "/billing: canary 50%" in out and "/billing: new" in out
    assert "clients that switched sides: 0" in out  # canary is sticky per client
    fallback = out.split("6. stop the billing service")[1]
    assert " 0 failed; fallbacks to legacy: " in fallback
    assert int(fallback.split("fallbacks to legacy: ")[1].split()[0]) > 0
    assert 'state="open"' in fallback
    assert "everything it started is stopped" in out
