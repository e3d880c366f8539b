"""Proxy telemetry in Prometheus text format (no client library: a few counters)."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                     for k, v in pairs)
    return "{" + inner + "}" if inner else ""


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counters: dict[str, dict[tuple[tuple[str, str], ...], float]] = defaultdict(dict)
        self.histograms: dict[tuple[tuple[str, str], ...], list[float]] = {}
        self.gauges: dict[str, dict[tuple[tuple[str, str], ...], float]] = defaultdict(dict)
        self._request_keys: dict[tuple[str, str, str, int], tuple[
            tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {}

    def inc(self, name: str, value: float = 1.0, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self.lock:
            self.counters[name][key] = self.counters[name].get(key, 0.0) + value

    def set(self, name: str, value: float, **labels: str) -> None:
        with self.lock:
            self.gauges[name][tuple(sorted(labels.items()))] = value

    def request(self, route: str, mode: str, upstream: str, status: int,
                seconds: float) -> None:
        """One served request: `requests_total` and the latency histogram together (the
        proxy's hot path: label tuples are built once per combination, then looked up)."""
        combination = (route, mode, upstream, status)
        keys = self._request_keys.get(combination)
        if keys is None:
            labels = (("mode", mode), ("route", route), ("upstream", upstream))
            keys = (tuple(sorted((*labels, ("status", str(status))))), labels)
            self._request_keys[combination] = keys
        counter_key, histogram_key = keys
        position = bisect_left(BUCKETS, seconds)
        with self.lock:
            counters = self.counters["requests_total"]
            counters[counter_key] = counters.get(counter_key, 0.0) + 1.0
            buckets = self.histograms.get(histogram_key)
            if buckets is None:
                buckets = self.histograms[histogram_key] = [0.0] * (len(BUCKETS) + 3)
            buckets[position] += 1  # per bucket here; cumulative in `render`
            buckets[-2] += 1
            buckets[-1] += seconds

    def value(self, name: str, **labels: str) -> float:
        with self.lock:
            return self.counters[name].get(tuple(sorted(labels.items())), 0.0)

    def render(self) -> str:
        lines: list[str] = []
        with self.lock:
            for name in sorted(self.counters):
                lines.append(f"# TYPE strangler_{name} counter")
                for key, value in sorted(self.counters[name].items()):
                    lines.append(f"strangler_{name}{_labels(key)} {value:g}")
            for name in sorted(self.gauges):
                lines.append(f"# TYPE strangler_{name} gauge")
                for key, value in sorted(self.gauges[name].items()):
                    lines.append(f"strangler_{name}{_labels(key)} {value:g}")
            if self.histograms:
                lines.append("# TYPE strangler_request_seconds histogram")
            for key, buckets in sorted(self.histograms.items()):
                count = 0.0
                for bound, in_bucket in zip(BUCKETS, buckets, strict=False):
                    count += in_bucket
                    lines.append(f"strangler_request_seconds_bucket"
                                 f"{_labels((*key, ('le', str(bound))))} {count:g}")
                lines.append(f"strangler_request_seconds_bucket"
                             f"{_labels((*key, ('le', '+Inf')))} {buckets[-2]:g}")
                lines.append(f"strangler_request_seconds_count{_labels(key)} {buckets[-2]:g}")
                lines.append(f"strangler_request_seconds_sum{_labels(key)} {buckets[-1]:.6f}")
        return "\n".join(lines) + "\n"
