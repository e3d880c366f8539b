"""Stage 6: the strangler-fig proxy (route table, modes, diffs, breaker, metrics)."""
