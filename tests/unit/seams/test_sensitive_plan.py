"""Which seams the plan holds back for money or identity data (issue 10, item 5): the tables
they own, write or define, and those they read while using the secret columns."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.model import Route, Seam, SharedTable, TableSide
from strangler.seams.explain import _rank_difficulty
from strangler.seams.migration import migration_plan
from strangler.seams.sensitive import sensitive_data

MODELS = """
    from sqlalchemy import Column, Integer, String, DateTime
    from sqlalchemy.orm import declarative_base
    Base = declarative_base()

    class Member(Base):
        __tablename__ = "members"
        id = Column(Integer, primary_key=True)
        display_name = Column(String)
        email = Column(String)
        password_hash = Column(String)

    class Subscription(Base):
        __tablename__ = "user_subscriptions"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer)
        topic = Column(String)
        created = Column(DateTime)
"""


def _project(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/auth.py": """
            from app.models import Member
            def login(session, name, secret):
                member = session.query(Member).filter_by(display_name=name).first()
                return check(member.password_hash, secret)
        """,
        "app/mailer.py": """
            from app.models import Member
            def address(session, ident):
                return session.get(Member, ident).email
        """,
        "app/notify.py": """
            from app.models import Subscription
            def subscribe(session, user, topic):
                session.add(Subscription(user_id=user, topic=topic))
        """,
    })


def _seam(name: str, modules: tuple[str, ...], owned: tuple[str, ...] = (),
          read: tuple[str, ...] = ()) -> Seam:
    route = Route(("GET",), f"/{name}", f"{modules[0]}.view", modules[0], "x.py", 1, "flask")
    shared = tuple(SharedTable(t, TableSide(name, 1, 1, 0, "x.py", 1), 1) for t in read)
    padded = modules + tuple(f"{modules[0]}_{i}" for i in range(3 - len(modules)))
    return Seam(name=name, modules=padded, loc=400, interface=(), routes=(route,),
                tables_owned=owned, tables_shared=shared, depends_on=(), used_by=(),
                why_together=(), cut_edges=(), difficulty="", difficulty_score=5.0)


def test_the_plan_holds_back_the_seam_that_checks_passwords_not_the_one_that_mails(
        tmp_path: Path) -> None:
    data = sensitive_data(index_of(_project(tmp_path)))
    assert set(data.tables) == {"members"}  # the subscription table is neither
    assert data.tables["members"].core == ("password_hash",)
    auth = _seam("auth", ("app.auth",), read=("members",))
    mailer = _seam("mailer", ("app.mailer",), read=("members",))
    notify = _seam("notify", ("app.notify",), owned=("user_subscriptions",))
    models = _seam("models", ("app.models",), read=("members",))
    assert [t.table for t in data.handled_by(auth)] == ["members"]  # reads, uses the hash
    assert data.handled_by(mailer) == []  # reads members for an e-mail address only
    assert data.handled_by(notify) == []
    assert [t.table for t in data.handled_by(models)] == ["members"]  # defines the model
    plan = migration_plan(_rank_difficulty([auth, mailer, notify, models]), data)
    order = [step.seam for step in plan]
    assert order.index("notify") < order.index("auth")
    assert order.index("mailer") < order.index("auth")
    step = next(s for s in plan if s.seam == "auth")
    assert step.critical == ("members",)
    assert step.critical_why == ("members (identity: password_hash, display_name, email)",)
    assert "handles money or identity data: members (identity: password_hash, " in step.reason
    assert "extract once the pattern is proven" in step.reason


def test_a_first_step_that_handles_identity_says_every_candidate_does(tmp_path: Path) -> None:
    data = sensitive_data(index_of(_project(tmp_path)))
    plan = migration_plan(_rank_difficulty([_seam("auth", ("app.auth",), read=("members",))]),
                          data)
    assert plan[0].reason.startswith("first: ")
    assert "so does every seam with routes or tables of its own" in plan[0].reason


def test_a_seam_with_routes_goes_before_one_that_only_owns_a_table(tmp_path: Path) -> None:
    from dataclasses import replace

    data = sensitive_data(index_of(_project(tmp_path)))
    # NetBox's leftover search cache: 3 modules, a table of its own, no route, one shared
    # table; the app with routes shares three.
    cache = replace(_seam("search", ("app.search",), owned=("cachedvalue",), read=("t1",)),
                    routes=())
    tenancy = _seam("tenancy", ("app.tenancy",), owned=("tenant",), read=("t1", "t2", "t3"))
    order = [step.seam for step in migration_plan(_rank_difficulty([cache, tenancy]), data)]
    assert order == ["tenancy", "search"]


def test_a_seam_owning_an_api_token_table_is_not_the_first_step(tmp_path: Path) -> None:
    # The token kept only as a digest: no password column, still the credentials of users.
    root = build_tree(tmp_path / "hub", {
        "hub/__init__.py": "",
        "hub/orm.py": """
            from sqlalchemy import Column, Integer, Unicode, DateTime
            from sqlalchemy.orm import declarative_base
            Base = declarative_base()

            class APIToken(Base):
                __tablename__ = "api_tokens"
                id = Column(Integer, primary_key=True)
                user_id = Column(Integer)
                hashed = Column(Unicode(255))
                prefix = Column(Unicode(16))
                expires_at = Column(DateTime)

            class Share(Base):
                __tablename__ = "shares"
                id = Column(Integer, primary_key=True)
                user_id = Column(Integer)
                path = Column(Unicode(255))
        """,
    })
    data = sensitive_data(index_of(root))
    assert data.tables["api_tokens"].describe() == "api_tokens (identity: hashed)"
    users = _seam("account", ("hub.users",), owned=("api_tokens",))  # first by name alone
    shares = _seam("shares", ("hub.shares",), owned=("shares",))
    plan = migration_plan(_rank_difficulty([users, shares]), data)
    assert [step.seam for step in plan] == ["shares", "account"]
    assert plan[1].critical == ("api_tokens",)
