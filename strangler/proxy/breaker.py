"""A circuit breaker per upstream: closed -> open -> half-open -> closed (pure, clock given).

Opens after `failures` consecutive failures (connection errors, timeouts, 5xx); while open every
request goes to legacy; after `open_seconds` one trial request is let through (half-open): a
success closes it, a failure opens it again. The trial has the proxy's timeout, so a hanging
trial cannot keep the breaker half-open forever.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


@dataclass
class Breaker:
    failures: int = 5
    open_seconds: float = 30.0
    clock: Callable[[], float] = field(default=lambda: 0.0)
    state: str = CLOSED
    consecutive: int = 0
    opened_at: float = 0.0
    trial_in_flight: bool = False
    transitions: int = 0

    def allow(self) -> bool:
        """May a request go to the upstream now?"""
        if self.state == OPEN and self.clock() - self.opened_at >= self.open_seconds:
            self._to(HALF_OPEN)
        if self.state == CLOSED:
            return True
        if self.state == HALF_OPEN and not self.trial_in_flight:
            self.trial_in_flight = True
            return True
        return False

    def success(self) -> None:
        self.consecutive = 0
        self.trial_in_flight = False
        if self.state != CLOSED:
            self._to(CLOSED)

    def failure(self) -> None:
        self.trial_in_flight = False
        self.consecutive += 1
        if self.state == HALF_OPEN or self.consecutive >= self.failures:
            self.opened_at = self.clock()
            if self.state != OPEN:
                self._to(OPEN)

    def _to(self, state: str) -> None:
        self.state = state
        self.transitions += 1
