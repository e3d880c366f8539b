"""Which tables hold money or identity data, told from their columns.

Netflix moved billing last: a seam that owns or writes such a table is extracted once the
pattern is proven. A table's columns decide (`password_hash`, `api_key`, `email` with
`username`; `price`, `currency` with `amount`, `invoice`); its name is a weak signal, used alone
only when no model, Table object or DDL names its columns. A notification `subscription`
table of (id, user_id, topic, created) is neither; a `persons` table with a password is
identity whatever its name. A table named for credentials (`api_tokens`, `api_keys`,
`auth_cookie`) is identity whatever its columns: the secret is kept hashed (`hashed`,
`key_hash`), as a plain `value`, or not at all (a signed key's row), and the row grants access.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from strangler.model import DataKind, SensitiveTable, TableColumn

# A column with one of these words holds a secret that proves who someone is.
SECRET_WORDS = frozenset({
    "password", "passwd", "pwd", "pwhash", "passphrase", "secret", "secrets", "token",
    "apikey", "adminkey", "otp", "totp", "mfa", "ssn", "salt",
})
# `<word>_key` columns that are credentials (`api_key`, `private_key`, `reset_key`).
KEY_OWNERS = frozenset({"api", "private", "secret", "access", "reset", "auth", "admin",
                        "signing", "encryption", "session", "activation"})
# Personal data that identifies someone together with a person's name or login.
CONTACT_WORDS = frozenset({"email", "phone", "mobile", "birthday", "birthdate", "dob"})
BIRTH_WORDS = frozenset({"birthday", "birthdate", "dob"})  # personal data that is a date
PERSON_NAMES = frozenset({"username", "user_name", "login", "first_name", "last_name",
                          "fullname", "full_name", "surname", "given_name", "display_name",
                          "nickname"})
# A column with one of these words is money on its own.
MONEY_WORDS = frozenset({
    "price", "prices", "balance", "balances", "invoice", "invoices", "payment", "payments",
    "msat", "msats", "sats", "iban", "bic", "bolt11", "preimage", "payout", "payouts",
    "refund", "refunds", "salary", "salaries", "wage", "wages", "billing", "vat", "cvv",
    "cvc", "creditcard", "cents",
})
# Money only with a second money signal: another such word, a money type, or a money word in
# the table's name (a meal item's `amount` is grams; a metric's `currency` is a format).
MONEY_HINTS = frozenset({
    "amount", "amounts", "fee", "fees", "cost", "costs", "charge", "charges", "tax", "taxes",
    "discount", "subtotal", "credit", "credits", "debit", "debits", "paid", "tip", "tips",
    "revenue", "currency",
})
MONEY_TYPES = frozenset({"Money", "MoneyField", "CurrencyField", "CurrencyType", "PriceField"})
# The table's own name, the weak signal (also the whole rule when no columns are known).
NAME_IDENTITY = frozenset({
    "user", "users", "person", "persons", "people", "account", "accounts", "credential",
    "credentials", "password", "passwords", "auth", "authentication", "oauth", "token",
    "tokens", "apikey", "api_key",
})
NAME_MONEY = frozenset({
    "payment", "payments", "invoice", "invoices", "billing", "charge", "charges", "wallet",
    "wallets", "ledger", "ledgers", "transaction", "transactions", "refund", "refunds",
    "payout", "payouts", "card", "cards", "price", "prices",
})
# A table named for credentials holds them whatever its columns (`api_tokens` keeping only a
# `hashed` digest and a `prefix`, `api_keys` keeping a signed key's id and its owner,
# `auth_cookie` keeping session cookies): a row grants access. A name word that is one of
# these, or ends in `token`/`tokens` (`accesstoken`), or the pair `api` `key(s)`.
CREDENTIAL_NAMES = frozenset({
    "token", "tokens", "apikey", "apikeys", "credential", "credentials", "password",
    "passwords", "passwd", "cookie", "cookies", "secret", "secrets",
})
BY_NAME = "named for credentials"  # the reason when no column holds the secret itself
# The columns of a credential table that hold the secret, or its digest.
CREDENTIAL_COLUMNS = frozenset({"hash", "hashed", "digest", "value", "key", "cookie",
                                "token", "secret"})
# `payment_id`, `token_id`, `payment_hash`: a reference to a row elsewhere, not the data (a
# `password_hash` is the secret itself).
REFERENCE_ENDS = frozenset({"id", "ids", "uuid", "fk", "ref"})
MONEY_REFERENCE_ENDS = REFERENCE_ENDS | {"hash"}
# `token_count`, `access_token_expiration`, `password_changed_at`: about the secret, not it.
# Also settings about money or login (`password_login_mode`, `customer_set_password_url`,
# `order_mark_as_paid_strategy`, `price_freeze_period`): a site's configuration, not the data.
ABOUT_ENDS = frozenset({"count", "counts", "limit", "length", "size", "type", "expiry",
                        "expiration", "expires", "at", "on", "date", "time", "changed",
                        "updated", "required", "policy", "enabled", "set", "mode", "modes",
                        "url", "uri", "strategy", "period", "format", "method", "flag",
                        "option", "options", "setting", "settings", "template", "precision",
                        "duration", "delay", "ttl"})
# A yes/no column is a flag about the data (`display_gross_prices`, `charge_taxes`,
# `enable_account_confirmation_by_email`), never the data itself.
FLAG_TYPES = frozenset({"booleanfield", "nullbooleanfield", "boolean", "bool"})
# A secret or a contact is text or bytes: a date, a time or a number about it
# (`last_password_reset_request`, `last_confirm_email_request` as DateTimeFields,
# `token_version` as an integer) is not the data itself.
NOT_SECRET_TYPES = FLAG_TYPES | frozenset({
    "datetimefield", "datefield", "timefield", "durationfield", "datetime", "date", "time",
    "timestamp", "interval", "integerfield", "positiveintegerfield", "bigintegerfield",
    "smallintegerfield", "positivesmallintegerfield", "positivebigintegerfield",
    "floatfield", "decimalfield", "integer", "biginteger", "smallinteger", "float",
    "numeric", "int", "bigint", "smallint", "real",
})
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def words(name: str) -> tuple[str, ...]:
    """`passwordHash` -> (password, hash); `api_key` -> (api, key)."""
    return tuple(w for w in _SPLIT.split(_CAMEL.sub(r"\1_\2", name).lower()) if w)


def _reference(parts: tuple[str, ...], ends: frozenset[str] = REFERENCE_ENDS) -> bool:
    return len(parts) > 1 and parts[-1] in ends


def _secret(column: str) -> bool:
    parts = words(column)
    if _reference(parts, REFERENCE_ENDS | ABOUT_ENDS):
        return False
    if column.lower() == "pass" or SECRET_WORDS.intersection(parts):
        return True
    return any(part == "key" and before in KEY_OWNERS
               for before, part in zip(parts, parts[1:], strict=False))


def _flag(column: TableColumn) -> bool:
    return column.type.lower() in FLAG_TYPES


def _not_secret_type(column: TableColumn) -> bool:
    return column.type.lower() in NOT_SECRET_TYPES


def _about_money(parts: tuple[str, ...]) -> bool:
    """A reference to money or a setting about it (`payment_hash`, `price_freeze_period`);
    a rate is money itself (`price_per_period`, `fee_per_set`)."""
    return _reference(parts, MONEY_REFERENCE_ENDS | ABOUT_ENDS) and parts[-2] != "per"


def _strong_money(column: TableColumn) -> bool:
    parts = words(column.name)
    return column.type in MONEY_TYPES or (
        not _flag(column) and not _about_money(parts)
        and bool(MONEY_WORDS.intersection(parts)))


@lru_cache(maxsize=65536)
def data_attribute(name: str) -> bool:
    """Whether code that uses attribute `name` (`user.password`, `payment.preimage`) may
    touch a secret or money column: the parse stage keeps these names per file."""
    parts = words(name)
    return bool(parts) and (_secret(name) or (
        not _reference(parts, MONEY_REFERENCE_ENDS) and bool(MONEY_WORDS.intersection(parts))))


def _identity(columns: Sequence[TableColumn]) -> list[str]:
    """The columns that make a table identity data, secrets first; [] when it is not."""
    columns = [c for c in columns if not _flag(c)]
    secrets = [c.name for c in columns if _secret(c.name) and not _not_secret_type(c)]
    contact = [c.name for c in columns if CONTACT_WORDS.intersection(words(c.name))
               and (not _not_secret_type(c) or BIRTH_WORDS.intersection(words(c.name)))
               and not _reference(words(c.name), REFERENCE_ENDS | ABOUT_ENDS)]
    names = [c.name for c in columns if "_".join(words(c.name)) in PERSON_NAMES]
    if secrets:
        return secrets + names + contact
    return names + contact if contact and names else []


def credential_table(table: str) -> bool:
    """Whether the table's name says it holds credentials (`CREDENTIAL_NAMES`)."""
    parts = [w for w in _SPLIT.split(table.lower()) if w]
    return any(part in CREDENTIAL_NAMES or part.endswith(("token", "tokens"))
               for part in parts) or any(
        first == "api" and second in ("key", "keys")
        for first, second in zip(parts, parts[1:], strict=False))


def _credential(table: str, columns: Sequence[TableColumn]) -> list[str]:
    """The secret-holding columns of a credential table (`credential_table`), text ones
    named like the secret or its digest; `BY_NAME` when none is, unless the table only links
    rows of others."""
    if not credential_table(table):
        return []
    held = [c.name for c in columns if not _not_secret_type(c)
            and words(c.name) and words(c.name)[-1] in CREDENTIAL_COLUMNS]
    if held:
        return held
    # A link table (`application_credential_role`: two ids) holds no credential itself.
    links = columns and all(_reference(words(c.name)) or c.name.lower() == "id"
                            for c in columns)
    return [] if links else [BY_NAME]


def _money(table: str, columns: Sequence[TableColumn]) -> list[str]:
    """The columns that make a table money data; [] when it is not."""
    strong = [c.name for c in columns if _strong_money(c)]
    hints = [c.name for c in columns if MONEY_HINTS.intersection(words(c.name))
             and not _flag(c) and not _about_money(words(c.name))]
    hint_words = {w for c in hints for w in words(c)} & MONEY_HINTS
    if strong:
        return strong + [c for c in hints if c not in strong]
    if hints and (len(hint_words) > 1 or NAME_MONEY.intersection(_name_words(table))):
        return hints
    return []


def _name_words(table: str) -> set[str]:
    lowered = table.lower()
    return set(_SPLIT.split(lowered)) | set(lowered.split("_"))


def classify_table(name: str, columns: Sequence[TableColumn]) -> SensitiveTable | None:
    """Money and/or identity, and the columns that decided it; by name only when no
    columns are known; None when the table holds neither."""
    if not columns:
        found = _name_words(name)
        by_name: list[DataKind] = []
        if found & NAME_IDENTITY:
            by_name.append("identity")
        if found & NAME_MONEY or "payment" in name.lower() or "invoice" in name.lower():
            by_name.append("money")
        return SensitiveTable(name, tuple(by_name), ()) if by_name else None
    kinds: list[DataKind] = []
    deciding: list[str] = []
    identity, money = _identity(columns), _money(name, columns)
    credential = [] if identity else _credential(name, columns)
    identity = identity or credential
    if identity:
        kinds.append("identity")
    if money:
        kinds.append("money")
    for column in identity + money:
        if column not in deciding:
            deciding.append(column)
    if not kinds:
        return None
    core = tuple(c.name for c in columns
                 if not _flag(c) and ((_secret(c.name) and not _not_secret_type(c))
                                      or c.name in credential
                                      or (money and _strong_money(c))))
    return SensitiveTable(name, tuple(kinds), tuple(deciding), core, bool(credential))
