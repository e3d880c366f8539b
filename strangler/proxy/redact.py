"""What the diff store may keep of a response field: secrets become short keyed hashes, long
values are cut (pure apart from the per-process hash key).

A field is hidden when its JSON path matches a configured glob (`[proxy] redact`), when a
path segment or header name looks like a secret's (token, password, cookie, card, ...), or
when its value looks like one (a Luhn-valid card number, a JWT, a bearer token, a private
key, `password=...` in text). The hash is keyed with a random per-process key: two equal
values in one proxy run hash alike, so "same or different" still shows, but a stolen file
cannot be brute-forced back to a card number.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

MAX_VALUE_CHARS = 200  # a stored value longer than this is cut, with the whole one's hash
MAX_NAME_CHARS = 200
HASHED_END_CHARS = 4096
MISSING = "<missing>"  # diff.py's marker for a field one side lacks
REDACTED = "[redacted"  # every hidden value starts so: `[redacted 1a2b3c4d5e6f]`

# Words that make a field or header name secret, matched on whole words of a path segment
# (`accessToken`, `api_key`, `Set-Cookie`, `card_number`; not `discard` or `secretary`).
SECRET_WORDS = frozenset({
    "token", "tokens", "secret", "secrets", "password", "passwords", "passwd", "pwd",
    "passphrase", "authorization", "auth", "cookie", "cookies", "apikey", "card", "cards",
    "cvv", "cvc", "ssn", "iban", "credential", "credentials", "sessionid", "jwt", "otp",
})
SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"),
                          ("secret", "key"), ("session", "id")})

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HIDDEN = re.compile(r"\[redacted [0-9a-f]{12}\]")
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){12,}")  # 13 digits or more, spaces or dashes between
_VALUE_PATTERNS = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"  # a JWT
    r"|\bbearer\s+[A-Za-z0-9._~+/=-]{8,}"  # an Authorization value
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\b(?:password|passwd|pwd|secret|token|api_?key|access_?token)\b[\"']?\s*[:=]",
    re.IGNORECASE)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum every payment card number passes."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def has_card_number(text: str) -> bool:
    """Does `text` hold 13 to 19 digits (spaces or dashes allowed between, no digit next to
    them) that pass Luhn?"""
    for match in _DIGIT_RUN.finditer(text):
        run = match.group()
        digits = run.replace(" ", "").replace("-", "")
        if len(digits) <= 19:
            if len(digits) >= 13 and luhn_valid(digits):
                return True
            continue
        # A longer run (`2026-01-31 4111 1111 1111 1111`): try the groups it is written in.
        groups = re.split(r"[ -]", run)
        for start in range(len(groups)):
            joined = ""
            for group in groups[start:]:
                joined += group
                if len(joined) > 19:
                    break
                if len(joined) >= 13 and luhn_valid(joined):
                    return True
    return False


@functools.lru_cache(maxsize=4096)  # names repeat (`items`, `price`): look each up once
def secret_name(segment: str) -> bool:
    """Does a path segment or header name name a secret (whole words, any case)?"""
    words = [w.lower() for w in _WORD.findall(segment)]
    if any(w in SECRET_WORDS for w in words):
        return True
    return any(pair in SECRET_PAIRS for pair in zip(words, words[1:], strict=False))


def secret_value(value: Any) -> bool:
    """Does the value itself look like a secret (a card number, a JWT, a credential)?"""
    if isinstance(value, int) and not isinstance(value, bool):
        return value >= 10**12 and has_card_number(str(value))
    if not isinstance(value, str) or len(value) < 8:
        return False
    lower = value.lower()
    # The patterns run only on a value with one of their marks: most values have none.
    if ("=" in value or ":" in value or "eyj" in lower or "bearer" in lower
            or "private key" in lower) and (
            _VALUE_PATTERNS.search(value)):
        return True
    return has_card_number(value)


@dataclass(frozen=True)
class Redactor:
    """Applies the rules above; `paths` are the configured globs (`items.*.iban`), matched
    like `ignore`: on the field's path without `body.`, numbers standing for `*` too."""

    paths: tuple[str, ...] = ()
    key: bytes = field(default_factory=lambda: os.urandom(16), repr=False)
    _names: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def digest(self, value: Any) -> str:
        """A short keyed hash of a JSON value (12 hex characters). A string longer than
        2 * HASHED_END_CHARS is hashed by its length, start and end, so the cost stays
        bounded (two such strings that differ only in the middle hash alike)."""
        if isinstance(value, str):
            data = (value if len(value) <= 2 * HASHED_END_CHARS else
                    f"{len(value)}:{value[:HASHED_END_CHARS]}{value[-HASHED_END_CHARS:]}"
                    ).encode()
        else:
            data = orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS)
        return hashlib.blake2b(data, digest_size=6, key=self.key).hexdigest()

    def hidden(self, value: Any) -> str:
        return f"{REDACTED} {self.digest(value)}]"

    def secret_field(self, name: str) -> bool:
        """Is the field (`body.user.token`, `header.set-cookie`) secret by its name?"""
        known = self._names.get(name)
        if known is None:
            if len(self._names) >= 4096:  # bounded: names are chosen by the upstreams
                self._names.clear()
            known = self._names[name] = self._secret_field(name)
        return known

    def _secret_field(self, name: str) -> bool:
        path = name[5:] if name.startswith("body.") else name
        segments = path.split(".")
        if any(secret_name(s) for s in segments):
            return True
        if not self.paths:
            return False
        generic = ".".join("*" if s.isdigit() else s for s in segments)
        return any(fnmatch.fnmatchcase(candidate, pattern) for pattern in self.paths
                   for candidate in (path, generic, name))

    def value(self, name: str, value: Any, secret: bool | None = None) -> Any:
        """The value as it may be stored: hidden when secret, cut when long (null and
        `<missing>` stay: that one side has no value is not a secret)."""
        if value is None or value == MISSING or (
                isinstance(value, str) and _HIDDEN.fullmatch(value)):
            return value  # (already hidden: a row read back to be shown)
        if secret if secret is not None else self.secret_field(name):
            return self.hidden(value)
        if not isinstance(value, str) or len(value) <= MAX_VALUE_CHARS:
            return self.hidden(value) if secret_value(value) else value
        # Only the kept start is looked at (and a card number across the cut): scanning a
        # megabyte per field would cost the proxy seconds.
        if secret_value(value[:MAX_VALUE_CHARS + 40]):
            return self.hidden(value)
        return f"{value[:MAX_VALUE_CHARS]}... [{len(value)} characters, {self.digest(value)}]"

    def name(self, name: str) -> str:
        """A field name short enough to store (a JSON key can be a megabyte)."""
        if len(name) <= MAX_NAME_CHARS:
            return name
        return f"{name[:MAX_NAME_CHARS]}... [{self.digest(name)}]"

    def fields(self, fields: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
        """Each differing field as it may be stored."""
        kept: dict[str, tuple[Any, Any]] = {}
        for name, (legacy, new) in fields.items():
            secret = self.secret_field(name)
            kept[self.name(name)] = (self.value(name, legacy, secret),
                                     self.value(name, new, secret))
        return kept

    def path(self, path: str) -> str:
        """A request path with secret-looking segments (a JWT, a card number) hidden."""
        if len(path) > 2 * MAX_VALUE_CHARS:
            path = f"{path[:2 * MAX_VALUE_CHARS]}... [{self.digest(path)}]"
        if not any(c.isdigit() for c in path) and "eyJ" not in path:
            return path
        return "/".join(self.hidden(s) if secret_value(s) else s for s in path.split("/"))
