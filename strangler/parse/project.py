"""Parse every file of a project into `FileFacts`, in parallel, reusing cached facts.

A file whose size and mtime are unchanged since the last run is not read at all; one whose
content hash is unchanged is not parsed again. New and changed files are parsed on all cores.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from strangler.adapters.cache import Store, code_fingerprint, deferred
from strangler.adapters.filesystem import DataFile, FileEntry, FileSystem
from strangler.model import FileFacts, Problem, SourceFile
from strangler.parse.discovery import (
    DiscoveryOptions,
    discover,
    test_folders,
    test_modules,
    upgrade_scripts,
)
from strangler.parse.facts import count_loc, extract_facts
from strangler.parse.openapi import MAX_SPEC_BYTES, SpecOperation, spec_operations
from strangler.parse.source import decode, parse

FACTS_VERSION = 46  # bump when FileFacts or the extractors change
_PARALLEL_THRESHOLD = 48
_BATCH = 24
COMPACT_AFTER = 64  # delta entries before the facts base is rewritten (see _save_facts)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How the project is parsed."""

    discovery: DiscoveryOptions = DiscoveryOptions()
    max_file_bytes: int = 2_000_000
    jobs: int = 0  # 0: one process per core


@dataclass(frozen=True, slots=True)
class ParsedProject:
    """Every kept file with its facts, and what the cache saved."""

    files: tuple[tuple[SourceFile, FileFacts], ...]
    digests: tuple[tuple[str, str], ...]  # (path, content hash) in path order
    problems: tuple[Problem, ...]  # discovery problems
    parsed: int  # files parsed in this run
    reused: int  # files whose facts came from the cache
    seconds: float
    specs: tuple[SpecOperation, ...] = ()  # of the project's OpenAPI documents
    spec_digests: tuple[tuple[str, str], ...] = ()  # (document, digest of its operations)


def facts_for_bytes(data: bytes, source: SourceFile, max_file_bytes: int) -> FileFacts:
    """Facts of one file from its bytes; problems become part of the facts."""
    if len(data) > max_file_bytes:
        megabytes = len(data) / 1_000_000
        return FileFacts(loc=0, lines=data.count(b"\n"), problems=(Problem(
            source.path, 0,
            f"skipped: {megabytes:.1f} MB is over the {max_file_bytes / 1_000_000:.1f} MB "
            "limit (generated code?); raise --max-file-size to analyze it", "warning"),))
    decoded = decode(data)
    if decoded.text is None:
        return FileFacts(loc=0, lines=data.count(b"\n"),
                         problems=(Problem(source.path, decoded.line, decoded.problem or ""),))
    text = decoded.text
    if not text.strip():
        severity_note = () if source.is_package else (
            Problem(source.path, 0, "empty module", "info"),
        )
        return FileFacts(loc=0, lines=len(text.splitlines()), problems=severity_note)
    parsed = parse(text, source.path)
    if parsed.tree is None:
        loc, lines = count_loc(text)
        return FileFacts(loc=loc, lines=lines,
                         problems=(Problem(source.path, parsed.line, parsed.problem or ""),))
    try:
        return extract_facts(parsed.tree, source.module, source.is_package, text)
    except Exception as exc:  # an extractor bug must cost one file, not the run
        loc, lines = count_loc(text)
        return FileFacts(loc=loc, lines=lines, problems=(Problem(
            source.path, 0, f"internal error while extracting facts: {type(exc).__name__}: {exc}"
        ),))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _identity(content: str, source: SourceFile) -> str:
    """What a file's facts depend on: its bytes, and the module name and kind they were
    extracted for (relative imports resolve against them). A new import root, such as a
    `pyproject.toml` in a sub-folder, renames modules without changing any byte."""
    return f"{content}|{source.module}|{int(source.is_package)}"


def _parse_batch(fs: FileSystem, root: str, batch: list[SourceFile],
                 max_file_bytes: int) -> list[tuple[str, FileFacts]]:
    results: list[tuple[str, FileFacts]] = []
    for source in batch:
        try:
            data = fs.read_bytes(root, source.path)
        except OSError as exc:
            results.append(("", FileFacts(loc=0, lines=0, problems=(
                Problem(source.path, 0, f"unreadable: {exc.strerror or exc}"),))))
            continue
        results.append((_identity(_digest(data), source),
                        facts_for_bytes(data, source, max_file_bytes)))
    return results


def _apply_delta(base: dict[str, tuple[str, FileFacts]],
                 delta: dict[str, tuple[str, FileFacts] | None],
                 ) -> dict[str, tuple[str, FileFacts]]:
    if not delta:
        return base
    merged = dict(base)
    for path, entry in delta.items():
        if entry is None:
            merged.pop(path, None)
        else:
            merged[path] = entry
    return merged


def _save_facts(store: Store, facts_key: str, base: dict[str, tuple[str, FileFacts]],
                facts: dict[str, tuple[str, FileFacts]]) -> None:
    """Store what changed since the base as a small delta; rewrite the base when the delta
    grows past a tenth of the project. Pickling every file's facts again after a few edits
    cost more than parsing them. Every entry carries its content hash, so a delta left over
    from an interrupted write can only cause a re-parse, never stale facts."""
    delta: dict[str, tuple[str, FileFacts] | None] = {
        path: entry for path, entry in facts.items()
        if path not in base or base[path][0] != entry[0]}
    delta.update((path, None) for path in base if path not in facts)
    if not base or len(delta) > max(COMPACT_AFTER, len(facts) // 10):
        store.put(facts_key, facts)
        store.put(f"{facts_key}-delta", {})
    else:
        store.put(f"{facts_key}-delta", delta)


def parse_project(fs: FileSystem, root: str, store: Store, options: ParseOptions,
                  progress: Progress | None = None,
                  needed: Callable[[tuple[tuple[str, str], ...]], bool] | None = None,
                  meanwhile: Callable[[], None] | None = None,
                  ) -> ParsedProject:
    """Discover and parse every file under `root`, reusing the cache in `store`.

    The cache has two entries: a small manifest (path -> size, mtime, content hash) and the
    facts themselves. When no file changed and `needed(digests)` says the facts are not
    needed (the caller has a finished result for these digests), the facts are not loaded.
    `meanwhile` is called while parser processes parse (only when they do: on a big
    parse), for the caller's work that does not need the facts.
    """
    started = time.perf_counter()
    discovered = discover(fs, root, options.discovery)
    version = f"v{FACTS_VERSION}-{code_fingerprint('parse', 'model.py')}"
    manifest_key, facts_key = f"manifest-{version}", f"facts-{version}"
    manifest: dict[str, tuple[int, int, str]] = store.get(manifest_key) or {}
    unchanged: dict[str, str] = {}
    changed: list[tuple[SourceFile, FileEntry]] = []
    for source, entry in discovered.files:
        known = manifest.get(source.path)
        if known is not None and known[0] == entry.size and known[1] == entry.mtime_ns:
            unchanged[source.path] = _identity(known[2].partition("|")[0], source)
        else:
            changed.append((source, entry))
    specs, spec_digests = _specs(fs, root, store, discovered.data_files)
    if not changed and len(manifest) == len(unchanged):
        digests = tuple((source.path, unchanged[source.path]) for source, _ in discovered.files)
        if needed is not None and not needed(digests + spec_digests):
            return ParsedProject((), digests, discovered.problems, 0, len(digests),
                                 time.perf_counter() - started, specs, spec_digests)
    base: dict[str, tuple[str, FileFacts]] = store.get(facts_key) or {}
    delta: dict[str, tuple[str, FileFacts] | None] = store.get(f"{facts_key}-delta") or {}
    stored = _apply_delta(base, delta)
    facts: dict[str, tuple[str, FileFacts]] = {}
    to_parse: list[tuple[SourceFile, FileEntry]] = []
    for source, _ in discovered.files:
        digest = unchanged.get(source.path)
        if digest is not None and source.path in stored and stored[source.path][0] == digest:
            facts[source.path] = stored[source.path]
    for source, entry in [*changed, *((s, e) for s, e in discovered.files
                                      if s.path in unchanged and s.path not in facts)]:
        # The stat changed: hash the content, and reuse the facts if it did not change.
        previous = stored.get(source.path)
        if previous is not None:
            try:
                digest = _identity(_digest(fs.read_bytes(root, source.path)), source)
            except OSError:
                digest = ""
            if digest and digest == previous[0]:
                facts[source.path] = previous
                continue
        to_parse.append((source, entry))
    reused = len(facts)
    total = len(to_parse)
    if progress:
        progress(0, total)
    results = _run_parse(fs, root, [s for s, _ in to_parse], options, progress, meanwhile,
                         [entry.size for _, entry in to_parse])
    for (source, _), result in zip(to_parse, results, strict=True):
        facts[source.path] = result
    entries = {source.path: entry for source, entry in discovered.files}
    new_manifest = {path: (entries[path].size, entries[path].mtime_ns, digest)
                    for path, (digest, _) in facts.items()}
    if new_manifest != manifest:
        # (after a cold parse, written by a child while the caller links: cache.deferred)
        with deferred(store, len(to_parse)):
            if to_parse or set(stored) != set(facts):
                _save_facts(store, facts_key, base, facts)
            store.put(manifest_key, new_manifest)
    # A file named like a test is a test when it imports a test framework (superset's
    # `cli/test_db.py` is a command, not a test).
    tests = test_modules({source.module: [imp.module for imp in facts[source.path][1].imports]
                          for source, _ in discovered.files if source.test_name})
    # (a `test` package's files go with their folder when it holds a test: `test_folders`)
    in_tests = test_folders((source for source, _ in discovered.files), tests)
    kept = [source for source, _ in discovered.files
            if source.module not in tests and source.path not in in_tests]
    # Numbered database-upgrade scripts are migrations, whatever their folder is called.
    if not options.discovery.include_migrations:
        def own_names(source: SourceFile) -> set[str]:
            found = facts[source.path][1]
            return set(found.defined) - {imp.alias for imp in found.imports if imp.alias}

        upgrades = upgrade_scripts(kept, own_names)
        kept = [source for source in kept if source.path not in upgrades]
    files = tuple((source, facts[source.path][1]) for source in kept)
    digests = tuple((source.path, facts[source.path][0]) for source in kept)
    return ParsedProject(files, digests, discovered.problems, total, reused,
                         time.perf_counter() - started, specs, spec_digests)


def _specs(fs: FileSystem, root: str, store: Store, candidates: tuple[DataFile, ...]
           ) -> tuple[tuple[SpecOperation, ...], tuple[tuple[str, str], ...]]:
    """The operations of the OpenAPI documents among `candidates` (`parse.openapi`), and a
    digest of each document's operations (what a result depends on). A file's operations
    are kept in the cache under its size and mtime: an unchanged tree reads no file."""
    key = f"openapi-v{FACTS_VERSION}-{code_fingerprint('parse/openapi.py')}"
    kept: dict[str, tuple[int, int, tuple[SpecOperation, ...]]] = store.get(key) or {}
    found: dict[str, tuple[int, int, tuple[SpecOperation, ...]]] = {}
    for entry in candidates:
        old = kept.get(entry.path)
        if old is not None and old[:2] == (entry.size, entry.mtime_ns):
            found[entry.path] = old
            continue
        operations: tuple[SpecOperation, ...] = ()
        if entry.size <= MAX_SPEC_BYTES:
            try:
                data = fs.read_bytes(root, entry.path)
            except OSError:
                continue  # (unreadable now: read again next run, not kept as no document)
            try:
                operations = spec_operations(data, entry.path)
            except Exception:  # noqa: BLE001 - a signal never stops an analysis
                operations = ()
        found[entry.path] = (entry.size, entry.mtime_ns, operations)
    if found != kept:
        store.put(key, found)
    specs = tuple(op for path in sorted(found) for op in found[path][2])
    digests = tuple((path, _digest(repr(found[path][2]).encode()))
                    for path in sorted(found) if found[path][2])
    return specs, digests


def _run_parse(fs: FileSystem, root: str, sources: list[SourceFile], options: ParseOptions,
               progress: Progress | None, meanwhile: Callable[[], None] | None = None,
               sizes: list[int] | None = None) -> list[tuple[str, FileFacts]]:
    """Each source's (identity, facts), in the order of `sources`. `sizes`: their sizes in
    bytes, which order the batches given to parser processes."""
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(sources) < _PARALLEL_THRESHOLD:
        results: list[tuple[str, FileFacts]] = []
        for start in range(0, len(sources), _BATCH):
            results.extend(_parse_batch(fs, root, sources[start:start + _BATCH],
                                        options.max_file_bytes))
            if progress:
                progress(len(results), len(sources))
        return results
    import multiprocessing  # only here: ~10 ms of imports a small change does not need
    from concurrent.futures import ProcessPoolExecutor

    starts = range(0, len(sources), _BATCH)
    batches = [sources[start:start + _BATCH] for start in starts]
    # The batches with the most bytes go first (parse time follows the bytes): the last
    # ones, which one process parses while the other may have nothing left, are then the
    # smallest. Their results are put back in the order of `sources`.
    weights = [sum(sizes[start:start + _BATCH]) if sizes is not None else len(batch)
               for start, batch in zip(starts, batches, strict=True)]
    order = sorted(range(len(batches)), key=lambda i: (-weights[i], i))
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    done = 0
    parsed: dict[int, list[tuple[str, FileFacts]]] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [(i, pool.submit(_parse_batch, fs, root, batches[i], options.max_file_bytes))
                   for i in order]
        if meanwhile is not None:
            # This process only waits for the parser processes: what the next stages would
            # do first (import their modules, compile the report templates) is done now.
            meanwhile()
        for i, future in futures:
            parsed[i] = future.result()
            done += len(parsed[i])
            if progress:
                progress(done, len(sources))
    return [result for i in range(len(batches)) for result in parsed[i]]
