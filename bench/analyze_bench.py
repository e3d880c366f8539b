#!/usr/bin/env python3
"""Benchmark ``strangler analyze`` against grimp on a real project (run by hand, not a test).

Default mode, on ONE copy of one corpus project (the corpus itself is never modified):

a. ``strangler analyze ROOT --out OUT --cache-dir CACHE --quiet`` cold (cache emptied first),
b. the same warm (cache left by the previous run, nothing changed),
c. the same after touching 10 fixed ``.py`` files of the project's package(s) (each run appends
   one more ``# bench touch <n>`` line to them, so exactly 10 files differ from the cache; the
   original contents are restored afterwards, even on an error or Ctrl-C),
d. ``grimp.build_graph(<top-level packages>)`` cold (``cache_dir=None``) and warm (a cache dir
   filled by a first build), timed both inside this process around ``build_graph`` and as a
   whole ``python -c ...`` subprocess, so comparisons with the strangler subprocess are fair
   both ways,
e. the peak memory (max RSS) of strangler cold and warm and of the grimp subprocesses, from one
   extra, untimed run each under GNU ``/usr/bin/time -f %M`` (the "Maximum resident set size"
   of ``time -v``), falling back to ``os.wait4`` where that tool is missing.

Every timed measurement is repeated ``--runs`` times (default 3); medians are reported. "Cold"
means a cold *analyzer cache*: the OS page cache is warm for all runs (the tree was just copied).
``--fix-coding`` rewrites odd UTF-8 coding cookies in the copy (grimp 3.x cannot read flaskbb's
``# -*- coding: utf -*-``), for both tools alike.

``--scale`` mode runs strangler cold on each corpus project separately and on the whole corpus
folder at once (plus grimp cold in-process for reference), and prints seconds per 10k lines,
to show that the cost per line stays flat from ~10k to 400k+ lines.

Usage::

    python bench/analyze_bench.py [--corpus /work/corpus] [--project apache-superset]
        [--runs 3] [--strangler "strangler"] [--python PY] [--json FILE] [--scale]
        [--fix-coding] [--packages a,b] [--strangler-args="..."] [--timeout S] [--keep-tmp]

If the strangler command is missing or fails, its stderr is printed, the grimp measurements go
on, and the script exits with 1 at the end. Results are printed as plain text and as Markdown
(for ``docs/benchmarks.md``); ``--json FILE`` saves the raw numbers.
"""

import argparse
import codecs
import contextlib
import functools
import importlib
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

DEFAULT_CORPUS = Path("/work/corpus")
DEFAULT_PROJECT = "apache-superset"
DEFAULT_RUNS = 3
DEFAULT_TIMEOUT_S = 1800.0
TOUCH_COUNT = 10
STDERR_TAIL_CHARS = 4000

#: Directories never copied, walked or counted.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".grimp_cache",
        "_archives",
    }
)
#: Directory names that are not application packages (for grimp and the touched files).
NON_APP_PACKAGES = frozenset({"tests", "test", "testing", "docs", "doc", "scripts", "migrations"})
#: Sub-directories left out of the "app package" line counts (but not of the whole-tree counts).
NON_APP_SUBDIRS = frozenset({"tests", "test", "testing", "migrations"})

# Run by a child interpreter: argv = [path entries JSON, packages JSON, cache dir or ""].
# Prints one JSON line with the time spent in build_graph and the number of modules.
GRIMP_CHILD = """\
import json, sys, time
entries, packages, cache = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
sys.path[0:0] = entries
import grimp
t0 = time.perf_counter()
graph = grimp.build_graph(*packages, cache_dir=cache or None)
build_s = time.perf_counter() - t0
print(json.dumps({"build_s": build_s, "modules": len(graph.modules),
                  "grimp": getattr(grimp, "__version__", "?")}))
"""


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    """One subprocess run: wall time, exit status, captured output and (if asked) peak RSS."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    max_rss_kib: int | None = None
    rss_method: str | None = None
    tree_pss_kib: int | None = None

    @property
    def ok(self) -> bool:
        """True when the process exited with 0 before the timeout."""
        return self.returncode == 0 and not self.timed_out


@dataclass
class Series:
    """Repeated measurements of one thing; ``error`` is set when it could not be measured."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_kib: int | None = None  # from one dedicated, untimed run: largest process
    rss_method: str | None = None
    tree_pss_kib: int | None = None  # same run: sampled sum over the whole process tree
    analyzed: dict[str, Any] | None = None  # strangler's own summary (analysis.json)
    error: str | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        """Median seconds, or None without data."""
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def min(self) -> float | None:
        """Fastest run in seconds, or None without data."""
        return min(self.seconds) if self.seconds else None

    @property
    def max(self) -> float | None:
        """Slowest run in seconds, or None without data."""
        return max(self.seconds) if self.seconds else None

    @property
    def peak_mib(self) -> float | None:
        """Max RSS of the dedicated memory run in MiB, or None when not measured."""
        return None if self.peak_rss_kib is None else self.peak_rss_kib / 1024

    @property
    def tree_mib(self) -> float | None:
        """Sampled peak PSS summed over the process tree in MiB, or None."""
        return None if self.tree_pss_kib is None else self.tree_pss_kib / 1024

    def add_run(self, result: RunResult) -> None:
        """Record a timed run."""
        self.seconds.append(result.seconds)

    def add_memory_run(self, result: RunResult) -> None:
        """Record the peak RSS of a dedicated run."""
        self.peak_rss_kib = result.max_rss_kib
        self.rss_method = result.rss_method
        self.tree_pss_kib = result.tree_pss_kib

    def to_json(self) -> dict[str, Any]:
        """Raw numbers plus the summary figures."""
        data = asdict(self)
        data.update(
            median=self.median,
            min=self.min,
            max=self.max,
            peak_mib=self.peak_mib,
            tree_mib=self.tree_mib,
        )
        return data


@dataclass(frozen=True)
class Layout:
    """Where a project's top-level packages live: ``sys.path`` entries and package names."""

    path_entries: tuple[Path, ...]
    packages: tuple[str, ...]
    package_dirs: tuple[Path, ...]


@dataclass(frozen=True)
class TreeStats:
    """Counts of ``.py`` files and their lines (newline-terminated or final partial lines)."""

    py_files: int
    py_lines: int


class BenchInterrupted(KeyboardInterrupt):
    """Raised from the SIGTERM handler so that cleanup runs as on Ctrl-C."""


# --------------------------------------------------------------------------------------------
# Helpers: tree, layout, machine
# --------------------------------------------------------------------------------------------


def iter_py_files(root: Path, skip: frozenset[str] = SKIP_DIRS) -> Iterator[Path]:
    """Yield the ``.py`` files under ``root`` in sorted order, skipping ``skip`` dir names."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield Path(dirpath, name)


def count_lines(data: bytes) -> int:
    """Lines as ``for line in file`` counts them (a last line without newline counts)."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def tree_stats(roots: Sequence[Path], skip: frozenset[str] = SKIP_DIRS) -> TreeStats:
    """Count ``.py`` files and lines under each of ``roots``."""
    files = lines = 0
    for root in roots:
        for path in iter_py_files(root, skip):
            files += 1
            lines += count_lines(path.read_bytes())
    return TreeStats(files, lines)


def detect_layout(root: Path, override: Sequence[str] = ()) -> Layout:
    """Find the top-level packages of a project.

    A top-level package is a directory with an ``__init__.py`` directly under ``root`` or
    ``root/src`` whose name is an identifier and not one of :data:`NON_APP_PACKAGES`.
    ``override`` (package names) bypasses the detection; they are looked up in the same places.
    """
    entries: list[Path] = []
    packages: list[str] = []
    dirs: list[Path] = []
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            name = child.name
            wanted = name in override if override else name not in NON_APP_PACKAGES
            if (
                wanted
                and name.isidentifier()
                and child.is_dir()
                and (child / "__init__.py").is_file()
                and name not in packages
            ):
                packages.append(name)
                dirs.append(child)
                if base not in entries:
                    entries.append(base)
    missing = set(override) - set(packages)
    if missing:
        raise SystemExit(f"error: package(s) not found under {root}: {', '.join(sorted(missing))}")
    return Layout(tuple(entries), tuple(packages), tuple(dirs))


def pick_touch_files(layout: Layout, count: int = TOUCH_COUNT) -> list[Path]:
    """Choose ``count`` package files deterministically: every k-th of the sorted path list.

    Files under tests/migrations sub-directories and empty files are left out.
    """
    skip = SKIP_DIRS | NON_APP_SUBDIRS
    candidates = sorted(
        p for d in layout.package_dirs for p in iter_py_files(d, skip) if p.stat().st_size > 0
    )
    if len(candidates) <= count:
        return candidates
    step = len(candidates) // count
    return [candidates[step // 2 + i * step] for i in range(count)]


def machine_info() -> dict[str, Any]:
    """nproc, CPU model, RAM, OS and Python version of this machine."""
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gib: float | None = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = int(line.split()[1]) / 1024**2
                break
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        nproc = os.cpu_count() or 0
    return {
        "nproc": nproc,
        "cpu": cpu,
        "ram_gib": round(ram_gib, 1) if ram_gib else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "executable": sys.executable,
    }


def git_describe(path: Path) -> str | None:
    """Short commit (with ``-dirty``) of the git checkout holding ``path``, if any."""
    try:
        out = subprocess.run(
            ["git", "-C", str(path), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def copy_tree(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` without VCS, caches, ``node_modules`` and archives."""
    shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns(*SKIP_DIRS))


#: PEP 263 coding cookie, searched in the first two lines of a file.
CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def normalize_coding_cookies(files: Sequence[Path]) -> list[Path]:
    """Rewrite UTF-8 coding cookies with an unusual alias (e.g. ``utf``) to ``utf-8``.

    Python accepts any codec alias, but grimp 3.x fails on ``# -*- coding: utf -*-`` (flaskbb's
    ``tokens/serializer.py``). The bytes keep their meaning. Returns the files changed.
    """
    changed = []
    for path in files:
        data = path.read_bytes()
        lines = data.splitlines(keepends=True)
        for i, line in enumerate(lines[:2]):
            match = CODING_COOKIE.match(line)
            if not match:
                continue
            name = match.group(1).decode("ascii", "replace")
            try:
                is_utf8 = codecs.lookup(name).name == "utf-8"
            except LookupError:
                break
            if is_utf8 and name.lower() not in ("utf-8", "utf8"):
                lines[i] = line[: match.start(1)] + b"utf-8" + line[match.end(1) :]
                path.write_bytes(b"".join(lines))
                changed.append(path)
            break
    return changed


def clear_path(path: Path) -> None:
    """Remove a file or directory tree if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# --------------------------------------------------------------------------------------------
# Running and timing
# --------------------------------------------------------------------------------------------


class SessionMemorySampler(threading.Thread):
    """Samples the summed PSS of all processes in one session (a run's whole process tree).

    GNU ``time`` reports the largest *single* process; an analyzer with worker processes needs
    the sum too. PSS shares copy-on-write pages fairly between forked workers. Linux only; the
    peak stays None where ``/proc`` is not readable.
    """

    def __init__(self, session: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.interval = interval
        self.peak_kib: int | None = None
        self._stop_event = threading.Event()

    def _session_pids(self) -> list[int]:
        pids = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(entry.path, "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[3]) == self.session:
                    pids.append(int(entry.name))
        return pids

    @staticmethod
    def _pss_kib(pid: int) -> int:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        return 0

    def sample(self) -> None:
        """Take one sample now."""
        if not os.path.isdir("/proc"):
            return
        total = sum(self._pss_kib(pid) for pid in self._session_pids())
        if total and (self.peak_kib is None or total > self.peak_kib):
            self.peak_kib = total

    def run(self) -> None:
        """Sample at once, then every ``interval`` seconds until :meth:`stop`."""
        self.sample()
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop_event.set()
        self.join()


@functools.cache
def gnu_time() -> str | None:
    """Path of a GNU ``time`` that supports ``-f %M -o FILE``, or None."""
    exe = "/usr/bin/time"
    if not os.access(exe, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile(suffix=".rss") as out:
        try:
            subprocess.run(
                [exe, "-f", "%M", "-o", out.name, "true"],
                capture_output=True,
                timeout=10,
                check=False,
            )
            int(Path(out.name).read_text().split()[-1])
        except (OSError, subprocess.SubprocessError, ValueError, IndexError):
            return None
    return exe


def rss_method_name() -> str:
    """How peak RSS is measured on this machine."""
    return "GNU time %M" if gnu_time() else "wait4 ru_maxrss (upper bound)"


def run_measured(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    measure_rss: bool = False,
) -> RunResult:
    """Run ``cmd`` in its own session; return its wall time, status and output.

    With ``measure_rss`` the peak RSS is measured too, by GNU ``/usr/bin/time -f %M`` when it
    exists (the figure ``time -v`` prints as "Maximum resident set size"), else by ``os.wait4``.
    Runs that time things should not measure memory: the wrapper costs about a millisecond.
    ``wait4`` alone over-reports small children: Linux starts a child's RSS high-water mark at
    the parent's RSS when it forks, and this process holds grimp graphs. The tiny ``time``
    process avoids that. Output goes to temporary files so no pipe can fill up. On a timeout
    or an interrupt the whole process group is killed.
    """
    wrapper = gnu_time() if measure_rss else None
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(tempfile.TemporaryFile())
        err = stack.enter_context(tempfile.TemporaryFile())
        rss_file = (
            stack.enter_context(tempfile.NamedTemporaryFile(suffix=".rss")) if wrapper else None
        )
        full = [wrapper, "-f", "%M", "-o", rss_file.name, *cmd] if wrapper and rss_file else cmd
        timed_out = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(full),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )

        def _kill_group() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        def _on_timeout() -> None:
            timed_out.set()
            _kill_group()

        sampler = SessionMemorySampler(proc.pid) if measure_rss else None
        if sampler:
            sampler.start()
        timer = threading.Timer(timeout, _on_timeout)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            _kill_group()
            proc.wait()
            raise
        finally:
            timer.cancel()
            if sampler:
                sampler.stop()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group()  # leftovers (daemonised workers) must not outlive the run
        max_rss: int | None = None
        method: str | None = None
        if rss_file is not None:
            with contextlib.suppress(ValueError, IndexError, OSError):
                max_rss = int(Path(rss_file.name).read_text().split()[-1])
                method = "GNU time %M"
        elif measure_rss:
            max_rss, method = int(usage.ru_maxrss), "wait4 ru_maxrss (upper bound)"
        out.seek(0)
        err.seek(0)
        return RunResult(
            seconds=seconds,
            returncode=proc.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            timed_out=timed_out.is_set(),
            max_rss_kib=max_rss,
            rss_method=method,
            tree_pss_kib=sampler.peak_kib if sampler else None,
        )


def describe_failure(cmd: Sequence[str], result: RunResult) -> str:
    """A short message with the command, exit status and the tail of its stderr."""
    status = "timed out" if result.timed_out else f"exit code {result.returncode}"
    shown = ["<grimp script>" if arg == GRIMP_CHILD else arg for arg in cmd]
    tail = (result.stderr or result.stdout)[-STDERR_TAIL_CHARS:].rstrip()
    return f"`{shlex.join(shown)}` failed ({status}):\n{tail}"


def short_error(message: str) -> str:
    """The last non-empty line of an error message (the exception, for a traceback)."""
    lines = [line for line in message.strip().splitlines() if line.strip()]
    short = lines[-1].strip() if lines else message
    if "unknown encoding" in short:
        short += " (rerun with --fix-coding)"
    return short


def log(msg: str) -> None:
    """Progress message on stderr (stdout holds only the report)."""
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# strangler
# --------------------------------------------------------------------------------------------


def default_strangler() -> str:
    """``strangler`` next to the running interpreter (same venv) if present, else from PATH."""
    sibling = Path(sys.executable).parent / "strangler"
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return str(sibling)
    return shutil.which("strangler") or "strangler"


def strangler_missing(base: Sequence[str]) -> str | None:
    """An error message if the strangler executable cannot be found, else None."""
    exe = base[0] if base else ""
    if not exe:
        return "empty --strangler command"
    if os.sep in exe:
        ok = Path(exe).is_file() and os.access(exe, os.X_OK)
    else:
        ok = shutil.which(exe) is not None
    return None if ok else f"strangler command not found: {exe!r} (install it or pass --strangler)"


def strangler_version(base: Sequence[str]) -> str | None:
    """First line of ``strangler --version``, if it answers."""
    try:
        out = subprocess.run(
            [*base, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[0] if out.returncode == 0 and lines else None


class StranglerRunner:
    """Runs ``strangler analyze`` on one tree with a private output path and cache dir."""

    def __init__(
        self, base: Sequence[str], extra: Sequence[str], work: Path, timeout: float
    ) -> None:
        self.base = list(base)
        self.extra = list(extra)
        self.out = work / "out"
        self.cache = work / "cache"
        self.timeout = timeout

    def command(self, root: Path) -> list[str]:
        """The analyze command line for ``root``."""
        return [
            *self.base,
            "analyze",
            str(root),
            "--out",
            str(self.out),
            "--cache-dir",
            str(self.cache),
            "--quiet",
            *self.extra,
        ]

    def run(self, root: Path, *, cold: bool, measure_rss: bool = False) -> RunResult:
        """One run; ``cold`` empties the cache dir first. The output path is always cleared."""
        clear_path(self.out)
        if cold:
            clear_path(self.cache)
        return run_measured(
            self.command(root), cwd=self.out.parent, timeout=self.timeout, measure_rss=measure_rss
        )

    def series(self, name: str, root: Path, runs: int, *, cold: bool, memory: bool) -> Series:
        """``runs`` timed runs, then (``memory``) one dedicated run for the peak RSS.

        Stops at the first failure and records its message.
        """
        series = Series(name)
        for i in range(runs + int(memory)):
            dedicated = i == runs
            log(f"  {name} " + ("memory run" if dedicated else f"run {i + 1}/{runs}") + " ...")
            result = self.run(root, cold=cold, measure_rss=dedicated)
            if not result.ok:
                series.error = describe_failure(self.command(root), result)
                log(series.error)
                break
            if dedicated:
                series.add_memory_run(result)
            else:
                series.add_run(result)
            series.analyzed = self.summary() or series.analyzed
        return series

    def summary(self) -> dict[str, Any] | None:
        """``summary`` of the last run's ``analysis.json`` (modules, lines ...), if written."""
        path = self.out / "analysis.json" if self.out.is_dir() else self.out
        try:
            summary = json.loads(path.read_text()).get("summary")
        except (OSError, ValueError, AttributeError):
            return None
        return summary if isinstance(summary, dict) else None


@contextlib.contextmanager
def touched(files: Sequence[Path]) -> Iterator[list[int]]:
    """Let the caller append comment lines to ``files``; restore their bytes on exit.

    Yields a one-element counter list; call :func:`touch_all` to append the next line. The
    original contents are written back even on an exception, Ctrl-C or SIGTERM.
    """
    originals = {p: p.read_bytes() for p in files}
    counter = [0]
    try:
        yield counter
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        changed = [str(p) for p, data in originals.items() if p.read_bytes() != data]
        if changed:  # pragma: no cover - would mean the file system lies
            log(f"warning: could not restore: {changed}")


def touch_all(files: Sequence[Path], counter: list[int]) -> None:
    """Append ``# bench touch <n>`` (n = next counter value) to each file."""
    counter[0] += 1
    for path in files:
        data = path.read_bytes()
        sep = b"" if not data or data.endswith(b"\n") else b"\n"
        path.write_bytes(data + sep + f"# bench touch {counter[0]}\n".encode())


# --------------------------------------------------------------------------------------------
# grimp
# --------------------------------------------------------------------------------------------


def grimp_here() -> Any | None:
    """The grimp module if it can be imported into this interpreter, else None."""
    if importlib.util.find_spec("grimp") is None:
        return None
    return importlib.import_module("grimp")


def grimp_build_here(layout: Layout, cache_dir: Path | None) -> tuple[float, int]:
    """Time ``grimp.build_graph`` in this process; return (seconds, number of modules).

    Raises RuntimeError when grimp is missing or fails.
    """
    grimp = grimp_here()
    if grimp is None:
        raise RuntimeError("grimp is not importable in this interpreter")
    errors = (grimp.exceptions.GrimpException, OSError, ValueError, ImportError)
    saved = list(sys.path)
    sys.path[0:0] = [str(p) for p in layout.path_entries]
    importlib.invalidate_caches()
    try:
        start = time.perf_counter()
        graph = grimp.build_graph(*layout.packages, cache_dir=str(cache_dir) if cache_dir else None)
        seconds = time.perf_counter() - start
    except errors as exc:
        raise RuntimeError(f"grimp.build_graph failed in-process: {exc!r}") from exc
    finally:
        sys.path[:] = saved
        importlib.invalidate_caches()
    return seconds, len(graph.modules)


def grimp_child_command(python: str, layout: Layout, cache_dir: Path | None) -> list[str]:
    """``python -c`` command that builds the graph and prints a JSON line."""
    return [
        python,
        "-c",
        GRIMP_CHILD,
        json.dumps([str(p) for p in layout.path_entries]),
        json.dumps(list(layout.packages)),
        str(cache_dir) if cache_dir else "",
    ]


def grimp_child(
    python: str,
    layout: Layout,
    cache_dir: Path | None,
    cwd: Path,
    timeout: float,
    measure_rss: bool = False,
) -> tuple[RunResult, dict[str, Any] | None]:
    """Run the grimp child; return its result and its JSON report (None on failure)."""
    cmd = grimp_child_command(python, layout, cache_dir)
    result = run_measured(cmd, cwd=cwd, timeout=timeout, measure_rss=measure_rss)
    if not result.ok:
        return result, None
    lines = result.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        report = None
    return result, report


@dataclass
class GrimpFigures:
    """The four grimp series plus facts about the graph."""

    inproc_cold: Series
    inproc_warm: Series
    sub_cold: Series
    sub_warm: Series
    modules: int | None = None
    version: str | None = None


def measure_grimp(
    layout: Layout, runs: int, python: str, work: Path, timeout: float
) -> GrimpFigures:
    """grimp cold and warm, in this process and as subprocesses.

    In-process figures come from this interpreter when it can import grimp; otherwise from the
    timer the child puts around ``build_graph`` (noted in the series).
    """
    figs = GrimpFigures(
        Series("grimp cold (in-process)"),
        Series("grimp warm (in-process)"),
        Series("grimp cold (subprocess)"),
        Series("grimp warm (subprocess)"),
    )
    if not layout.packages:
        msg = "no top-level package found (use --packages)"
        for s in (figs.inproc_cold, figs.inproc_warm, figs.sub_cold, figs.sub_warm):
            s.error = msg
        return figs

    # Subprocess runs (also the fallback source of in-process figures).
    child_build: dict[str, list[float]] = {"cold": [], "warm": []}
    sub_cache = work / "grimp-cache-sub"
    clear_path(sub_cache)
    for kind, series in (("cold", figs.sub_cold), ("warm", figs.sub_warm)):
        cache = sub_cache if kind == "warm" else None
        if cache is not None:  # fill the cache first
            result, report = grimp_child(python, layout, cache, work, timeout)
            if report is None:
                series.error = describe_failure(grimp_child_command(python, layout, cache), result)
                log(series.error)
                continue
        for i in range(runs + 1):  # the last run is the dedicated memory run
            dedicated = i == runs
            log(
                f"  {series.name} "
                + ("memory run" if dedicated else f"run {i + 1}/{runs}")
                + " ..."
            )
            result, report = grimp_child(python, layout, cache, work, timeout, dedicated)
            if report is None:
                series.error = describe_failure(grimp_child_command(python, layout, cache), result)
                log(series.error)
                break
            if dedicated:
                series.add_memory_run(result)
                continue
            series.add_run(result)
            child_build[kind].append(float(report["build_s"]))
            figs.modules = int(report["modules"])
            figs.version = str(report.get("grimp"))

    # In-process runs.
    if grimp_here() is not None:
        inproc_cache = work / "grimp-cache-inproc"
        clear_path(inproc_cache)
        for kind, series in (("cold", figs.inproc_cold), ("warm", figs.inproc_warm)):
            cache = inproc_cache if kind == "warm" else None
            try:
                if cache is not None:
                    grimp_build_here(layout, cache)  # fill the cache
                for i in range(runs):
                    log(f"  {series.name} run {i + 1}/{runs} ...")
                    seconds, modules = grimp_build_here(layout, cache)
                    series.seconds.append(seconds)
                    figs.modules = figs.modules if figs.modules is not None else modules
            except RuntimeError as exc:
                series.error = str(exc)
                log(series.error)
        if figs.version is None:
            figs.version = getattr(grimp_here(), "__version__", None)
    else:
        note = f"grimp not importable by {sys.executable}: timed inside the {python} subprocess"
        for kind, series, sub in (
            ("cold", figs.inproc_cold, figs.sub_cold),
            ("warm", figs.inproc_warm, figs.sub_warm),
        ):
            series.seconds = child_build[kind]
            series.note = note
            series.error = sub.error
    return figs


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    """Seconds with 3 decimals, or ``-``."""
    return "-" if value is None else f"{value:.3f}"


def fmt_mib(value: float | None) -> str:
    """MiB with 1 decimal, or ``-``."""
    return "-" if value is None else f"{value:.1f}"


def ratio(num: Series, den: Series) -> str:
    """``num.median / den.median`` formatted as ``12.3x``, or ``-``."""
    a, b = num.median, den.median
    if a is None or not b:
        return "-"
    return f"{a / b:.1f}x"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> str:
    """A plain aligned table or a Markdown table (first column left, others right aligned)."""
    if markdown:
        sep = ["---"] + ["---:"] * (len(headers) - 1)
        lines = [headers, sep, *rows]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for row in [headers, *rows]:
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells))
    return "\n".join(out)


def machine_line(machine: dict[str, Any]) -> str:
    """One line describing the machine."""
    return (
        f"{machine['nproc']} CPU(s), {machine['cpu']}, {machine['ram_gib']} GiB RAM, "
        f"Python {machine['python']}, {machine['os']}"
    )


def strangler_display(base: Sequence[str], extra: Sequence[str]) -> str:
    """The analyze command line as the report shows it (placeholders for temp paths)."""
    return shlex.join(
        [*base, "analyze", "ROOT", "--out", "TMP/out", "--cache-dir", "TMP/cache", "--quiet"]
        + list(extra)
    )


def strangler_line(data: dict[str, Any]) -> str:
    """One line naming the strangler command, its version and checkout."""
    return (
        f"strangler: {data['strangler_cmd']} (version: {data['strangler_version']}, "
        f"checkout: {data['strangler_git']})"
    )


def main_report(data: dict[str, Any], series: list[Series], markdown: bool) -> str:
    """The default-mode report as plain text or Markdown."""
    by_name = {s.name: s for s in series}
    rows = [
        [
            s.name,
            str(len(s.seconds)),
            fmt_s(s.median),
            fmt_s(s.min),
            fmt_s(s.max),
            fmt_mib(s.peak_mib),
            fmt_mib(s.tree_mib),
            "FAILED" if s.error else "ok",
        ]
        for s in series
    ]
    headers = [
        "measurement",
        "runs",
        "median s",
        "min s",
        "max s",
        "peak RSS MiB",
        "tree PSS MiB",
        "status",
    ]
    sc, sw, st = (by_name[n] for n in ("strangler cold", "strangler warm", "strangler touched"))
    ratio_rows = []
    for flavour in ("in-process", "subprocess"):
        gc, gw = by_name[f"grimp cold ({flavour})"], by_name[f"grimp warm ({flavour})"]
        ratio_rows.append([f"vs grimp {flavour}", ratio(sc, gc), ratio(sw, gw), ratio(st, gw)])
    ratio_headers = ["ratio", "cold / grimp cold", "warm / grimp warm", "touched / grimp warm"]
    tree = data["tree"]
    facts = [
        (
            f"project: {data['project']} (packages: {', '.join(data['packages']) or '-'}; "
            f"grimp modules: {data['grimp_modules']}, grimp {data['grimp_version']})"
        ),
        (
            f"tree: {tree['py_files']} .py files, {tree['py_lines']} lines; app packages "
            f"without tests/migrations: {tree['app_py_files']} files, "
            f"{tree['app_py_lines']} lines"
        ),
        f"touched files ({len(data['touched_files'])}): {', '.join(data['touched_files'])}",
        f"strangler's own summary of the cold run: {sc.analyzed or '-'}",
        strangler_line(data),
        (
            f"peak memory of strangler cold: {fmt_mib(sc.peak_mib)} MiB RSS of the largest "
            f"process, {fmt_mib(sc.tree_mib)} MiB PSS summed over its process tree (memory "
            f"columns: one dedicated untimed run per row; RSS by "
            f"{sc.rss_method or rss_method_name()}, tree PSS sampled every 20 ms from /proc)"
        ),
        f"machine: {machine_line(data['machine'])}",
        (
            f"runs per measurement: {data['runs']} (median reported); cold = empty analyzer "
            "cache, OS page cache warm"
        ),
    ]
    if data.get("coding_fixed"):
        facts.append(f"coding cookies rewritten to utf-8: {', '.join(data['coding_fixed'])}")
    notes = sorted({s.note for s in series if s.note})
    notes += [f"{s.name} FAILED: {short_error(s.error)}" for s in series if s.error]
    if markdown:
        parts = [
            f"### `strangler analyze` vs grimp on {data['project']}",
            "",
            render_table(headers, rows, True),
            "",
            render_table(ratio_headers, ratio_rows, True),
            "",
            *[f"- {f}" for f in facts],
            *[f"- note: {n}" for n in notes],
        ]
    else:
        parts = [
            render_table(headers, rows, False),
            "",
            render_table(ratio_headers, ratio_rows, False),
            "",
            *facts,
            *[f"note: {n}" for n in notes],
        ]
    return "\n".join(parts)


def scale_report(data: dict[str, Any], markdown: bool) -> str:
    """The ``--scale`` report as plain text or Markdown."""
    headers = [
        "tree",
        ".py files",
        "lines",
        "analyzed modules",
        "analyzed lines",
        "strangler cold s",
        "s / 10k lines",
        "peak RSS MiB",
        "tree PSS MiB",
        "grimp lines",
        "grimp cold s",
        "grimp s / 10k lines",
    ]
    rows = []
    for row in data["rows"]:
        s, g = row["strangler"], row["grimp"]
        analyzed = s.get("analyzed") or {}
        lines = analyzed.get("lines") if isinstance(analyzed.get("lines"), int) else None
        per10k = "-"
        if s["median"] is not None:
            basis = lines or row["py_lines"]
            per10k = f"{s['median'] / basis * 1e4:.3f}" + ("" if lines else "*")
        gper10k = "-"
        if g["median"] is not None and row["package_py_lines"]:
            gper10k = f"{g['median'] / row['package_py_lines'] * 1e4:.4f}"
        rows.append(
            [
                row["tree"],
                str(row["py_files"]),
                str(row["py_lines"]),
                str(analyzed.get("modules", "-")),
                str(lines or "-"),
                fmt_s(s["median"]) if not s["error"] else "FAILED",
                per10k,
                fmt_mib(s["peak_mib"]),
                fmt_mib(s["tree_mib"]),
                str(row["package_py_lines"]),
                fmt_s(g["median"]),
                gper10k,
            ]
        )
    failures = [
        f"{row['tree']}: {name} FAILED: {short_error(row[name]['error'])}"
        for row in data["rows"]
        for name in ("strangler", "grimp")
        if row[name]["error"]
    ]
    if data.get("coding_fixed"):
        failures.append(f"coding cookies rewritten to utf-8: {', '.join(data['coding_fixed'])}")
    tail = [
        *failures,
        strangler_line(data),
        f"machine: {machine_line(data['machine'])}",
        (
            "analyzed modules/lines: strangler's own analysis.json summary (default "
            "discovery; s / 10k lines uses them, or all .py lines where marked *); grimp "
            "lines: .py lines of the top-level packages grimp builds"
        ),
        (
            f"runs per tree: {data['runs']} (median) + 1 untimed run for the peak RSS "
            f"({rss_method_name()}); strangler cold = empty cache; grimp cold in-process, "
            "cache_dir=None"
        ),
    ]
    if markdown:
        return "\n".join(
            [
                "### `strangler analyze` cold: cost per line",
                "",
                render_table(headers, rows, True),
                "",
                *[f"- {t}" for t in tail],
            ]
        )
    return "\n".join([render_table(headers, rows, False), "", *tail])


# --------------------------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------------------------


def bench_project(
    args: argparse.Namespace, base: list[str], work: Path
) -> tuple[dict[str, Any], bool]:
    """Default mode: all measurements on a copy of one project. Returns (data, all ok)."""
    src = args.corpus / args.project
    if not src.is_dir():
        raise SystemExit(f"error: {src} is not a directory (download the corpus first)")
    root = work / "tree" / args.project
    log(f"copying {src} -> {root} ...")
    copy_tree(src, root)
    layout = detect_layout(root, args.packages)
    coding_fixed = normalize_coding_cookies(list(iter_py_files(root))) if args.fix_coding else []
    whole = tree_stats([root])
    app = tree_stats(layout.package_dirs, SKIP_DIRS | NON_APP_SUBDIRS)
    touch_files = pick_touch_files(layout)
    log(f"packages: {', '.join(layout.packages) or '-'}; {whole.py_files} .py files")

    runner = StranglerRunner(base, args.strangler_args, work / "strangler", args.timeout)
    (work / "strangler").mkdir()
    series: list[Series] = []
    missing = strangler_missing(base)
    names = ("strangler cold", "strangler warm", "strangler touched")
    if missing:
        log(f"error: {missing}")
        series += [Series(n, error=missing) for n in names]
    else:
        cold = runner.series(names[0], root, args.runs, cold=True, memory=True)
        series.append(cold)
        if cold.error:
            series += [Series(n, error="skipped: cold run failed") for n in names[1:]]
        else:
            series.append(runner.series(names[1], root, args.runs, cold=False, memory=True))
            touched_series = Series(names[2])
            with touched(touch_files) as counter:
                for i in range(args.runs):
                    touch_all(touch_files, counter)
                    log(f"  {names[2]} run {i + 1}/{args.runs} ...")
                    result = runner.run(root, cold=False)
                    if not result.ok:
                        touched_series.error = describe_failure(runner.command(root), result)
                        log(touched_series.error)
                        break
                    touched_series.add_run(result)
                    touched_series.analyzed = runner.summary()
            series.append(touched_series)

    grimp = measure_grimp(layout, args.runs, args.python, work, args.timeout)
    series += [grimp.inproc_cold, grimp.inproc_warm, grimp.sub_cold, grimp.sub_warm]
    data = {
        "mode": "project",
        "project": args.project,
        "corpus": str(args.corpus),
        "runs": args.runs,
        "packages": list(layout.packages),
        "tree": {
            "py_files": whole.py_files,
            "py_lines": whole.py_lines,
            "app_py_files": app.py_files,
            "app_py_lines": app.py_lines,
        },
        "touched_files": [str(p.relative_to(root)) for p in touch_files],
        "coding_fixed": [str(p.relative_to(root)) for p in coding_fixed],
        "grimp_modules": grimp.modules,
        "grimp_version": grimp.version,
        "grimp_python": args.python,
        "strangler_cmd": strangler_display(base, args.strangler_args),
        "strangler_version": None if missing else strangler_version(base),
        "strangler_git": git_describe(Path(__file__).resolve().parent),
        "machine": machine_info(),
        "series": {s.name: s.to_json() for s in series},
    }
    ok = not any(s.error for s in series)
    print(main_report(data, series, markdown=False))
    print()
    print(main_report(data, series, markdown=True))
    return data, ok


def bench_scale(
    args: argparse.Namespace, base: list[str], work: Path
) -> tuple[dict[str, Any], bool]:
    """``--scale``: strangler cold per project and on the whole corpus folder."""
    if not args.corpus.is_dir():
        raise SystemExit(f"error: {args.corpus} is not a directory")
    root = work / "tree" / args.corpus.name
    log(f"copying {args.corpus} -> {root} ...")
    copy_tree(args.corpus, root)
    projects = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    coding_fixed = normalize_coding_cookies(list(iter_py_files(root))) if args.fix_coding else []
    runner = StranglerRunner(base, args.strangler_args, work / "strangler", args.timeout)
    (work / "strangler").mkdir()
    missing = strangler_missing(base)
    if missing:
        log(f"error: {missing}")
    have_grimp = grimp_here() is not None
    rows = []
    ok = missing is None
    targets = [(p.name, p, [detect_layout(p)]) for p in projects]
    targets.append((f"{args.corpus.name}/ (all)", root, [t[2][0] for t in targets]))
    for label, tree, layouts in targets:
        stats = tree_stats([tree])
        log(f"{label}: {stats.py_files} files, {stats.py_lines} lines")
        if missing:
            strangler = Series("strangler cold", error=missing)
        else:
            strangler = runner.series("strangler cold", tree, args.runs, cold=True, memory=True)
            ok = ok and strangler.error is None
        merged = Layout(
            tuple(dict.fromkeys(e for lay in layouts for e in lay.path_entries)),
            tuple(dict.fromkeys(p for lay in layouts for p in lay.packages)),
            tuple(d for lay in layouts for d in lay.package_dirs),
        )
        grimp = Series("grimp cold (in-process)")
        if not have_grimp:
            grimp.error = f"grimp not importable by {sys.executable}"
        elif merged.packages:
            try:
                for _ in range(args.runs):
                    grimp.seconds.append(grimp_build_here(merged, None)[0])
            except RuntimeError as exc:
                grimp.error = str(exc)
        rows.append(
            {
                "tree": label,
                "packages": list(merged.packages),
                "py_files": stats.py_files,
                "py_lines": stats.py_lines,
                "package_py_lines": tree_stats(merged.package_dirs).py_lines,
                "strangler": strangler.to_json(),
                "grimp": grimp.to_json(),
            }
        )
    data = {
        "mode": "scale",
        "corpus": str(args.corpus),
        "runs": args.runs,
        "rows": rows,
        "coding_fixed": [str(p.relative_to(root)) for p in coding_fixed],
        "strangler_cmd": strangler_display(base, args.strangler_args),
        "strangler_version": None if missing else strangler_version(base),
        "strangler_git": git_describe(Path(__file__).resolve().parent),
        "machine": machine_info(),
    }
    print(scale_report(data, markdown=False))
    print()
    print(scale_report(data, markdown=True))
    return data, ok


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


SYNTH_COPIES = (1, 2, 4, 8, 16)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def bench_synth(args: argparse.Namespace, base: list[str], work: Path
                ) -> tuple[dict[str, Any], bool]:
    """Scale mode for one shared schema: K renamed copies of a corpus app (synth_monolith.py),
    each K measured cold, warm, touched (a comment in 10 files), code edit (one new line of code
    in one module), peak memory summed over the run's processes, analysis.json size, and grimp
    cold and warm (subprocess) on the same tree."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth_monolith import build

    python = args.python or sys.executable
    copies = [int(k) for k in args.synth.split(",")]
    rows: list[dict[str, Any]] = []
    ok = True
    for k in copies:
        tree = work / f"synth{k}"
        build(args.corpus / args.project / args.synth_package, args.synth_package, k, tree)
        stats = tree_stats([tree])
        layout = detect_layout(tree)
        (work / f"run{k}").mkdir(parents=True, exist_ok=True)
        runner = StranglerRunner(base, args.strangler_args, work / f"run{k}", args.timeout)
        row: dict[str, Any] = {"copies": k, "py_files": stats.py_files, "py_lines": stats.py_lines}
        log(f"K={k}: {stats.py_files} files, {stats.py_lines} lines")
        cold = [runner.run(tree, cold=True) for _ in range(args.runs)]
        memory = runner.run(tree, cold=True, measure_rss=True)
        if not all(r.ok for r in (*cold, memory)):
            failed = next(r for r in (*cold, memory) if not r.ok)
            log(describe_failure(runner.command(tree), failed))
            ok = False
            rows.append(row)
            continue
        row["cold_s"] = _median([r.seconds for r in cold])
        row["peak_rss_mib"] = (memory.max_rss_kib or 0) / 1024
        row["tree_pss_mib"] = (memory.tree_pss_kib or 0) / 1024
        row["json_mb"] = (runner.out / "analysis.json").stat().st_size / 1e6
        row["summary"] = runner.summary()
        row["warm_s"] = _median([runner.run(tree, cold=False).seconds for _ in range(args.runs)])
        files = pick_touch_files(layout)
        with touched(files) as counter:
            times = []
            for _ in range(args.runs):
                touch_all(files, counter)
                times.append(runner.run(tree, cold=False).seconds)
            row["touched_s"] = _median(times)
        edited = files[:1]
        with touched(edited) as counter:
            times = []
            for n in range(args.runs + 1):  # the last run only measures memory
                counter[0] += 1
                data = edited[0].read_bytes()
                sep = b"" if data.endswith(b"\n") else b"\n"
                edited[0].write_bytes(data + sep + f"_bench_edit = {n}\n".encode())
                result = runner.run(tree, cold=False, measure_rss=n == args.runs)
                if n < args.runs:
                    times.append(result.seconds)
            row["edit_s"] = _median(times)
            row["edit_tree_pss_mib"] = (result.tree_pss_kib or 0) / 1024
        gcache = work / f"grimp{k}"
        gcold, gwarm = [], []
        for _ in range(args.runs):
            clear_path(gcache)
            result, _ = grimp_child(python, layout, gcache, work, args.timeout)
            gcold.append(result.seconds) if result.ok else None
            result, _ = grimp_child(python, layout, gcache, work, args.timeout)
            gwarm.append(result.seconds) if result.ok else None
        row["grimp_cold_s"], row["grimp_warm_s"] = _median(gcold), _median(gwarm)
        log(f"K={k}: {json.dumps({key: v for key, v in row.items() if key != 'summary'})}")
        rows.append(row)
        shutil.rmtree(tree, ignore_errors=True)
        shutil.rmtree(work / f"run{k}", ignore_errors=True)
    data = {"machine": machine_info(), "mode": "synth", "project": args.project, "rows": rows}
    print(synth_report(rows))
    return data, ok


def synth_report(rows: list[dict[str, Any]]) -> str:
    """The scale curve as a Markdown table, with the ratios to grimp."""
    def cell(value: float | None, digits: int = 2) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    def times(a: float | None, b: float | None) -> str:
        return "-" if not a or not b else f"{a / b:.1f}x"

    lines = ["| K | .py lines | modules | deps | cold s | warm s | touched s | code edit s "
             "| grimp cold s | grimp warm s | cold/grimp cold | edit/grimp warm | peak RSS MiB "
             "| tree PSS MiB | analysis.json MB |",
             "|" + " ---: |" * 15]
    for r in rows:
        summary = r.get("summary") or {}
        lines.append(
            f"| {r['copies']} | {r['py_lines']:,} | {summary.get('modules', '-')} "
            f"| {summary.get('dependencies', '-')} | {cell(r.get('cold_s'))} "
            f"| {cell(r.get('warm_s'))} | {cell(r.get('touched_s'))} | {cell(r.get('edit_s'))} "
            f"| {cell(r.get('grimp_cold_s'))} | {cell(r.get('grimp_warm_s'))} "
            f"| {times(r.get('cold_s'), r.get('grimp_cold_s'))} "
            f"| {times(r.get('edit_s'), r.get('grimp_warm_s'))} "
            f"| {cell(r.get('peak_rss_mib'), 1)} | {cell(r.get('tree_pss_mib'), 1)} "
            f"| {cell(r.get('json_mb'), 1)} |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    p.add_argument("--project", default=DEFAULT_PROJECT, help="project folder in the corpus")
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="repetitions per measurement")
    p.add_argument(
        "--strangler",
        default=None,
        help="strangler command (split like a shell); default: the one in this interpreter's "
        "venv, else PATH",
    )
    p.add_argument(
        "--strangler-args",
        default="",
        help="extra arguments appended to every `strangler analyze` command; write it with '=', "
        'e.g. --strangler-args="--no-svg --jobs 1"',
    )
    p.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter (with grimp installed) for the grimp subprocess runs",
    )
    p.add_argument(
        "--packages",
        default="",
        help="comma-separated top-level packages for grimp (default: detected)",
    )
    p.add_argument(
        "--fix-coding",
        action="store_true",
        help="in the copy, rewrite UTF-8 coding cookies spelled oddly (`coding: utf`, which "
        "grimp 3.x cannot decode: flaskbb) to `utf-8`, for both tools",
    )
    p.add_argument("--scale", action="store_true", help="cost-per-line mode over the corpus")
    p.add_argument("--synth", default=None, metavar="K,K,...",
                   help="shared-schema scale mode: K renamed copies of --project, e.g. 1,2,4,8,16")
    p.add_argument("--synth-package", default=None,
                   help="the package copied in --synth mode (default: --project)")
    p.add_argument("--json", type=Path, default=None, help="save the raw numbers to this file")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="per run, seconds")
    p.add_argument("--keep-tmp", action="store_true", help="keep the temporary work folder")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be >= 1")
    if args.runs < 3:
        log("warning: fewer than 3 runs: medians are not meaningful")
    args.corpus = args.corpus.resolve()
    args.packages = tuple(x.strip() for x in args.packages.split(",") if x.strip())
    args.strangler_args = shlex.split(args.strangler_args)
    return args


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise BenchInterrupted(f"signal {signum}")


def compile_strangler(base: list[str]) -> None:
    """Byte-compile the strangler under test, as `pip install` does: an editable install in
    an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on
    every run, which no installed copy does (grimp's Python side is compiled by pip too)."""
    python = Path(base[0]).parent / "python"
    if not python.exists():
        return
    found = subprocess.run([str(python), "-c", "import os, strangler; "
                            "print(os.path.dirname(strangler.__file__))"],
                           capture_output=True, text=True, check=False)
    if found.returncode == 0:
        subprocess.run([str(python), "-m", "compileall", "-q", found.stdout.strip()],
                       capture_output=True, check=False)
        log(f"byte-compiled {found.stdout.strip()} (as pip install does)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 when every measurement succeeded, 1 otherwise, 130 on Ctrl-C."""
    args = parse_args(argv)
    base = shlex.split(args.strangler) if args.strangler else [default_strangler()]
    signal.signal(signal.SIGTERM, _on_sigterm)
    compile_strangler(base)
    work = Path(tempfile.mkdtemp(prefix="strangler-bench-"))
    try:
        if args.synth:
            args.synth_package = args.synth_package or args.project
            data, ok = bench_synth(args, base, work)
        elif args.scale:
            data, ok = bench_scale(args, base, work)
        else:
            data, ok = bench_project(args, base, work)
        if args.json:
            args.json.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
            log(f"raw numbers saved to {args.json}")
    except KeyboardInterrupt:
        log("interrupted; touched files restored, cleaning up")
        return 130
    finally:
        if args.keep_tmp:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
