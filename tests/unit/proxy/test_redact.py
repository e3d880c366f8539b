"""What the diff store may keep: secrets by name, by configured path and by value hidden as
keyed hashes; long values cut."""

from __future__ import annotations

import pytest

from strangler.proxy.redact import (
    MAX_VALUE_CHARS,
    Redactor,
    has_card_number,
    luhn_valid,
    secret_name,
    secret_value,
)

REDACTOR = Redactor(("customer.email", "items.*.note"), key=b"k" * 16)


@pytest.mark.parametrize("name", ["token", "accessToken", "csrf_token", "api_key", "APIKey",
                                  "apikey", "Set-Cookie", "authorization", "X-Auth-Token",
                                  "password", "passwd", "client_secret", "card_number",
                                  "cardNumber", "PASSWORD", "private_key", "sessionid"])
def test_secret_names(name: str) -> None:
    assert secret_name(name)


@pytest.mark.parametrize("name", ["discard", "secretary", "status", "price", "author",
                                  "tokenizer", "items", "0", "keyboard", "content-type"])
def test_ordinary_names(name: str) -> None:
    assert not secret_name(name)


def test_card_numbers_are_luhn_valid_13_to_19_digits() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert has_card_number("paid with 4111 1111 1111 1111 today")
    assert has_card_number("4111-1111-1111-1111")
    assert not has_card_number("4111111111111112")  # fails Luhn
    assert not has_card_number("411111111111")  # 12 digits
    assert secret_value(4111111111111111) and not secret_value(1234)


@pytest.mark.parametrize("value", [
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "Bearer abcdefghijklmnop", "user=bob&password=hunter2", '{"api_key": "x1"}',
    "-----BEGIN RSA PRIVATE KEY-----\nMIIE"])
def test_secret_values(value: str) -> None:
    assert secret_value(value)


def test_fields_hide_secrets_by_name_path_and_value_and_keep_the_rest() -> None:
    kept = REDACTOR.fields({
        "body.user.token": ("abc", "abd"),
        "header.set-cookie": ("a=1", "a=2"),
        "body.customer.email": ("a@example.com", "b@example.com"),  # configured path
        "body.items.3.note": ("left at door", "ring"),  # configured glob, any index
        "body.payment.ref": ("4111111111111111", "5500005555555559"),  # by value
        "body.total": (10, 11),
        "status": (200, 500),
        "body.user.password": ("<missing>", "hunter2"),
    })
    assert kept["body.total"] == (10, 11) and kept["status"] == (200, 500)
    for name in ("body.user.token", "header.set-cookie", "body.customer.email",
                 "body.items.3.note", "body.payment.ref"):
        legacy, new = kept[name]
        assert legacy.startswith("[redacted ") and new.startswith("[redacted ")
        assert legacy != new  # still shows that they differ
    assert kept["body.user.password"][0] == "<missing>"  # that a side lacks it is no secret
    assert "hunter2" not in repr(kept) and "4111111111111111" not in repr(kept)


def test_equal_values_hash_alike_within_a_key_only() -> None:
    assert REDACTOR.hidden("s3cret") == REDACTOR.hidden("s3cret") != REDACTOR.hidden("s3cre7")
    assert Redactor().hidden("s3cret") != Redactor().hidden("s3cret")  # random per process


def test_long_values_and_names_are_cut_but_still_compared() -> None:
    big = "x" * (1 << 20)
    kept = REDACTOR.fields({"body.blob": (big, big + "y"), "body." + "k" * 5000: (1, 2)})
    (blob_name, (left, right)), (long_name, _) = kept.items()
    assert len(left) < MAX_VALUE_CHARS + 60 and len(long_name) < 300
    assert left != right  # the lengths differ, so the hashes do
    assert REDACTOR.value("body.blob", "a" * 10_000 + "b") != REDACTOR.value(
        "body.blob", "a" * 10_000 + "c")  # the end is hashed too


def test_a_card_number_across_the_cut_is_hidden() -> None:
    value = "x" * (MAX_VALUE_CHARS - 6) + "4111111111111111" + "y" * 1000
    assert REDACTOR.value("body.note", value).startswith("[redacted ")


def test_paths_hide_tokens_and_card_numbers_in_segments() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"
    assert REDACTOR.path(f"/reset/{jwt}/done").startswith("/reset/[redacted ")
    assert "4111111111111111" not in REDACTOR.path("/cards/4111111111111111")
    assert REDACTOR.path("/orders/123") == "/orders/123"


def test_a_card_number_after_other_digits_is_found() -> None:
    assert has_card_number("2026-01-31 4111 1111 1111 1111")
    assert not has_card_number("2026-01-31 12:00")
