"""Table columns, per model style, and the money/identity judgement made from them (issue 10,
item 5: decided from tables and columns, not from a regex on names)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.model import ProjectIndex, TableColumn
from strangler.parse.sensitive import classify_table, data_attribute
from strangler.parse.sql import columns_in_ddl


def _columns(index: ProjectIndex, table: str) -> list[tuple[str, str]]:
    found = {t.name: t for t in index.tables}
    assert table in found, sorted(found)
    return [(c.name, c.type) for c in found[table].columns]


def _index(tmp_path: Path, files: dict[str, str]) -> ProjectIndex:
    return index_of(build_tree(tmp_path / "proj", {"app/__init__.py": "", **files}))


def test_sqlalchemy_declarative_columns(tmp_path: Path) -> None:
    index = _index(tmp_path, {"app/models.py": """
        import sqlalchemy as sa
        from sqlalchemy import Column, Integer, String, ForeignKey
        from sqlalchemy.orm import declarative_base, relationship
        Base = declarative_base()

        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            _password = Column("password", String(120))
            email = sa.Column(sa.String, nullable=False)
            group_id = Column(ForeignKey("groups.id"))
            group = relationship("Group")
    """})
    assert _columns(index, "users") == [("id", "Integer"), ("password", "String"),
                                        ("email", "String"), ("group_id", "")]


def test_sqlalchemy_2_mapped_columns(tmp_path: Path) -> None:
    index = _index(tmp_path, {"app/models.py": """
        from decimal import Decimal
        from typing import Optional
        from sqlalchemy import Numeric
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class Payment(Base):
            __tablename__ = "payments"
            id: Mapped[int] = mapped_column(primary_key=True)
            amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
            currency: Mapped[str]
            note: Mapped[Optional[str]]
            paid_on: Mapped["datetime.date | None"] = mapped_column()
            wallet: Mapped["Wallet"] = relationship(back_populates="payments")
    """})
    assert _columns(index, "payments") == [
        ("id", "int"), ("amount", "Numeric"), ("currency", "str"), ("note", "str"),
        ("paid_on", "date")]


def test_table_objects_classic_flask_and_ckan_style(tmp_path: Path) -> None:
    index = _index(tmp_path, {
        "app/meta.py": """
            from sqlalchemy import MetaData
            metadata = MetaData()
        """,
        "app/user.py": """
            from sqlalchemy import types, Column, Table
            from sqlalchemy.ext.mutable import MutableDict
            from sqlalchemy.dialects.postgresql import JSONB
            from app import meta
            user_table = Table('user', meta.metadata,
                Column('id', types.UnicodeText, primary_key=True),
                Column('password', types.UnicodeText),
                Column('apikey', types.UnicodeText),
                Column('plugin_extras', MutableDict.as_mutable(JSONB)),
            )
        """,
        "app/links.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()
            groups_users = db.Table(
                "groups_users",
                db.Column("user_id", db.Integer, db.ForeignKey("users.id")),
                db.Column("group_id", db.Integer(), db.ForeignKey("groups.id")),
            )
        """,
    })
    assert _columns(index, "user") == [("id", "UnicodeText"), ("password", "UnicodeText"),
                                       ("apikey", "UnicodeText"), ("plugin_extras", "JSONB")]
    assert _columns(index, "groups_users") == [("user_id", "Integer"),
                                               ("group_id", "Integer")]


def test_django_fields_and_flask_sqlalchemy_models(tmp_path: Path) -> None:
    index = _index(tmp_path, {
        "app/billing/__init__.py": "",
        "app/billing/models.py": """
            from django.db import models

            class Stamped(models.Model):
                created = models.DateTimeField(auto_now_add=True)
                class Meta:
                    abstract = True

            class Invoice(Stamped):
                total = models.DecimalField(max_digits=10, decimal_places=2)
                customer = models.ForeignKey("Customer", on_delete=models.CASCADE)
                contact = models.EmailField(db_column="contact_email")
                tags = models.ManyToManyField("Tag")
        """,
        "app/accounts.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()

            class UserAccount(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                username = db.Column(db.String(80), unique=True)
        """,
    })
    assert _columns(index, "billing_invoice") == [
        ("total", "DecimalField"), ("customer_id", "ForeignKey"),
        ("contact_email", "EmailField"), ("created", "DateTimeField")]
    assert _columns(index, "user_account") == [("id", "Integer"), ("username", "String")]


def test_ddl_columns_are_the_fallback_when_no_model_names_them(tmp_path: Path) -> None:
    index = _index(tmp_path, {
        "app/migrations.py": """
            async def m001(db):
                await db.execute(f'''
                    CREATE TABLE IF NOT EXISTS accounts (
                        id TEXT PRIMARY KEY,
                        email TEXT,
                        pass TEXT,
                        balance {db.big_int},
                        UNIQUE (email)
                    );
                ''')
                await db.execute("ALTER TABLE accounts RENAME COLUMN pass TO password_hash")
                await db.execute("ALTER TABLE accounts ADD COLUMN username TEXT")
                await db.execute("CREATE TABLE posts (id INT, body TEXT)")
        """,
        "app/versions/0001.py": """
            import sqlalchemy as sa
            from alembic import op
            def upgrade():
                op.create_table("posts", sa.Column("legacy", sa.Text))
                op.add_column("events", sa.Column("topic", sa.String(40)))
        """,
        "app/models.py": """
            from sqlalchemy import Column, Integer, Text
            from sqlalchemy.orm import declarative_base
            Base = declarative_base()
            class Post(Base):
                __tablename__ = "posts"
                id = Column(Integer, primary_key=True)
                body = Column(Text)
        """,
        "app/queries.py": """
            def rows(db):
                return db.fetchall("SELECT * FROM events"), db.fetchall("SELECT * FROM logs")
        """,
    })
    assert _columns(index, "accounts") == [("id", "TEXT"), ("email", "TEXT"), ("pass", "TEXT"),
                                           ("balance", ""), ("password_hash", ""),
                                           ("username", "TEXT")]
    assert _columns(index, "posts") == [("id", "Integer"), ("body", "Text")]  # the model wins
    assert _columns(index, "events") == [("topic", "String")]
    assert index.completeness is not None
    assert index.completeness.tables_without_columns == ("logs",)


def test_ddl_parsing_leaves_constraints_out() -> None:
    found = columns_in_ddl('CREATE TABLE "t" (a INT, "user" TEXT, b NUMERIC(10, 2), '
                           "CONSTRAINT c CHECK (a > 0), PRIMARY KEY (a)); "
                           "ALTER TABLE t ADD CONSTRAINT u UNIQUE (b)")
    assert found == [("t", (("a", "INT"), ("user", "TEXT"), ("b", "NUMERIC")))]


def _judge(table: str, *columns: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    cols = tuple(TableColumn(*(c.split(":") if ":" in c else (c, ""))) for c in columns)
    found = classify_table(table, cols)
    return None if found is None else (found.kinds, found.columns)


def test_a_notification_subscription_is_neither_money_nor_identity() -> None:
    # The old rule, on names, took `user_subscriptions` for identity data ("user").
    assert _judge("user_subscriptions", "id", "user_id", "topic", "created") is None
    assert _judge("notification_subscription", "id", "user_id", "topic", "created") is None


def test_a_persons_table_with_a_password_is_identity_whatever_its_name() -> None:
    assert _judge("members", "id", "display_name", "email", "password_hash") == (
        ("identity",), ("password_hash", "display_name", "email"))
    assert _judge("people", "id", "username", "email")[0] == ("identity",)  # type: ignore[index]
    assert _judge("gyms", "id", "name", "email", "phone") is None  # contact, not a person
    assert _judge("api_tokens", "id", "user_id", "token_id") is None  # a reference only
    assert _judge("oauth", "id", "accessToken", "token_type", "access_token_expiration") == (
        ("identity",), ("accessToken",))  # the type and expiry are about the token
    assert _judge("usage", "id", "prompt_token_count", "password_changed_at") is None


def test_money_needs_a_money_column_or_two_signals() -> None:
    assert _judge("payments", "id", "amount:Integer") == (("money",), ("amount",))
    assert _judge("orders", "id", "price:Numeric", "qty") == (("money",), ("price",))
    assert _judge("mealitem", "id", "amount:DecimalField", "unit") is None  # grams
    assert _judge("sql_metrics", "id", "currency:JSON") is None  # a display format
    assert _judge("charges", "id", "fee", "amount")[0] == ("money",)  # type: ignore[index]
    assert _judge("products", "id", "value:MoneyField")[0] == ("money",)  # type: ignore[index]
    assert _judge("invocations", "id", "payment_hash", "payment_id") is None  # references
    assert _judge("wallets", "id", "adminkey", "currency", "balance_msat") == (
        ("identity", "money"), ("adminkey", "balance_msat", "currency"))


def test_settings_and_flags_about_money_or_login_are_neither() -> None:
    # Saleor's site and tax settings: yes/no flags and modes, no secret and no amount.
    assert _judge("site_sitesettings", "id", "password_login_mode:CharField",
                  "customer_set_password_url:CharField",
                  "enable_account_confirmation_by_email:BooleanField",
                  "include_taxes_in_prices:BooleanField",
                  "display_gross_prices:BooleanField") is None
    assert _judge("tax_taxconfiguration", "id", "charge_taxes:BooleanField",
                  "tax_calculation_strategy:CharField",
                  "prices_entered_with_tax:BooleanField") is None
    assert _judge("channel_channel", "id", "currency_code:CharField",
                  "order_mark_as_paid_strategy:CharField",
                  "draft_order_line_price_freeze_period:PositiveIntegerField") is None
    assert _judge("signal", "id", "name", "require_mfa:Boolean") is None
    # The data itself still counts beside such settings.
    assert _judge("site_sitesettings", "password_login_mode:CharField",
                  "smtp_password:CharField") == (("identity",), ("smtp_password",))
    assert _judge("checkout", "id", "charge_taxes:BooleanField", "total_price:Numeric") == (
        ("money",), ("total_price",))

    # A rate is an amount, whatever its unit: a plan's price per period is money.
    assert _judge("plans", "id", "name", "price_per_period:IntegerField",
                  "period:CharField") == (("money",), ("price_per_period",))
    assert _judge("tariffs", "id", "fee_per_period", "tax_per_period") == (
        ("money",), ("fee_per_period", "tax_per_period"))


def test_a_date_or_a_number_about_a_secret_is_not_the_secret() -> None:
    # Saleor's account_user: the reset request's time is not a credential; the password is.
    assert _judge("account_user", "id", "last_password_reset_request:DateTimeField",
                  "password:CharField", "email:EmailField",
                  "last_confirm_email_request:DateTimeField") == (
        ("identity",), ("password", "email"))
    assert _judge("sessions", "id", "token_version:Integer",
                  "password_changed:DateTime") is None
    # A birth date is personal data, and it is a date.
    assert _judge("users", "id", "username:String", "birthday:Date") == (
        ("identity",), ("username", "birthday"))
    assert _judge("api_keys", "id", "secret:String")[0] == ("identity",)  # type: ignore[index]


def test_a_table_named_for_credentials_is_identity_whatever_its_columns() -> None:
    # The secret kept as a digest, a plain value or a cookie: that column decides.
    assert _judge("api_tokens", "user_id", "id", "hashed:Unicode", "prefix:Unicode",
                  "expires_at:DateTime") == (("identity",), ("hashed",))
    assert _judge("users_token", "id", "user_id", "key:CharField",
                  "hmac_digest:CharField", "expires:DateTimeField") == (
        ("identity",), ("key", "hmac_digest"))
    assert _judge("tokens", "id", "type", "user_id", "value:String")[0] == (  # type: ignore[index]
        "identity",)
    assert _judge("auth_cookie", "cookie:text", "name:text", "ipnr:text", "time:int") == (
        ("identity",), ("cookie",))
    found = classify_table("api_tokens", (TableColumn("hashed", "Unicode"),))
    assert found is not None and found.core == ("hashed",) and found.credential
    # A password column decides as before: not identity by the credential name alone.
    found = classify_table("api_tokens", (TableColumn("password", "String"),))
    assert found is not None and not found.credential
    # No column holds it (a signed key's row): the name decides, and the reason says so.
    found = classify_table("api_keys", tuple(TableColumn(c, "") for c in (
        "id", "name", "user_id", "ttl", "issued_at", "revoked")))
    assert found is not None and found.kinds == ("identity",) and found.core == ()
    assert found.describe() == "api_keys (identity: named for credentials)"
    # A link table between a credential and another row holds no credential.
    assert _judge("application_credential_role", "application_credential_id",
                  "role_id") is None
    # Other names still need their columns; a date about a token is no token.
    assert _judge("subscriptions", "id", "value:String", "hashed:String") is None
    assert _judge("tokens", "id", "user_id", "expires:DateTime",
                  "hashed:DateTime")[1] == ("named for credentials",)  # type: ignore[index]


def test_names_decide_only_when_no_columns_are_known() -> None:
    found = classify_table("user_accounts", ())
    assert found is not None and found.kinds == ("identity",) and found.columns == ()
    assert found.describe() == "user_accounts (identity: by its name, no columns known)"
    assert classify_table("apipayments", ()) is not None
    assert classify_table("user_accounts", (TableColumn("id", ""),)) is None


def test_the_reason_names_the_deciding_columns() -> None:
    found = classify_table("users", (TableColumn("id", ""), TableColumn("email", ""),
                                     TableColumn("password_hash", ""),
                                     TableColumn("username", "")))
    assert found is not None
    assert found.describe() == "users (identity: password_hash, username, email)"
    assert found.core == ("password_hash",)


def test_data_attributes_are_secret_or_money_names() -> None:
    assert data_attribute("password") and data_attribute("_password")
    assert data_attribute("api_key") and data_attribute("preimage")
    assert not data_attribute("email") and not data_attribute("payment_id")
    assert not data_attribute("amount")  # a hint only: too common to tell anything alone


def test_analysis_json_lists_columns_and_why_a_table_is_critical(tmp_path: Path) -> None:
    from helpers import graph_of

    from strangler.report.json_report import analysis_document

    root = build_tree(tmp_path / "proj", {"app/__init__.py": "", "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base
        Base = declarative_base()
        class Person(Base):
            __tablename__ = "persons"
            id = Column(Integer, primary_key=True)
            email = Column(String)
            password_hash = Column(String)
        class Subscription(Base):
            __tablename__ = "subscription"
            id = Column(Integer, primary_key=True)
            topic = Column(String)
    """})
    document = analysis_document(*graph_of(root))
    tables = {t["name"]: t for t in document["tables"]}
    assert tables["persons"]["columns"] == [{"name": "id", "type": "Integer"},
                                            {"name": "email", "type": "String"},
                                            {"name": "password_hash", "type": "String"}]
    assert tables["persons"]["data"] == {
        "kinds": ["identity"], "columns": ["password_hash", "email"],
        "why": "persons (identity: password_hash, email)"}
    assert tables["subscription"]["data"] is None


def test_a_django_custom_user_model_is_a_table_with_its_inherited_password(
        tmp_path: Path) -> None:
    index = _index(tmp_path, {
        "app/people/__init__.py": "",
        "app/people/models.py": """
            from django.contrib.auth.models import AbstractUser
            from django.db import models

            class Person(AbstractUser):
                phone = models.CharField(max_length=20)
        """,
    })
    columns = _columns(index, "people_person")
    assert columns[0] == ("phone", "CharField")
    assert ("password", "CharField") in columns and ("email", "EmailField") in columns
    person = next(t for t in index.tables if t.name == "people_person")
    assert person.sensitive is not None and person.sensitive.kinds == ("identity",)
