"""``make bench``, hostile inputs: does the work grow with the input, or faster?

    python -m bench.hostile [--budget S]

Each row times one kind of untrusted input that once took minutes, at sizes that double
(N, 2N, 4N), in-process:

- (a) a post's URL followed by N ``)``, and by N ``.``: :func:`generator.text.spans`;
- (b) one plain-text post of N @mentions of strangers: :func:`generator.pipeline.generate`
  on a project of that one post, and the pages it makes;
- (c) Mastodon JSON of N statuses whose ``created_at`` is not a time: the time
  :func:`generator.sources.read.read_sources` takes to fail, and the problems it reports;
- (d) a commentary body of N links: :func:`generator.editorial.commentary_body.check_body`;
- (e) a Mastodon display name of N characters: ``generate`` on a one-status project, and the
  size of the person's page (its Markdown, cards included);
- (f) a theme title of N characters in the taxonomy of a synthetic thread
  (:mod:`bench.synth`): ``generate`` with every page's Markdown made, and their total size;
- (g) a Mastodon status whose content is ``<svg>`` N times then ``</svg>`` N times:
  :func:`generator.sources.html_text.paragraphs`.

When the time grows in proportion to the input, it doubles from one size to the next (the
``×`` column reads about 2); growing with the square, it quadruples. Building the inputs
is not timed. A time is the median of five runs after a first one (of more, up to 50, when
they take a few milliseconds), or the first alone when it takes long. A size is skipped
("—") when the one before took so long that quadratic growth would take more than
``--budget`` seconds, so the section stays short even where the work does not scale. The
table goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synth import write_project
from generator import pipeline
from generator import text as txt
from generator.editorial import commentary_body
from generator.errors import ContentError
from generator.sources import html_text
from generator.sources.read import read_sources

BUDGET = 5.0
"""Seconds a size may be expected to take, growing with the square from the size before,
for it to be measured."""
RUNS = 5
"""Runs of a size to take the median of, after a first one."""
QUICK = 0.5
"""Seconds below which a run is repeated."""
STEADY = 0.25
"""Seconds that the runs of a quick size add up to at least: runs of a few milliseconds
are repeated until then (at most :data:`MAX_RUNS` of them), or their ratios are noise."""
MAX_RUNS = 50
THEME_POSTS = 100
"""Posts of the synthetic thread whose taxonomy gets the long theme title."""


def url_then(n: int, char: str) -> str:
    """A post's text: a mention, a URL, then ``char`` ``n`` times."""
    return "@someone https://a.example/" + char * n


def mentions_thread(n: int) -> str:
    """A plain-text source of one post that mentions ``n`` different strangers."""
    return "@someone " + " ".join(f"@u{i}" for i in range(n)) + "\n"


def status(number: int, **fields: object) -> dict[str, object]:
    """A small valid Mastodon status, with ``fields`` in place of its own."""
    account = {"acct": "alice", "url": "https://example.social/@alice", "display_name": "Alice"}
    data: dict[str, object] = {
        "id": str(number),
        "created_at": "2024-04-01T12:00:00Z",
        "content": "<p>hello</p>",
        "account": account,
    }
    data.update(fields)
    return data


def bad_times_json(n: int) -> str:
    """Mastodon JSON of ``n`` statuses, each with ``created_at`` ``"bad"``."""
    return json.dumps([status(i, created_at="bad") for i in range(1, n + 1)], indent=2)


def links_body(n: int) -> str:
    """A commentary body of ``n`` links, one per line."""
    return "".join(f"[l](https://x.example/{i:07d})\n" for i in range(n))


def long_name_json(n: int) -> str:
    """Mastodon JSON of one status whose author's display name is ``n`` letters, no space."""
    account = {"acct": "alice", "url": "https://example.social/@alice", "display_name": "A" * n}
    return json.dumps([status(1, account=account)])


def long_title_taxonomy(n: int) -> str:
    """A taxonomy (YAML) of one theme whose title is ``n`` letters and whose term, "the",
    nearly every post has."""
    title = "T" * n
    return f"themes:\n  - id: long\n    title: {title}\n    summary: S.\n    terms: [the]\n"


def nested_svg(n: int) -> str:
    """Post HTML: ``<svg>`` ``n`` times, then ``</svg>`` ``n`` times, then a word."""
    return "<p>" + "<svg>" * n + "</svg>" * n + "visible</p>"


Work = Callable[[], str]
"""The timed work of one size; it returns what it measured besides time, for the table."""


def _settings(folder: Path, source: str, name: str) -> pipeline.Settings:
    """A project of one source file, ``source`` written as ``name``, and no other data."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    return pipeline.Settings(root=folder, docs_dir=folder / "docs", sources=(folder / name,))


def _spans(text: str) -> Work:
    def work() -> str:
        found = txt.spans(text)
        return f"link of {max(len(s.text) for s in found if s.kind == 'link'):,} characters"

    return work


def _pages(settings: pipeline.Settings) -> Work:
    def work() -> str:
        return f"{len(pipeline.generate(settings).pages):,} pages"

    return work


def _failure(path: Path) -> Work:
    def work() -> str:
        try:
            read_sources([(path, path.name)])
        except ContentError as err:
            return f"{len(err.problems):,} problems reported"
        return "read without a problem"

    return work


def _checked(body: str) -> Work:
    def work() -> str:
        problems = commentary_body.check_body(body, "commentary/links.md", 6, set())
        return f"{len(problems):,} problems"

    return work


def _person_page(settings: pipeline.Settings) -> Work:
    def work() -> str:
        pages = pipeline.generate(settings).pages
        person = [p for p in pages if p.path.startswith("people/") and p.path != "people/index.md"]
        size = max(len(p.markdown.encode()) for p in person)
        return f"person page {size / 1e3:,.0f} KB"

    return work


def _site_size(settings: pipeline.Settings) -> Work:
    def work() -> str:
        try:
            pages = pipeline.generate(settings).pages
        except ContentError as err:  # a field past its documented length is refused
            return f"refused: {err.problems[0].message.split(';')[0]}"
        return f"{len(pages):,} pages, {sum(len(p.markdown.encode()) for p in pages) / 1e6:,.1f} MB"

    return work


def _paragraphs(html: str) -> Work:
    def work() -> str:
        return f"{sum(len(s.text) for p in html_text.paragraphs(html) for s in p)} characters read"

    return work


def _parens(n: int, folder: Path) -> Work:
    return _spans(url_then(n, ")"))


def _dots(n: int, folder: Path) -> Work:
    return _spans(url_then(n, "."))


def _mentions(n: int, folder: Path) -> Work:
    return _pages(_settings(folder, mentions_thread(n), "thread.txt"))


def _bad_times(n: int, folder: Path) -> Work:
    (folder / "thread.json").write_text(bad_times_json(n), encoding="utf-8")
    return _failure(folder / "thread.json")


def _links(n: int, folder: Path) -> Work:
    return _checked(links_body(n))


def _long_name(n: int, folder: Path) -> Work:
    return _person_page(_settings(folder, long_name_json(n), "thread.json"))


def _long_title(n: int, folder: Path) -> Work:
    config = write_project(folder, THEME_POSTS)
    (folder / "themes.yml").write_text(long_title_taxonomy(n), encoding="utf-8")
    settings = pipeline.Settings(
        root=folder,
        docs_dir=config.parent / "docs",
        sources=(folder / "thread.txt",),
        taxonomy=folder / "themes.yml",
    )
    return _site_size(settings)


def _svg(n: int, folder: Path) -> Work:
    return _paragraphs(nested_svg(n))


@dataclass(frozen=True)
class Row:
    """One hostile input at several sizes."""

    label: str
    """What the input is, with N for its size."""
    timed: str
    """What is timed."""
    sizes: tuple[int, ...]
    """The values of N, each twice the one before."""
    prepare: Callable[[int, Path], Work]
    """Builds the input of size N (in the given empty folder, when it needs files) and
    returns the work to time."""


ROWS = (
    Row('(a) URL then N ")"', "text.spans", (50_000, 100_000, 200_000), _parens),
    Row('(a) URL then N "."', "text.spans", (50_000, 100_000, 200_000), _dots),
    Row("(b) one post, N mentions", "pipeline.generate", (4_000, 8_000, 16_000), _mentions),
    Row("(c) N statuses, bad created_at", "read_sources", (1_000, 2_000, 4_000), _bad_times),
    Row("(d) commentary of N links", "check_body", (2_500, 5_000, 10_000), _links),
    Row("(e) display name of N letters", "generate", (10_000, 20_000, 40_000), _long_name),
    Row("(f) theme title of N letters", "generate", (10_000, 20_000, 40_000), _long_title),
    Row("(g) <svg> N deep", "html_text.paragraphs", (10_000, 20_000, 40_000), _svg),
)
"""The rows of the table, in the order of the hostile case's items."""


@dataclass
class Measured:
    """One size of one row."""

    n: int
    """The size: N."""
    seconds: float | None = None
    """Median seconds; ``None`` when skipped."""
    runs: int = 0
    """How many runs the median is of (the first, quick one left out)."""
    measure: str = ""
    """What the work measured, or why the size was skipped."""


def measure(row: Row, work_dir: Path, budget: float = BUDGET) -> list[Measured]:
    """Time ``row`` at each of its sizes, skipping the sizes past the budget."""
    results: list[Measured] = []
    for n in row.sizes:
        result = Measured(n)
        results.append(result)
        before = results[-2] if len(results) > 1 else None
        if before is not None and (
            before.seconds is None or before.seconds * (n / before.n) ** 2 > budget
        ):
            result.measure = f"skipped: quadratic growth would take over {budget:g} s"
            continue
        progress(f"{row.label} with N = {n:,}: {row.timed}")
        folder = work_dir / f"{len(list(work_dir.iterdir()))}"
        folder.mkdir()
        work = row.prepare(n, folder)
        times = []
        while not times or (
            max(times) < QUICK
            and (len(times) <= RUNS or (sum(times) < STEADY and len(times) <= MAX_RUNS))
        ):
            start = time.perf_counter()
            try:
                result.measure = work()
            except Exception as err:  # a failure is a result worth its row
                result.measure = f"failed: {type(err).__name__}: {str(err)[:60]}"
            times.append(time.perf_counter() - start)
        # A quick first run also fills caches and loads modules: the runs after it count.
        kept = times[1:] or times
        result.seconds, result.runs = statistics.median(kept), len(kept)
    return results


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def table(rows: list[tuple[Row, list[Measured]]]) -> list[str]:
    """One line per row and size: N, time, the ratio to the size before, what was made."""
    lines = []
    head = ("input", "timed", "N", "time", "×", "runs", "what it made")
    cells = []
    for row, results in rows:
        before = None
        for i, result in enumerate(results):
            ratio = (
                f"{result.seconds / before:.1f}" if before and result.seconds is not None else ""
            )
            cells.append(
                (
                    row.label if i == 0 else "",
                    row.timed if i == 0 else "",
                    f"{result.n:,}",
                    _time(result.seconds),
                    ratio,
                    str(result.runs or ""),
                    result.measure,
                )
            )
            before = result.seconds
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head) - 1)]
    for number, cell in enumerate([head, *cells]):
        left = [cell[0].ljust(widths[0]), cell[1].ljust(widths[1])]
        right = [cell[i].rjust(widths[i]) for i in range(2, len(head) - 1)]
        lines.append(" ".join([*left, *right, cell[-1]]).rstrip())
        if number == 0:
            lines.append("-" * len(lines[0]))
    return lines


NOISE = 0.02
"""Seconds under which a time says little about growth: :func:`faster_than_linear` does
not read the ratios of shorter times."""


def faster_than_linear(rows: list[tuple[Row, list[Measured]]]) -> list[str]:
    """Labels of the rows whose time grew more than three times from one size to the
    next: twice is linear, four times quadratic."""
    slow = []
    for row, results in rows:
        times = [r.seconds for r in results]
        grew = any(
            a and b is not None and b > NOISE and b / a > 3 for a, b in itertools.pairwise(times)
        )
        if grew:
            slow.append(row.label)
    return slow


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(budget: float = BUDGET) -> list[str]:
    """Measure every row; the section of the report, as lines."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as work:
        rows = [(row, measure(row, Path(work), budget)) for row in ROWS]
    slow = faster_than_linear(rows)
    short = [row.label for row, results in rows if any(r.seconds is None for r in results)]
    return [
        "make bench — hostile inputs: time by input size (in-process)",
        "",
        *table(rows),
        "",
        "× is the time over that of the size before, which is half as large: about 2 when"
        " the work grows with the input, 4 when with its square. Times under 10 ms vary"
        f" by more than their ratios show: rows are judged on times over {NOISE * 1000:g} ms.",
        "growing faster than the input: " + (", ".join(slow) if slow else "none"),
        "cut short by the budget: " + (", ".join(short) if short else "none"),
        f"total time {time.perf_counter() - started:,.0f} s",
    ]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.hostile", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=BUDGET,
        metavar="S",
        help=f"skip a size expected to take over S seconds (default {BUDGET:g})",
    )
    args = parser.parse_args(argv)
    print("\n".join(run(args.budget)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
