"""``make bench``: how the generator and the site build scale with the size of the thread.

    python -m bench.run [N ...] [--large] [--seed S] [--timeout S] [--keep] [--no-hostile]

For synthetic threads of 1,000 and 10,000 posts (100,000 too with ``--large``; or the sizes
given) written by :mod:`bench.synth`, and for the seed site (the repository's mkdocs.yml),
it measures:

- each generator stage (read, annotate, classify, link, render) and posts per second for
  the five together, in-process (render includes putting the cards into every page, which
  builds do while writing each page): :func:`generator.pipeline.generate` runs as
  ``python -m generator`` runs it while each stage function it calls is timed (so the calls
  are exactly the pipeline's); also the nothing-lost check ``generate`` runs on the pages
  and ``generate`` as a whole, shown apart;
- ``mkdocs build --strict`` with the plugin, in a subprocess: wall time and peak memory;
- the built site: HTML pages, total size and the largest page;
- ``python -m generator export`` and a plain ``mkdocs build --strict`` of the exported
  project, so that the plugin's share of a build shows as a ratio;
- for the seed site, ``mkdocs serve`` (as ``make serve`` runs it) on a copy of the
  repository: the time from saving a commentary edit until the server returns the changed
  page.

A second table follows (:mod:`bench.hostile`, well under a minute; ``--no-hostile`` leaves
it out): untrusted inputs that once took minutes, each timed at doubling sizes, so that work
growing faster than the input shows.

Times are medians: stages of 5 runs (fewer when one run takes long), builds of 3 runs below
10,000 posts and of 1 run from there. Everything happens in a temporary folder that is
removed afterwards (``--keep`` keeps it). ``--timeout`` stops a build that runs longer and
goes on. The table goes to stdout, progress to stderr; Ctrl-C (or SIGTERM) stops the
running build and prints what was measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bench import hostile
from bench import search as bench_search
from bench.synth import ROOT, synthesize, write_project
from generator import pipeline
from generator.pages import Page
from generator.publish.export import handwritten_pages
from generator.publish.plugin import load_project

SIZES = (1_000, 10_000)
"""Thread sizes measured by default."""
LARGE = 100_000
"""Added by ``--large``."""
STAGE_FUNCTIONS = {
    "read": "read_sources",
    "annotate": "annotate",
    "classify": "classify",
    "link": "link",
    "render": "render",
    "check": "check_pages",
}
"""Stage → the function :mod:`generator.pipeline` calls for it."""
STAGES = ("read", "annotate", "classify", "link", "render")
"""The five stages whose sum gives posts per second."""
STAGE_RUNS = 5
"""Runs of the stages to take the median of."""
STAGE_BUDGET = 60.0
"""Seconds after which the stages are not repeated further (at least one run is made)."""
MANY_POSTS = 10_000
"""From this size on a build runs once; below it three times."""
TIME = Path("/usr/bin/time")
"""GNU time, for the peak memory of a build."""
ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
"""Every build's environment: no MkDocs 2 banner, a fixed sitemap date."""


@dataclass
class Case:
    """One measured site and what was found."""

    name: str
    """Column heading."""
    config: Path
    """Its mkdocs.yml."""
    posts: int = 0
    """Posts read."""
    people: int = 0
    """Participants: everyone who wrote or was mentioned."""
    generated: int = 0
    """Pages the generator makes."""
    stages: dict[str, float] = field(default_factory=dict)
    """Median seconds per stage, plus ``check`` and ``generate``."""
    stage_runs: int = 0
    """How many runs the stage medians are of."""
    build: float | None = None
    """Median seconds of ``mkdocs build --strict`` with the plugin; NaN when it failed."""
    build_rss: int | None = None
    """Peak resident memory of that build, in KB."""
    build_runs: int = 0
    """How many runs each build median is of."""
    html_pages: int = 0
    """HTML files in the built site."""
    site_bytes: int = 0
    """Size of the built site."""
    largest: tuple[str, int] = ("", 0)
    """The largest HTML page: URL and bytes."""
    export: float | None = None
    """Seconds of ``python -m generator export``."""
    plain: float | None = None
    """Median seconds of the plain build of the export."""
    plain_rss: int | None = None
    """Peak resident memory of that build, in KB."""
    synthetic: tuple[int, int] | None = None
    """Size and random seed of a synthetic thread, whose true authors and replies are known."""
    authors: tuple[int, int] = (0, 0)
    """Posts whose author was inferred, and how many of those are right."""
    replies: tuple[int, int] = (0, 0)
    """Posts whose parent was inferred, and how many of those are right."""
    rebuilds: list[float] = field(default_factory=list)
    """``mkdocs serve``: seconds from a commentary edit until the page is served changed."""
    failures: list[str] = field(default_factory=list)
    """What went wrong, for the lines under the table."""
    search: bench_search.Figures | None = None
    """The search rows (:mod:`bench.search`)."""


def progress(message: str) -> None:
    """A line on stderr, so that stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def machine() -> list[str]:
    """CPU model, cores, Python and the versions that matter."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "Markdown")
    )
    return [
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python:  {platform.python_implementation()} {platform.python_version()}; {versions}",
    ]


@contextmanager
def stopwatch(took: dict[str, float]) -> Iterator[None]:
    """Time each stage function while :func:`generator.pipeline.generate` calls it.

    The pipeline's own calls are timed, with its own arguments, so the bench stays in step
    with ``load`` and ``generate`` when they change.
    """
    originals = {stage: getattr(pipeline, name) for stage, name in STAGE_FUNCTIONS.items()}

    def timed(stage: str, function: Callable) -> Callable:
        def call(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if stage == "render":
                    fill(result)
                return result
            finally:
                took[stage] = took.get(stage, 0.0) + time.perf_counter() - start

        return call

    for stage, name in STAGE_FUNCTIONS.items():
        setattr(pipeline, name, timed(stage, originals[stage]))
    try:
        yield
    finally:
        for stage, name in STAGE_FUNCTIONS.items():
            setattr(pipeline, name, originals[stage])


def fill(pages: list[Page]) -> None:
    """Put every page's cards into its Markdown, one page at a time, as a build does while
    writing the pages: the render stage's time includes it."""
    for page in pages:
        page.fill(page.skeleton)


def stage_times(case: Case) -> None:
    """Generate ``case``'s pages in-process, as ``python -m generator`` does, a few times;
    keep the median time of each stage and of the whole."""
    project = load_project(str(case.config))
    handwritten = handwritten_pages(project.settings.docs_dir, project.data_files())
    runs: list[dict[str, float]] = []
    started = time.perf_counter()
    while len(runs) < STAGE_RUNS and (not runs or time.perf_counter() - started < STAGE_BUDGET):
        took: dict[str, float] = {}
        start = time.perf_counter()
        with stopwatch(took):
            result = pipeline.generate(project.settings, handwritten)
        took["generate"] = time.perf_counter() - start
        runs.append(took)
    case.stages = {name: statistics.median(run.get(name, 0.0) for run in runs) for name in runs[0]}
    case.stage_runs = len(runs)
    case.posts = len(result.discussion.posts)
    case.people = len(result.discussion.people)
    case.generated = len(result.pages)
    if case.synthetic is not None:
        inference(case, result.discussion.posts)


def inference(case: Case, posts: list) -> None:
    """Compare the authors and replies the link stage inferred with the synthetic truth."""
    assert case.synthetic is not None
    truth = synthesize(*case.synthetic)
    if len(truth) != len(posts):  # posts merged or split: no one-to-one comparison
        return
    ids = [post.id for post in posts]
    authors = [
        (post.author.lower() == true.author.lower())
        for post, true in zip(posts, truth, strict=True)
        if post.author_basis == "inferred"
    ]
    replies = [
        true.parent is not None and post.reply_to == ids[true.parent]
        for post, true in zip(posts, truth, strict=True)
        if post.reply_basis == "inferred"
    ]
    case.authors = (len(authors), sum(authors))
    case.replies = (len(replies), sum(replies))


def run_measured(
    command: list[str], cwd: Path, log: Path, timeout: float | None = None
) -> tuple[int, float, int | None]:
    """Run ``command`` with its output in ``log``: exit status, seconds, peak memory in KB.

    Peak memory comes from GNU time where it is installed, else from the child's own
    resource usage (``os.wait4``). Raises :class:`TimeoutError` after ``timeout`` seconds,
    with the peak memory so far in KB as its argument; the command is never left running.
    """
    env = dict(os.environ, **ENV)
    usage = log.with_suffix(".time")
    if TIME.exists():
        command = [str(TIME), "-v", "-o", str(usage), *command]
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=out, start_new_session=True
        )
        try:
            status, rusage = _wait(process.pid, start, timeout)
        except BaseException as err:  # out of time or interrupted: stop it and its children
            if isinstance(err, TimeoutError):
                err.args = (_peak_so_far(process.pid),)
            os.killpg(process.pid, signal.SIGKILL)
            os.waitpid(process.pid, 0)
            process.returncode = -signal.SIGKILL
            raise
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    peak: int | None = rusage.ru_maxrss  # kilobytes on Linux
    if TIME.exists():
        peak = None
        for line in usage.read_text(encoding="utf-8", errors="replace").splitlines():
            if "Maximum resident set size" in line:
                peak = int(line.rsplit(":", 1)[1])
    return process.returncode, seconds, peak


def _wait(pid: int, start: float, timeout: float | None) -> tuple[int, resource.struct_rusage]:
    """Wait for a child, polling, so that a timeout can end it; its status and usage."""
    while True:
        done, status, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, rusage
        if timeout is not None and time.perf_counter() - start > timeout:
            raise TimeoutError
        time.sleep(0.005)


def _peak_so_far(pid: int) -> int:
    """The highest peak memory (KB) of a running process and its descendants, from /proc."""
    peak, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text(encoding="utf-8")
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
        pending += [int(child) for child in children.split()]
    return peak


def build(
    case: Case, config: Path, site: Path, runs: int, what: str, timeout: float | None
) -> tuple[float, int]:
    """``mkdocs build --strict`` of ``config`` into ``site``, ``runs`` times: median seconds
    and the highest peak memory; a failed or timed-out build is recorded in ``case.failures``
    and gives NaN seconds."""
    times, peaks = [], []
    for _ in range(runs):
        log = site.parent / f"{site.name}.log"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        try:
            status, seconds, peak = run_measured(
                [*command, "-d", str(site)], config.parent, log, timeout
            )
        except TimeoutError as err:
            written = sum(1 for _ in site.rglob("*.html")) if site.exists() else 0
            case.failures.append(
                f"{what} stopped after {timeout:g} s (--timeout), "
                f"{written} HTML pages written, peak memory so far {err.args[0] / 1024:,.0f} MB"
            )
            return float("nan"), err.args[0]
        if status != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            case.failures.append(f"{what} failed (exit {status}):\n  " + "\n  ".join(tail))
            return float("nan"), 0
        times.append(seconds)
        peaks.append(peak or 0)
    return statistics.median(times), max(peaks)


def site_stats(case: Case, site: Path) -> None:
    """HTML pages, total size and the largest page of a built site."""
    largest = ("", 0)
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        case.site_bytes += size
        if path.suffix == ".html":
            case.html_pages += 1
            url = path.relative_to(site).as_posix().removesuffix("index.html") or "/"
            largest = max(largest, (url, size), key=lambda item: (item[1], item[0]))
    case.largest = largest


SERVE_EDITS = 5
"""Commentary edits timed under ``mkdocs serve``."""


def serve_rebuilds(case: Case, work: Path) -> None:
    """Serve a copy of the repository's site as ``make serve`` does, change a commentary page
    a few times and time each change from the moment the file is saved until the server
    returns the page with the new sentence."""
    copy = work / "serve"
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copyfile(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    piece = sorted((copy / "content" / "commentary").glob("*.md"))[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/commentary/{piece.stem}/"
    log = work / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=copy,
            env=dict(os.environ, **ENV),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        _served(url, "</html>", process)
        for edit in range(SERVE_EDITS):
            time.sleep(0.5)  # let the watcher settle between edits
            sentence = f"An added sentence, number {edit + 1}."
            with piece.open("a", encoding="utf-8") as page:
                page.write(f"\n{sentence}\n")
            start = time.perf_counter()
            _served(url, sentence, process)
            case.rebuilds.append(time.perf_counter() - start)
    except (TimeoutError, RuntimeError) as err:
        case.failures.append(f"mkdocs serve: {err}; see {log}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def _served(url: str, text: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server returns ``text`` at ``url``, asking every 10 ms."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited (status {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", errors="replace"):
                    return
        except OSError:
            pass  # not serving yet
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not show {text!r} within {seconds:g} s")


def measure(case: Case, work: Path, timeout: float | None) -> None:
    """Everything the table shows for one site."""
    progress(f"[{case.name}] generator stages")
    stage_times(case)
    total = sum(case.stages[name] for name in STAGES)
    progress(f"[{case.name}] stages: {total:,.2f} s (median of {case.stage_runs})")
    runs = 1 if case.posts >= MANY_POSTS else 3
    case.build_runs = runs
    progress(f"[{case.name}] mkdocs build --strict with the plugin (x{runs})")
    site = work / "site"
    case.build, case.build_rss = build(
        case, case.config, site, runs, "build with the plugin", timeout
    )
    progress(f"[{case.name}] build: {_n(case.build, 2)} s, {_n(_mb(case.build_rss))} MB")
    if site.exists():
        if case.build == case.build:  # not NaN: the site is complete
            site_stats(case, site)
            search_figures(case, site, work, timeout)
        shutil.rmtree(site)
    if case.failures:
        case.failures.append("export and plain build skipped")
        return
    progress(f"[{case.name}] python -m generator export, then a plain build (x{runs})")
    exported = work / "export"
    command = [sys.executable, "-m", "generator", "export", str(exported), "-f", str(case.config)]
    status, case.export, _ = run_measured(command, case.config.parent, work / "export.log")
    if status != 0:
        log = (work / "export.log").read_text(encoding="utf-8", errors="replace")
        case.failures.append(f"export failed (exit {status}):\n  {log.strip()}")
        return
    plain_site = work / "plain-site"
    case.plain, case.plain_rss = build(
        case, exported / "mkdocs.yml", plain_site, runs, "plain build of the export", timeout
    )
    progress(f"[{case.name}] plain build: {_n(case.plain, 2)} s, {_n(_mb(case.plain_rss))} MB")
    shutil.rmtree(plain_site, ignore_errors=True)
    shutil.rmtree(exported, ignore_errors=True)


def search_figures(case: Case, site: Path, work: Path, timeout: float | None) -> None:
    """The search rows of one built site; for a synthetic one, also the size of Material's
    index from a build with the plugin's ``search: material``."""
    progress(f"[{case.name}] search: the index, then first searches in Chromium")
    case.search = figures = bench_search.Figures()
    log = site.parent / f"{site.name}.log"
    bench_search.index_time(log.read_text(encoding="utf-8", errors="replace"), figures)
    figures.folder_bytes = bench_search.folder_size(site / "pagefind")
    bench_search.first_search(site, figures)
    if case.synthetic is None:
        return
    progress(f"[{case.name}] search: a build with Material's search, for its index")
    material = work / "material-site"
    config = bench_search.material_config(case.config)
    build(case, config, material, 1, "build with Material's search", timeout)
    index = material / "search" / "search_index.json"
    figures.material_bytes = index.stat().st_size if index.exists() else None
    shutil.rmtree(material, ignore_errors=True)


def _n(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:  # not measured, or failed (NaN)
        return "—"
    return f"{value:,.{digits}f}"


def table(cases: list[Case]) -> list[str]:
    """The results: one row per measure, one column per site."""

    def ms(c: Case, name: str) -> str:
        return _n(c.stages[name] * 1000, 1) if name in c.stages else "—"

    def total(c: Case) -> float | None:
        return sum(c.stages[name] for name in STAGES) if c.stages else None

    rows: list[tuple[str, list[str]]] = [
        ("posts", [_n(c.posts or None) for c in cases]),
        ("people", [_n(c.people or None) for c in cases]),
        ("pages generated", [_n(c.generated or None) for c in cases]),
        ("", []),
        *((f"{name} (ms)", [ms(c, name) for c in cases]) for name in STAGES),
        ("five stages together (ms)", [_n(total(c) and total(c) * 1000, 1) for c in cases]),
        ("posts per second, five stages", [_n(total(c) and c.posts / total(c)) for c in cases]),
        ("nothing-lost check (ms) [1]", [ms(c, "check") for c in cases]),
        ("pipeline.generate, whole (ms) [2]", [ms(c, "generate") for c in cases]),
        ("stage runs (median of)", [str(c.stage_runs or "—") for c in cases]),
        ("authors inferred, of them right [4]", [_share(c, c.authors) for c in cases]),
        ("replies inferred, of them right [4]", [_share(c, c.replies) for c in cases]),
        ("", []),
        ("mkdocs build --strict, plugin (s)", [_n(c.build, 2) for c in cases]),
        ("  peak memory (MB)", [_n(_mb(c.build_rss)) for c in cases]),
        ("  HTML pages", [_n(c.html_pages or None) for c in cases]),
        ("  site size (MB)", [_n(c.site_bytes / 1e6 if c.site_bytes else None, 1) for c in cases]),
        (
            "  largest HTML page (KB)",
            [_n(c.largest[1] / 1e3 if c.largest[1] else None) for c in cases],
        ),
        ("  largest HTML page", [c.largest[0] or "—" for c in cases]),
        ("generator export (s)", [_n(c.export, 2) for c in cases]),
        ("plain build of the export (s)", [_n(c.plain, 2) for c in cases]),
        ("  peak memory (MB)", [_n(_mb(c.plain_rss)) for c in cases]),
        ("plugin build / plain build", [_ratio(c.build, c.plain) for c in cases]),
        ("build runs (median of)", [str(c.build_runs or "—") for c in cases]),
        ("", []),
        *bench_search.rows([c.search for c in cases], [c.build for c in cases]),
        ("", []),
        ("serve: edit saved → page updated (s) [3]", [_spread(c) for c in cases]),
    ]
    width = max(len(label) for label, _ in rows)
    columns = [
        max(len(c.name), *(len(values[i]) for _, values in rows if values))
        for i, c in enumerate(cases)
    ]
    head = " ".join([" " * width, *(c.name.rjust(w) for c, w in zip(cases, columns, strict=True))])
    lines = [head, "-" * len(head)]
    for label, values in rows:
        cells = [v.rjust(w) for v, w in zip(values, columns, strict=True)] if values else []
        lines.append(" ".join([label.ljust(width), *cells]).rstrip())
    return lines


def _share(case: Case, counts: tuple[int, int]) -> str:
    """``95% · 76%``: the share of posts given the inferred value, and the share of those
    that are right."""
    inferred, right = counts
    if not inferred or not case.posts:
        return "—"
    return f"{inferred / case.posts:.0%} · {right / inferred:.0%}"


def _spread(case: Case) -> str:
    """Median and range of the serve rebuilds: ``0.52 (0.48–0.61)``."""
    values = sorted(case.rebuilds)
    if not values:
        return "—"
    return f"{statistics.median(values):.2f} ({values[0]:.2f}–{values[-1]:.2f})"


def _stop(signum: int, frame: object) -> None:
    """Treat ``kill`` like Ctrl-C: stop the running build, clean up, print the table."""
    raise KeyboardInterrupt


def _loads(load: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def _mb(kilobytes: int | None) -> float | None:
    return kilobytes / 1024 if kilobytes else None


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b or a != a or b != b:
        return "—"
    return f"{a / b:.2f}×"


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table; exit status 1 when a build failed, 130 when interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("sizes", nargs="*", type=int, metavar="N", help="thread sizes to measure")
    parser.add_argument("--large", action="store_true", help=f"also measure {LARGE:,} posts")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the synthetic threads")
    parser.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="stop any build after S seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-hostile", action="store_true", help="leave out the table of hostile inputs"
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes or SIZES) | ({LARGE} if args.large else set()))
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    load = os.getloadavg()  # other work on the machine skews every number
    signal.signal(signal.SIGTERM, _stop)
    cases: list[Case] = []
    started = time.perf_counter()
    interrupted = False
    try:
        cases.append(Case("seed site", ROOT / "mkdocs.yml"))
        (work / "seed").mkdir()
        measure(cases[-1], work / "seed", args.timeout)
        progress(f"[seed site] mkdocs serve: {SERVE_EDITS} commentary edits")
        serve_rebuilds(cases[-1], work / "seed")
        for n in sizes:
            progress(f"[{n:,} posts] writing a synthetic thread (seed {args.seed})")
            config = write_project(work / str(n), n, args.seed)
            cases.append(Case(f"{n:,} posts", config, synthetic=(n, args.seed)))
            measure(cases[-1], work / str(n), args.timeout)
    except KeyboardInterrupt:
        interrupted = True
        cases[-1].failures.append("interrupted; the table shows what was measured")
    finally:
        if args.keep:
            progress(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    lines = [
        "make bench — generator stages and strict MkDocs builds by thread size",
        *machine(),
        f"synthetic threads: bench/synth.py, seed {args.seed}; builds with "
        f"NO_MKDOCS_2_WARNING=1 SOURCE_DATE_EPOCH=0; memory from "
        f"{'/usr/bin/time -v' if TIME.exists() else 'os.wait4 rusage'}",
        f"load average (1, 5, 15 min): {_loads(load)} at start, {_loads(os.getloadavg())} at end",
        "",
        *table(cases),
        "",
        "[1] pipeline.generate's check that no post is lost, on the pages' lists of posts; builds"
        " check the HTML again as they write it.",
        "[2] the five stages, the check, and loading the taxonomy, annotations and other data"
        " files.",
        f"[3] mkdocs serve of a copy of the repository: {SERVE_EDITS} edits of a commentary page,"
        " each timed until the server returns the changed page; median (range).",
        "[4] synthetic threads only, where the true authors and replies are known: the share of"
        " posts the link stage gave an inferred author (or parent), then the share of those"
        " that are right.",
        *bench_search.NOTES,
        f"total time {time.perf_counter() - started:,.0f} s",
    ]
    failures = [f"{c.name}: {failure}" for c in cases for failure in c.failures]
    print("\n".join(lines + (["", *failures] if failures else [])), flush=True)
    if not interrupted and not args.no_hostile:
        try:
            print("\n" + "\n".join(hostile.run()), flush=True)
        except KeyboardInterrupt:
            print("\nhostile inputs: interrupted", flush=True)
            interrupted = True
    return 130 if interrupted else 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
