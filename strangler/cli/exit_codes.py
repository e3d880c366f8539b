"""What each command's exit code means: shown under `--help` and in the README (a test keeps
the three in step: this table, the help text and the README's table)."""

from __future__ import annotations

EXIT_CODES: dict[str, tuple[tuple[int, str], ...]] = {
    "analyze": (
        (0, "done; problems in single files are listed in the report, not fatal"),
        (2, "bad input: PATH missing or without Python, a bad option or configuration, "
            "--write-config refused"),
        (3, "the report folder, strangler.toml or strangler-baseline.json cannot be written"),
    ),
    "check": (
        (0, "no new dependency across seams outside their interfaces, and no new read or "
            "write of another seam's table"),
        (1, "new violations (each printed with file:line and the rule)"),
        (2, "bad input: PATH without Python, no [seams] declared, a declared table that "
            "matches no table, a broken baseline, a bad option or configuration"),
        (3, "--update-baseline cannot write the baseline"),
    ),
    "extract": (
        (0, "the plan printed (dry run), or written and checked (--apply)"),
        (2, "bad input: an unknown seam or module, a bad option or configuration"),
        (3, "refused: uncommitted changes or no git (commit, stash, or --force)"),
        (4, "a check failed after --apply; every file was rolled back"),
    ),
    "proxy": (
        (0, "stopped with Ctrl-C"),
        (2, "a bad route table or option, or the ports cannot be opened"),
    ),
    "diff": (
        (0, "every route named (or in the store) is ready to promote"),
        (1, "not ready, or no comparisons yet"),
        (2, "a bad route table or option, an unknown route, an unreadable store"),
    ),
    "chaos": (
        (0, "the route's faults changed"),
        (2, "a bad route table, route or value; the file is not changed"),
    ),
    "route set": (
        (0, "the route's mode changed"),
        (2, "a bad route table, route or mode; the file is not changed"),
    ),
    "export nginx": (
        (0, "the configuration written"),
        (2, "a bad route table or option, or a table nginx cannot express"),
    ),
    "export envoy": (
        (0, "the bootstrap written"),
        (2, "a bad route table or option, or the output cannot be written"),
    ),
    "compare": (
        (0, "stopped with Ctrl-C"),
        (2, "a bad route table or option, or the ports cannot be opened"),
    ),
}


def epilog(command: str) -> str | None:
    """The `Exit codes:` block of `command`'s help (None when the table lacks it)."""
    codes = EXIT_CODES.get(command)
    if codes is None:
        return None
    # "\b": click keeps the block's line breaks instead of rewrapping it.
    return "\b\nExit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in codes)


def markdown_table() -> str:
    """The README's `Exit codes` table (tests/functional/test_first_contact.py compares)."""
    rows = ["| command | exit code | meaning |", "|---|---|---|"]
    for command, codes in EXIT_CODES.items():
        for i, (code, text) in enumerate(codes):
            rows.append(f"| {f'`strangler {command}`' if i == 0 else ''} | {code} | {text} |")
    return "\n".join(rows) + "\n"
