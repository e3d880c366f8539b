"""`strangler analyze`'s work, called with every option's value: by the typer command
(strangler/cli/analyze.py) and by the fast path (strangler/cli/fast.py).

No typer here: a re-analysis after an edit takes a few tenths of a second, and typer's
import and command building were about a tenth of it (docs/benchmarks.md).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from strangler.adapters.cache import DiskStore, NullStore, Store, default_cache_dir
from strangler.adapters.filesystem import LocalFileSystem
from strangler.adapters.writer import OutputError, write_outputs
from strangler.cli.progress import ProgressBar
from strangler.parse import DiscoveryOptions, ParseOptions
from strangler.parse.distributions import keep_scan_in
from strangler.pipeline import AnalyzeRequest, NothingToAnalyze, analyze
from strangler.seams import ConfigError, SeamRequest, Signals

SIGNALS = ("static", "data", "cochange", "routes", "package", "words")
HIGHER_IS_BETTER = {"modularity", "sm", "mq", "cohesion", "tx_purity"}

EXIT_BAD_INPUT = 2
GC_THRESHOLD = 200_000  # as mypy does: a generation-0 collection every 200k allocations
EXIT_OUTPUT = 3
MAX_NOTES = 6


def echo(message: str = "", err: bool = False) -> None:
    """A line on stdout (or stderr), flushed, as `typer.echo` writes it."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()


def _baseline_today(path: Path, store: Store, config: Path | None = None) -> None:
    """After accepting seams, what `strangler check` would report today is the data coupling
    the team accepts with them (reads and writes of another seam's tables; the interfaces
    written cover every code dependency): it becomes the baseline, so the check starts green
    and fails on new coupling only. An existing baseline is the team's and is left alone."""
    from strangler.check import baseline_text
    from strangler.pipeline import CheckRequest, NoDeclaredSeams, check

    target = path / "strangler-baseline.json"
    if target.exists():
        echo(f"note: {target} exists and is left as it is; `strangler check` may report "
             "reads and writes of another seam's tables that it does not list "
             "(accept them with `strangler check --update-baseline`)", err=True)
        return
    try:
        found = check(CheckRequest(path=path, parse=ParseOptions(), config_path=config,
                                   baseline_path=target, update_baseline=True),
                      LocalFileSystem(), store)
    except (NothingToAnalyze, NoDeclaredSeams, ConfigError) as exc:
        echo(f"warning: no baseline written ({exc}); run `strangler check "
             "--update-baseline` once the configuration is right", err=True)
        return
    if not found.violations:
        return
    try:
        target.write_text(baseline_text(found.violations), encoding="utf-8")
    except OSError as exc:
        echo(f"error: cannot write the baseline {target}: {exc}", err=True)
        raise SystemExit(EXIT_OUTPUT) from None
    echo(f"baseline: {len({v.key for v in found.violations})} reads and writes of another "
         f"seam's tables today, written to {target}: `strangler check` fails only on new "
         "ones", err=True)


def _checked_tables(path: Path, parse: ParseOptions, store: Store) -> frozenset[str] | None:
    """The tables `strangler check` will see, when this analysis parsed with other options
    (--include-tests, --include-migrations, --exclude, --max-file-size); None when it sees
    the same: a table only the analysis saw is left out of the seams' `tables`."""
    default = ParseOptions()
    if (parse.discovery, parse.max_file_bytes) == (default.discovery, default.max_file_bytes):
        return None
    from strangler.pipeline import checked_tables

    return checked_tables(path, LocalFileSystem(), store)


def _config_target(path: Path, explicit: Path | None = None) -> Path:
    """Where --write-config adds the seams: the configuration file the run read (`explicit`,
    from --config), else strangler.toml, unless the project is configured
    in pyproject.toml's [tool.strangler] (a new strangler.toml would take its place, and
    its settings and seams would be silently ignored from then on)."""
    from strangler.settings.toml import SettingsError, parse_toml

    if explicit is not None:
        return explicit
    toml, pyproject = path / "strangler.toml", path / "pyproject.toml"
    if toml.exists() or not pyproject.is_file():
        return toml
    try:
        tool = parse_toml(pyproject.read_text(encoding="utf-8")).get("tool")
    except (OSError, UnicodeDecodeError, SettingsError):
        return toml
    return pyproject if isinstance(tool, dict) and isinstance(tool.get("strangler"), dict) \
        else toml


def _write_config(target: Path, text: str) -> None:
    """Add the [seams] section to strangler.toml (or pyproject.toml's [tool.strangler]);
    never replaces seams already declared."""
    import re

    from strangler.adapters.locked_edit import edit_locked
    from strangler.settings.load import SettingsError, load_document, parse_toml

    in_pyproject = target.name == "pyproject.toml"
    if in_pyproject:
        text = re.sub(r"^\[seams\.", "[tool.strangler.seams.", text, flags=re.MULTILINE)

    def add(existing: str) -> str:
        try:
            data = parse_toml(existing)
            if in_pyproject:
                data = data.get("tool", {}).get("strangler", {})
            declared = load_document(data, "tool.strangler" if in_pyproject else "").seams
        except SettingsError as exc:
            raise _Refused(f"{target}: {exc}; not changed") from None
        if declared:
            raise _Refused(f"{target} already declares [seams]; edit it, or remove that "
                           "section to accept a new proposal")
        separator = "" if not existing or existing.endswith("\n\n") else (
            "\n" if existing.endswith("\n") else "\n\n")
        try:  # never leave the user's file unreadable
            parse_toml(existing + separator + text)
        except SettingsError as exc:
            raise _Refused(f"{target}: the seams would make it invalid ({exc}); "
                           "not changed") from None
        return existing + separator + text

    try:
        edit_locked(target, add, create=True)
    except (_Refused, UnicodeDecodeError) as exc:
        echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    except OSError as exc:
        echo(f"error: cannot write {target}: {exc}", err=True)
        raise SystemExit(EXIT_OUTPUT) from None
    echo(f"seams written to {target}")


class _Refused(Exception):
    """--write-config leaves the file as it is; the message says why."""


def run_analyze(*, path: Path, out: Path, exclude: list[str] | None, include_tests: bool,
                include_migrations: bool, output_format: str, cache_dir: Path | None,
                no_cache: bool, jobs: int, max_file_size: float, no_svg: bool, quiet: bool,
                services: int, move: list[str] | None, without: list[str] | None,
                keep_examples: bool, no_seams: bool, write_config: bool, timings: bool,
                config: Path | None) -> None:
    """Analyze a monolith and write the reports; an error ends with SystemExit(code)."""
    if services < 0:
        echo(f"error: --services must be 0 (chosen by the tool) or a positive number, "
             f"not {services}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    moves: list[tuple[str, str]] = []
    for item in move or ():
        module, sep, service = item.partition("=")
        if not sep or not module or not service.isidentifier():
            echo(f"error: --move expects MODULE=SERVICE with a service name that is an "
                 f"identifier, not {item!r}", err=True)
            raise SystemExit(EXIT_BAD_INPUT)
        moves.append((module, service))
    unknown = set(without or ()) - set(SIGNALS)
    if unknown:
        echo(f"error: --without takes {', '.join(SIGNALS)}; unknown: "
             f"{', '.join(sorted(unknown))}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    signals = Signals(**{name: name not in (without or ()) for name in SIGNALS})
    seam_request = None if no_seams else SeamRequest(signals=signals, services=services,
                                                     moves=tuple(moves),
                                                     keep_examples=keep_examples)
    # The analysis builds millions of small objects and frees few of them until it ends; the
    # default thresholds run full collections over all of them again and again (decisions.md).
    gc.set_threshold(GC_THRESHOLD, 30, 30)
    started = time.perf_counter()
    store: Store = NullStore() if no_cache else DiskStore(cache_dir or default_cache_dir(), str(
        path.resolve()))
    # The only place compiled report templates may be written: the cache folder, if any.
    # (Imported here: jinja2 costs every other command start-up time.)
    from strangler.adapters.template_cache import template_cache
    from strangler.templating import cache_compiled_templates

    cache_compiled_templates(None if no_cache else template_cache(cache_dir
                                                                   or default_cache_dir()))
    keep_scan_in(None if no_cache else cache_dir or default_cache_dir())
    request = AnalyzeRequest(
        path=path,
        parse=ParseOptions(
            discovery=DiscoveryOptions(tuple(exclude or ()), include_tests, include_migrations),
            max_file_bytes=int(max_file_size * 1_000_000),
            jobs=jobs,
        ),
        svg=not no_svg,
        seams=seam_request,
        config_path=config,
    )
    bar = ProgressBar("parsing") if not quiet and sys.stderr.isatty() else None
    try:
        result = analyze(request, LocalFileSystem(), store, bar)
    except (NothingToAnalyze, ConfigError) as exc:
        echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    finally:
        if bar:
            bar.close()
    mark = time.perf_counter()
    try:
        write_outputs(out, result.files)
    except OutputError as exc:
        echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_OUTPUT) from None
    if write_config:
        if result.proposal is None:
            echo("error: --write-config needs a seam proposal (drop --no-seams)", err=True)
            raise SystemExit(EXIT_BAD_INPUT)
        from strangler.seams.config import seams_config_text

        modules = {m["name"] for m in json.loads(result.files["analysis.json"])["modules"]}
        checked = _checked_tables(path, request.parse, store)
        target = _config_target(path, config)
        _write_config(target, seams_config_text(result.proposal, modules, checked))
        if config is not None:
            echo(f"note: `strangler check {path} --config {target}` checks these seams "
                 "(without --config it reads the project's own strangler.toml or "
                 "pyproject.toml)", err=True)
        unseen = sorted(t for s in result.proposal.seams for t in s.tables_owned
                        if checked is not None and t not in checked)
        if unseen:
            from strangler.model import plural

            echo(f"note: {plural(len(unseen), 'table')} seen only with this run's parse options "
                 f"({', '.join(unseen[:5])}{', ...' if len(unseen) > 5 else ''}) are not "
                 "declared: `strangler check` parses with the default options", err=True)
        _baseline_today(path, store, config)
    if timings:
        measured = {**result.timings, "write": time.perf_counter() - mark}
        stages = ", ".join(f"{name} {seconds:.3f}s" for name, seconds in measured.items())
        echo(f"timings: {stages}; process {time.process_time():.3f}s CPU", err=True)
        if result.cpu:  # this process only: parser processes' CPU is not in it
            echo("cpu: " + ", ".join(f"{name} {seconds:.3f}s"
                                     for name, seconds in result.cpu.items()), err=True)
    if output_format == "json":
        sys.stdout.write(result.files["analysis.json"].decode())
        return
    if quiet:
        return
    s = result.summary
    elapsed = time.perf_counter() - started
    cache_note = "nothing changed, reused the last analysis" if result.from_cache else (
        f"{result.parsed} files parsed, {result.reused} from cache")
    echo(
        f"{s['modules']} modules, {s['lines']:,} lines ({s['loc']:,} code), "
        f"{s['dependencies']} dependencies, {s['routes']} routes"
        + (f" (+{s['unresolved_routes']} unresolved)" if s["unresolved_routes"] else "")
        + f", {s['tables']} tables, {s['cycles']} import cycles, {s['problems']} problems"
        + (f"; {s['services']} services proposed" if "services" in s else "")
    )
    echo(f"analyzed in {elapsed:.2f}s ({cache_note})")
    for note in result.notes:
        echo(f"note: {note}")
    if result.proposal is not None:
        from strangler.cli.summary import proposal_lines

        for line in proposal_lines(result.proposal, path):
            echo(line)
        echo(f"proposal: {result.proposal.choice}")
        for note in result.proposal.notes[:MAX_NOTES]:
            echo(f"note: {note}")
        if len(result.proposal.notes) > MAX_NOTES:
            echo(f"note: … {len(result.proposal.notes) - MAX_NOTES} more in report.md "
                 "(Notes on the proposal) and analysis.json")
    if result.what_if:
        echo("what-if (--move): metric        before    after")
        for name, before, after in result.what_if:
            better = (after > before) == (name in HIGHER_IS_BETTER)
            arrow = "" if before == after or name == "services" else (
                "  better" if better else "  worse")
            echo(f"  {name:<24}{before:>9.4f}{after:>9.4f}{arrow}")
    others = [name for name in ("index.html", "analysis.json", "graph.dot", "graph.svg")
              if name in result.files]
    echo(f"report: {out / 'report.md'} (also {', '.join(others)})")
