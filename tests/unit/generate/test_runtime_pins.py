"""The service's own runtime (FastAPI) next to the monolith's pins (held-out CTFd pins
pydantic==1.6.2: installing a current FastAPI beside it upgraded pydantic and broke its tests)."""

from __future__ import annotations

from strangler.generate.render import _runtime_dependencies, runtime_conflicts


def test_fastapi_follows_the_monoliths_pydantic() -> None:
    assert _runtime_dependencies(("flask==2.1.3",))[0] == "fastapi>=0.110"
    assert _runtime_dependencies(("pydantic==1.10.13",))[0] == "fastapi>=0.93,<0.100"
    assert _runtime_dependencies(("pydantic==2.7.0",))[0] == "fastapi>=0.110"
    assert [d for d in _runtime_dependencies(("fastapi==0.95.2",))
            if d.startswith("fastapi")] == []  # the monolith's own pin wins


def test_a_pydantic_too_old_for_any_fastapi_is_said_before_apply() -> None:
    assert runtime_conflicts(("pydantic==1.10.13",)) == ()
    (conflict,) = runtime_conflicts(("Pydantic==1.6.2",))
    assert "pydantic==1.6.2" in conflict and "routes stay on legacy" in conflict
