"""Wire the stages: parse -> link -> graph -> reports. The only module that imports them all."""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from strangler import __version__
from strangler.adapters.cache import Store, code_fingerprint, deferred, settle
from strangler.adapters.filesystem import FileSystem
from strangler.model import EntryPoint, ProjectIndex
from strangler.parse import ParseOptions, parse_project
from strangler.parse.link import LinkMemo, link_reusing
from strangler.parse.link.derived import Derived
from strangler.parse.project import FACTS_VERSION, ParsedProject, Progress
from strangler.seams import ConfigError, SeamRequest

SVG_MODULE_LIMIT = 150  # above this, graph.svg shows packages (graph.dot keeps every module)


class NothingToAnalyze(Exception):
    """The path does not exist or holds no Python file."""


@dataclass(frozen=True)
class AnalyzeRequest:
    """What `analyze` is asked to do."""

    path: Path
    parse: ParseOptions = ParseOptions()
    svg: bool = True
    seams: SeamRequest | None = SeamRequest()  # None: no seam proposal
    config_path: Path | None = None  # default: strangler.toml or pyproject.toml in `path`


@dataclass(frozen=True)
class Analysis:
    """The outcome of `analyze`: the files to write and what to tell the user."""

    files: dict[str, bytes]
    summary: dict[str, int]
    notes: tuple[str, ...]
    parsed: int
    reused: int
    from_cache: bool  # the whole result came from the cache (nothing changed)
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage
    document: dict[str, Any] | None = None
    what_if: tuple[tuple[str, float, float], ...] = ()  # (metric, before, after) for --move
    proposal: Any = None  # the SeamProposal, also when reused from the cache
    cpu: dict[str, float] = field(default_factory=dict)  # this process' CPU seconds per stage


@contextmanager
def _no_cycle_collection(store: Store | None = None) -> Iterator[None]:
    """Pause Python's cycle collector for one analysis. The analysis builds millions of
    small objects that live until it ends and form no reference cycles worth collecting;
    each full collection walked them all again (a third of a warm run's CPU at 400k lines).
    Reference counting still frees everything as usual. Parser processes forked meanwhile
    inherit the pause, which they need as little. What is still alive at the end is frozen
    (left out of later collections) rather than walked by the first collection after the
    pause, which took a tenth of a warm run at 870k lines. At the end, the cache entries
    `store` writes in forked children (`cache.deferred`) are waited for."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if store is not None:
            settle(store)
        gc.freeze()
        if enabled:
            gc.enable()


def analyze(request: AnalyzeRequest, fs: FileSystem, store: Store,
            progress: Progress | None = None) -> Analysis:
    """Analyze a project and render its reports (reusing the last result if nothing changed)."""
    with _no_cycle_collection(store):
        return _analyze(request, fs, store, progress)


def _analyze(request: AnalyzeRequest, fs: FileSystem, store: Store,
             progress: Progress | None) -> Analysis:
    root = request.path
    if not root.exists():
        raise NothingToAnalyze(f"path not found: {root}")
    if root.is_file():
        raise NothingToAnalyze(f"not a folder: {root} (give the project's root folder)")
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    started, started_cpu = time.perf_counter(), time.process_time()
    cpu_mark = started_cpu

    def stage_cpu(name: str) -> None:
        nonlocal cpu_mark
        now = time.process_time()
        cpu[name], cpu_mark = now - cpu_mark, now
    cached_key = store.get("result-key")
    seam_request = request.seams
    config_text = ""
    head: str | None = None
    if seam_request is not None:
        from strangler.adapters.git import git_head
        from strangler.adapters.metadata_cache import config_reusing

        config, config_text = config_reusing(root, request.config_path, store)
        seam_request = replace(seam_request, config=config)
        if seam_request.signals.cochange:
            head = git_head(str(root))
    from strangler.adapters.metadata_cache import entry_points_reusing

    entry_points = entry_points_reusing(root, store)
    extra = (config_text, head, seam_request, entry_points)

    reusable: dict[str, dict[str, Any] | None] = {}

    def cached_for(key: str) -> dict[str, Any] | None:
        """The stored result for `key` if it can be used as it is (loaded once)."""
        if key not in reusable:
            reusable[key] = _cached_result(store, key) if key == cached_key else None
        return reusable[key]

    def needs_facts(digests: tuple[tuple[str, str], ...]) -> bool:
        # Not only the key: a result whose proposal cannot be read needs the facts again.
        return cached_for(_result_key(request, digests, extra)) is None

    parsed = parse_project(fs, str(root), store, request.parse, progress, needs_facts,
                           lambda: _while_parsing(seam_request is not None))
    timings["parse"] = parsed.seconds
    stage_cpu("parse")
    if not parsed.digests:
        raise NothingToAnalyze(f"no Python files under {root}")
    key = _result_key(request, parsed.digests + parsed.spec_digests, extra)
    cached = cached_for(key)
    if cached is not None:
        timings["total"] = time.perf_counter() - started
        cpu["total"] = time.process_time() - started_cpu
        return Analysis(cached["files"], cached["summary"], tuple(cached["notes"]),
                        parsed.parsed, parsed.reused, True, timings,
                        what_if=tuple(cached.get("what_if", ())),
                        proposal=cached.get("proposal"), cpu=cpu)

    from strangler.graph import build_graph
    from strangler.report import (
        analysis_document,
        overview,
        render_dot,
        render_json_bytes,
    )

    mark = time.perf_counter()
    index = _link(root, parsed, store, entry_points)
    commits = _commits(seam_request, root, parsed, head) if seam_request is not None else []
    parsed = replace(parsed, files=())  # the facts are in the index now: let them go
    timings["link"] = time.perf_counter() - mark
    stage_cpu("link")
    mark = time.perf_counter()
    graph = build_graph(index)
    timings["graph"] = time.perf_counter() - mark
    stage_cpu("graph")
    proposal = None
    what_if: tuple[tuple[str, float, float], ...] = ()
    if seam_request is not None:
        mark = time.perf_counter()
        from strangler.seams import propose_seams, seam_core

        core_key = _core_key(index, graph, seam_request, commits)
        core = get_keyed(store, "seam-core", core_key)
        if core is None:
            core = seam_core(index, graph, seam_request, commits)
            put_keyed(store, "seam-core", core_key, core)
        from strangler.seams.metrics import MetricsMemo

        scored = store.get("seam-metrics")
        memo = MetricsMemo(scored if isinstance(scored, dict) else {},
                           salt=f"{__version__} {code_fingerprint()}")
        proposal = propose_seams(index, graph, seam_request, commits, core, memo)
        if seam_request.moves:
            before = propose_seams(index, graph, replace(seam_request, moves=()), commits, core,
                                   memo)
            old, new = dict(before.metrics)["proposal"], dict(proposal.metrics)["proposal"]
            what_if = tuple((name, float(getattr(old, name)), float(getattr(new, name)))
                            for name in old.__dataclass_fields__)
        if memo.used.keys() != memo.previous.keys():
            store.put("seam-metrics", memo.used)
        # `strangler extract` starts from the last analysis' seams.
        # The result below refers to this entry by its key instead of pickling the proposal
        # a second time (2 to 3 ms of every re-analysis of superset).
        store.put("seams", {"proposal": proposal, "what_if": what_if, "key": key})
        timings["seams"] = time.perf_counter() - mark
        stage_cpu("seams")
    mark = time.perf_counter()
    document = analysis_document(index, graph, proposal)
    outline = overview(document)  # what both reports summarize: computed once for the two
    libraries = _libraries(store) if proposal is not None else None
    # The two readable reports are rendered by a forked child on a big project, while
    # this process renders the JSON and the DOT (`seams.parallel`: the same bytes).
    readable = _readable_reports(document, outline, libraries, len(index.modules))
    dot_text = render_dot(document)
    files = {"analysis.json": render_json_bytes(document)}
    markdown, html = readable()
    files["report.md"] = markdown
    files["graph.dot"] = _utf8(dot_text)
    if html is not None:
        files["index.html"] = html
    notes: list[str] = []
    if request.svg:
        from strangler.adapters.graphviz import GraphvizUnavailable, render_svg
        from strangler.report.dot import MAX_PACKAGE_EDGES

        aggregate = len(index.modules) > SVG_MODULE_LIMIT
        svg_source = render_dot(document, aggregate=True) if aggregate else dot_text
        svg_key = hashlib.sha256(_utf8(svg_source)).hexdigest()
        previous = get_keyed(store, "svg", svg_key)
        try:
            if previous is not None:
                files["graph.svg"] = previous  # the same picture: Graphviz is slow
            else:
                files["graph.svg"] = render_svg(svg_source)
                put_keyed(store, "svg", svg_key, files["graph.svg"])
            if aggregate:
                shown = ("the proposed services and their heaviest couplings, about two per "
                         "service" if document.get("seams") else
                         f"packages and their {MAX_PACKAGE_EDGES} heaviest dependencies")
                notes.append(f"graph.svg shows {shown} ({len(index.modules)} modules is too "
                             "many to read); graph.dot has every module")
        except GraphvizUnavailable as exc:
            notes.append(str(exc))
    timings["render"] = time.perf_counter() - mark
    stage_cpu("render")
    summary = document["summary"]
    if proposal is not None:
        summary = {**summary, "services": len(proposal.seams)}
    put_keyed(store, "result", key, {"files": files, "summary": summary, "notes": notes,
                                     "what_if": what_if, "seams": proposal is not None})
    timings["total"] = time.perf_counter() - started
    cpu["total"] = time.process_time() - started_cpu
    return Analysis(files, summary, tuple(notes), parsed.parsed, parsed.reused, False, timings,
                    document, what_if, proposal, cpu)


@dataclass(frozen=True)
class CheckRequest:
    """What `check` is asked to do."""

    path: Path
    parse: ParseOptions = ParseOptions()
    config_path: Path | None = None
    baseline_path: Path | None = None  # default: PATH/strangler-baseline.json
    update_baseline: bool = False


class NoDeclaredSeams(Exception):
    """The configuration declares no seams to check."""


def check(request: CheckRequest, fs: FileSystem, store: Store) -> Any:
    """Check the declared seams of a project (parse and link only, through the cache)."""
    with _no_cycle_collection(store):
        return _check(request, fs, store)


def checked_tables(root: Path, fs: FileSystem, store: Store) -> frozenset[str]:
    """The tables `strangler check` sees in a project: it parses with the default options."""
    from strangler.adapters.entry_points import read_entry_points

    with _no_cycle_collection(store):
        parsed = parse_project(fs, str(root), store, ParseOptions())
        return frozenset(table.name for table in _link(root, parsed, store,
                                                        read_entry_points(root)).tables)


def _check(request: CheckRequest, fs: FileSystem, store: Store) -> Any:
    from strangler.adapters.config import load_config
    from strangler.check import (
        compare_with_baseline,
        find_violations,
        parse_baseline,
    )
    from strangler.seams.owners import unmatched_table_globs

    root = request.path
    if not root.is_dir():
        raise NothingToAnalyze(f"not a folder: {root}")
    config, _ = load_config(root, request.config_path)
    if not config.declared:
        raise NoDeclaredSeams(
            "no seams declared: accept a proposal with `strangler analyze PATH --write-config` "
            "or add a [seams] table to strangler.toml")
    parsed = parse_project(fs, str(root), store, request.parse)
    if not parsed.digests:
        raise NothingToAnalyze(f"no Python files under {root}")
    from strangler.adapters.entry_points import read_entry_points

    index = _link(root, parsed, store, read_entry_points(root))
    unmatched = unmatched_table_globs(index, config)
    if unmatched:
        import difflib

        names = sorted(table.name for table in index.tables)
        problems = []
        for seam, glob in unmatched:
            close = difflib.get_close_matches(glob, names, n=3, cutoff=0.6)
            problems.append(f"[seams.{seam}] tables: {glob!r} matches no table"
                            + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise ConfigError("; ".join(problems))
    violations = find_violations(index, config)
    baseline_path = request.baseline_path or root / "strangler-baseline.json"
    baseline: set[tuple[str, str, str]] = set()
    if baseline_path.exists() and not request.update_baseline:
        try:
            baseline = parse_baseline(baseline_path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError, OSError) as exc:
            raise NothingToAnalyze(f"broken baseline {baseline_path}: {exc}") from exc
    return compare_with_baseline(violations, baseline, len(config.declared))


def _while_parsing(seams: bool) -> None:
    """What the stages after the parse do first and need no facts for, done while parser
    processes parse and this process would only wait for them (decisions.md, "Work done
    while the parser processes run"): import the graph's, the seams' and the reports'
    modules and networkx, scan the installed distributions (the link reads them), compile
    the report templates. Each is done once per process, so the stages find it done;
    nothing here changes a result. A step that fails is left to its stage, which meets
    the error again and reports it as it always did."""
    import importlib
    import pkgutil

    try:
        for name in ("strangler.graph", "strangler.report"):
            importlib.import_module(name)
        if seams:  # networkx and the rules' modules, imported by the seams stage as it
            # reaches them (nothing else uses networkx)
            importlib.import_module("networkx")
            package = importlib.import_module("strangler.seams")
            for found in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{found.name}")
        from strangler.parse.distributions import installed_distributions
        from strangler.templating import environment

        installed_distributions()
        environment().get_template("report/report.md.jinja")
        if seams:  # (the HTML report is rendered with a proposal only)
            environment().get_template("report/index.html.jinja")
    except Exception:  # noqa: BLE001, S110 - the stage that needs it meets the error again
        pass


LINK_COMPACT_AFTER = 64  # delta entries before the link memo's base is rewritten


def _link(root: Path, parsed: ParsedProject, store: Store,
          entry_points: tuple[EntryPoint, ...] = ()) -> ProjectIndex:
    """Link the project, reusing the links of files whose inputs did not change.

    The memo is kept as a base and a delta of the files linked since, as the facts are:
    after a one-file edit only that file's links are written, not every file's (rewriting
    the whole memo cost 0.08 s at 870k lines). Every entry carries its own key and what it
    read, so a left-over delta can only cause a re-link, never a stale link."""
    memo_name = f"link-memo-{__version__}-{FACTS_VERSION}-{code_fingerprint('parse', 'model.py')}"
    base = store.get(memo_name)
    base = base if isinstance(base, LinkMemo) else None
    delta = store.get(f"{memo_name}-delta") if base is not None else None
    memo = base
    if base is not None and isinstance(delta, tuple) and len(delta) == 2 \
            and delta[0] == base.modules:
        memo = LinkMemo(base.modules, {**base.files, **delta[1]})
    derived = store.get(f"{memo_name}-derived")
    if isinstance(derived, Derived):  # routes and tables, kept apart: written when they change
        memo = replace(memo, derived=derived) if memo is not None else LinkMemo(b"", {}, derived)
    from strangler.seams.parallel import in_child  # half the files linked by a child

    index, new_memo, _ = link_reusing(root.resolve().name, parsed.files, parsed.problems,
                                      dict(parsed.digests), memo, entry_points, in_child,
                                      parsed.specs)
    old = base.files if base is not None and base.modules == new_memo.modules else {}
    changed = {name: links for name, links in new_memo.files.items()
               if old.get(name) is not links}
    rewrite = not old or len(changed) + len(set(old) - set(new_memo.files)) > max(
        LINK_COMPACT_AFTER, len(new_memo.files) // 10)
    # (a rewritten memo of a big project is written by a child while the seams are
    # proposed: cache.deferred)
    with deferred(store, len(new_memo.files) if rewrite else 0):
        if rewrite:
            store.put(memo_name, replace(new_memo, derived=None))
            store.put(f"{memo_name}-delta", None)
        else:
            store.put(f"{memo_name}-delta", (new_memo.modules, changed))
        fresh = new_memo.derived
        if fresh is not None and (not isinstance(derived, Derived) or fresh.key != derived.key):
            # Written when the key changes, not when only the edited files' digests do: those
            # missing from the kept map are digested again (the only cost), and a rewrite is
            # 2 ms.
            store.put(f"{memo_name}-derived", fresh)
    return index


# From this many modules the readable reports are rendered in a forked child.
RENDER_FORK_FROM = 1000


def _readable_reports(document: dict[str, Any], outline: Any, libraries: Any, modules: int
                      ) -> Callable[[], tuple[bytes, bytes | None]]:
    """`report.md` and `index.html` (None without `libraries`: no proposal), rendered now
    or, on a project of `RENDER_FORK_FROM` modules or more, by a forked child; call the
    result to get them."""
    if modules < RENDER_FORK_FROM:
        found = _render_readable(document, outline, libraries)
        return lambda: found
    from strangler.seams.parallel import in_child

    return in_child(_render_readable, document, outline, libraries).result


def _render_readable(document: dict[str, Any], outline: Any, libraries: Any
                     ) -> tuple[bytes, bytes | None]:
    from strangler.report import render_html, render_markdown

    markdown = _utf8(render_markdown(document, outline))
    html = _utf8(render_html(document, outline, libraries)) if libraries is not None else None
    return markdown, html


def _libraries(store: Store) -> Any:
    """The report's inlined libraries with their CSP hashes, kept under a digest of the
    vendored files' bytes and of the code that builds them."""
    from strangler.report.vendor import inline_libraries, vendored_digest

    code = code_fingerprint("report/vendor.py", "templating.py")
    key = f"{__version__} {code} {vendored_digest()}"
    libraries = get_keyed(store, "report-libraries", key)
    if not isinstance(libraries, tuple):
        libraries = inline_libraries()
        put_keyed(store, "report-libraries", key, libraries)
    return libraries


def _cached_result(store: Store, key: str) -> dict[str, Any] | None:
    """The finished result stored for `key`, with its proposal taken from the "seams" entry
    when that entry was written by the same run (else None: the analysis runs again)."""
    cached = get_keyed(store, "result", key)
    if not isinstance(cached, dict):
        return None
    if not cached.get("seams"):
        return {**cached, "proposal": None}
    seams = store.get("seams")
    if not isinstance(seams, dict) or seams.get("key") != key:
        return None
    return {**cached, "proposal": seams.get("proposal")}


def get_keyed(store: Store, name: str, key: str) -> Any | None:
    """The payload stored under `name` if it was stored for `key`, without loading it
    otherwise (payloads are big; keys are small)."""
    if store.get(f"{name}-key") != key:
        return None
    return store.get(name)


def put_keyed(store: Store, name: str, key: str, payload: Any) -> None:
    store.put(name, payload)
    store.put(f"{name}-key", key)  # written last: a key never points to a stale payload


def _commits(seam_request: SeamRequest, root: Path, parsed: Any, head: str | None
             ) -> list[tuple[str, tuple[str, ...]]]:
    """(author, modules changed) per git commit (empty without co-change or outside git)."""
    commits: list[tuple[str, tuple[str, ...]]] = []
    if seam_request.signals.cochange and head is not None:
        from strangler.adapters.git import read_history

        module_of = {source.path: source.module for source, _ in parsed.files}
        history = read_history(str(root), seam_request.config.git_commits)
        for author, paths in zip(history.authors, history.commits, strict=True):
            modules = tuple(module_of[p] for p in paths if p in module_of)
            if modules:
                commits.append((author, modules))
    return commits


def _core_key(index: Any, graph: Any, seam_request: SeamRequest,
              commits: list[tuple[str, tuple[str, ...]]]) -> str:
    """Everything `seam_core` reads, and nothing else: module names, the dependencies' kinds
    (their weights follow from them), which modules read, write or map which table (and by
    which model), the tables' column names, the model relations' module and model pairs,
    the routes' paths, modules and handlers, the symbols each dependency uses, the
    configuration and the history.
    No line number or size: an edit that leaves the graph alone reuses the clustering."""
    hasher = hashlib.sha256()
    request = replace(seam_request, moves=())  # moves are applied after the clustering
    hasher.update(_key_bytes(repr((__version__, code_fingerprint(), request, commits))))
    parts = ([(m.name, m.is_package) for m in index.modules],
             # (and the symbols used: `layer_rejoin.symbol_homes` reads their names)
             [(d.source, d.target, d.kinds, d.symbols) for d in graph.dependencies],
             [(t.module, t.table, t.writes > 0) for t in graph.table_access],
             # which module (and model) maps which table: the kernel and the domain slices
             # read it
             [(t.name, sorted({(m.module, m.name) for m in t.models})) for t in index.tables],
             # (the columns: a key-value settings store is the platform's, not domain data)
             [(t.name, sorted({c.name for c in t.columns})) for t in index.tables],
             # (the models' own pairs: the aggregates read relations between tables)
             sorted((r.source_module, r.target_module, r.source, r.target)
                    for r in index.relations),
             # (the handler: business contexts start from the module that serves a route)
             [(r.methods, r.path, r.module, r.handler) for r in index.routes])
    for part in parts:
        try:  # orjson serializes tuples 3x faster than repr(); this runs on every edit
            hasher.update(orjson.dumps(part))
        except orjson.JSONEncodeError:  # a name that is not UTF-8 (lone surrogates)
            hasher.update(_key_bytes(repr(part)))
    return hasher.hexdigest()


def _utf8(text: str) -> bytes:
    """Report text as UTF-8; a file name that is not UTF-8 shows as `\\udcxx`, not a crash."""
    return text.encode("utf-8", "backslashreplace")


def _key_bytes(text: str) -> bytes:
    """Text for a cache key: exact, also for file names that are not UTF-8."""
    return text.encode("utf-8", "surrogateescape")


def _has_dot() -> bool:
    import shutil  # only here: a run with --no-svg never looks for Graphviz

    return shutil.which("dot") is not None


def _result_key(request: AnalyzeRequest, digests: tuple[tuple[str, str], ...],
                extra: tuple[Any, ...]) -> str:
    hasher = hashlib.sha256()
    hasher.update(_key_bytes(repr(extra)))
    hasher.update(code_fingerprint().encode())
    graphviz = request.svg and _has_dot()
    hasher.update(repr((__version__, FACTS_VERSION, request.path.resolve().name, request.parse,
                        request.svg, graphviz)).encode())
    for path, digest in digests:
        hasher.update(_key_bytes(f"{path}\0{digest}\n"))
    return hasher.hexdigest()
