"""Run the stages in order: read → annotate → classify → link → render, then verify.

:class:`Settings` is what both adapters (the MkDocs plugin and the command line) hand over;
everything here is plain data in, plain data out.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from generator import i18n, urls, verify
from generator.editorial.annotations import Annotations, annotate, load_annotations
from generator.editorial.commentary import Author, load_authors, read_commentary
from generator.editorial.commentary_body import EXTENSIONS, MarkdownConfig
from generator.editorial.content_files import LEAVES_PROJECT, DocsRules, check_docs
from generator.editorial.glossary import Glossary, load_glossary
from generator.editorial.optout import OptOut, check_ids, load_optout, redact_plain_text
from generator.editorial.people import People, apply_people, load_people
from generator.editorial.positions import Positions, load_positions, removed_posts
from generator.editorial.taxonomy import Theme, classify, load_taxonomy
from generator.errors import ContentError, Problem
from generator.link import Discussion, link
from generator.pages import Meta, Page, refuse_shadowing, render
from generator.sources import read_sources
from generator.summary import summary
from generator.text import DATA_BYTES, clean, read_file

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Where the discussion's data lives and how to publish it."""

    root: Path
    """Folder of mkdocs.yml; data paths are given relative to it."""
    docs_dir: Path
    """MkDocs' docs_dir (content/)."""
    sources: tuple[Path, ...] = ()
    """Source files of the thread, in order."""
    taxonomy: Path | None = None
    """Theme taxonomy (YAML); none means no theme pages, every post under Other."""
    annotations: Path | None = None
    """Editorial annotations (YAML)."""
    intro: Path | None = None
    """Markdown placed at the top of the generated overview."""
    commentary: Path | None = None
    """Folder of commentary pages (Markdown with front matter); none means no commentary."""
    authors: Path | None = None
    """Authors of commentary (YAML)."""
    site_url: str = ""
    """MkDocs' site_url, for absolute links in the feed; may be empty."""
    glossary: Path | None = None
    """Glossary of terms (YAML)."""
    positions: Path | None = None
    """The editors' claims per theme (YAML): "The argument" on theme pages."""
    optout: Path | None = None
    """Accounts and posts not to republish (YAML)."""
    people: Path | None = None
    """Display names, profile links and ActivityPub actors of participants (YAML)."""
    title: str = "The discussion"
    """Heading of the generated overview."""
    page_size: int = 500
    """Posts per thread page."""
    directory_urls: bool = True
    """MkDocs' use_directory_urls."""
    markdown_config: MarkdownConfig = field(default_factory=lambda: (EXTENSIONS, {}))
    """The site's Markdown extensions and their settings, to check commentary with."""
    html_tooltips: bool = False
    """Whether the theme shows titles as HTML in its tooltips (Material's
    ``content.tooltips``); titles the generator writes are then escaped for it."""
    theme_dirs: tuple[Path, ...] = ()
    """The theme's folders (custom_dir first): no file of docs_dir may take a theme
    file's place."""
    scripts: frozenset[str] = frozenset()
    """Scripts of docs_dir that mkdocs.yml's ``extra_javascript`` lists."""
    language: str = i18n.SOURCE
    """The site's language (MkDocs' ``theme.language``): the generated pages' own words
    and dates are written in it (see :mod:`generator.i18n`)."""

    def docs_rules(self) -> DocsRules:
        """What may be in docs_dir (see :mod:`generator.editorial.content_files`)."""
        return DocsRules(self.docs_dir, self.root, self.commentary, self.theme_dirs, self.scripts)

    def label(self, path: Path) -> str:
        """How messages name a file: relative to the project when inside it (by where the
        file is, not where a link leads)."""
        for folder, file in (
            (self.root.absolute(), path.absolute()),
            (self.root.resolve(), path.absolute().parent.resolve() / path.name),
        ):
            if file.is_relative_to(folder):
                return file.relative_to(folder).as_posix()
        return str(path)

    def commentary_files(self) -> list[tuple[Path, str, str]]:
        """``(file, docs path, label)`` of every commentary page, by file name."""
        if self.commentary is None or not self.commentary.is_dir():
            return []
        # A link or a device is refused by the docs checks; it is never read.
        return [
            (path, f"commentary/{path.name}", self.label(path))
            for path in sorted(self.commentary.glob("*.md"))
            if path.is_file() and not path.is_symlink()
        ]

    def data_files(self) -> list[Path]:
        """Every file the discussion is made from."""
        extra = (
            self.taxonomy,
            self.annotations,
            self.intro,
            self.authors,
            self.glossary,
            self.positions,
            self.optout,
            self.people,
        )
        return [*self.sources, *(p for p in extra if p is not None)]


@dataclass(frozen=True)
class Result:
    """A generated site, as data."""

    discussion: Discussion
    pages: list[Page]
    summary: dict[str, object] = field(default_factory=dict)
    redacted: dict[Path, str | None] = field(default_factory=dict)
    """Sources holding posts removed at their authors' request → what to publish instead
    when sources are published: the text without them, or ``None`` for nothing."""


def outside_links(settings: Settings) -> list[Problem]:
    """The data files outside docs_dir (whose files :func:`check_docs` checks) that are
    symbolic links leading out of the project: they are refused before they are read, so
    that no file of the machine is published or quoted in a message."""
    docs, root = settings.docs_dir.absolute(), settings.root.resolve()
    return [
        Problem(settings.label(path), 0, LEAVES_PROJECT)
        for path in settings.data_files()
        if docs not in path.absolute().parents
        and path.is_symlink()
        and not path.resolve().is_relative_to(root)
    ]


def _collect(problems: list[Problem], step: Callable[[], T], default: T) -> T:
    try:
        return step()
    except ContentError as err:
        problems.extend(err.problems)
        return default


def load(settings: Settings) -> Discussion:
    """Read, annotate, classify and link the discussion, after checking the files of
    docs_dir; every problem is reported at once."""
    refused = check_docs(settings.docs_rules()) + outside_links(settings)
    if refused:  # a link out of the project or a device is never read
        raise ContentError(refused)
    problems: list[Problem] = []
    if not settings.sources:
        raise ContentError(
            Problem(
                "mkdocs.yml",
                0,
                "plugin 'discussion': option 'sources' is empty; expected at least one source file",
            )
        )
    taxonomy: tuple[Theme, ...] = ()
    if settings.taxonomy is not None:
        taxonomy = _collect(
            problems,
            lambda: load_taxonomy(settings.taxonomy, settings.label(settings.taxonomy)),
            (),
        )
    notes = Annotations("")
    if settings.annotations is not None:
        notes = _collect(
            problems,
            lambda: load_annotations(settings.annotations, settings.label(settings.annotations)),
            notes,
        )
    authors: dict[str, Author] = {}
    if settings.authors is not None:
        authors = _collect(
            problems, lambda: load_authors(settings.authors, settings.label(settings.authors)), {}
        )
    optout = OptOut()
    if settings.optout is not None:
        optout = _collect(
            problems, lambda: load_optout(settings.optout, settings.label(settings.optout)), optout
        )
    glossary = Glossary()
    if settings.glossary is not None:
        glossary = _collect(
            problems,
            lambda: load_glossary(settings.glossary, settings.label(settings.glossary)),
            glossary,
        )
    people = People({}, {})
    if settings.people is not None:
        people = _collect(
            problems, lambda: load_people(settings.people, settings.label(settings.people)), people
        )
    files = [(path, settings.label(path)) for path in settings.sources]
    thread = _collect(problems, lambda: read_sources(files, notes.splits, people.by_actor), None)
    if problems or thread is None:
        raise ContentError(problems)
    skipped = dict(thread.skipped)  # counted by the readers; later stages keep posts only
    theme_ids = [theme.id for theme in taxonomy]
    thread = apply_people(annotate(thread, notes, theme_ids), people)
    post_ids = {post.id for post in thread.posts}
    handles = {h for post in thread.posts for h in (post.author, *post.mentions) if h}
    _collect(problems, lambda: check_ids(optout, post_ids, handles), None)
    pieces = []
    for file, docs_path, label in settings.commentary_files():
        piece = _collect(
            problems,
            lambda f=file, d=docs_path, lb=label: read_commentary(
                f,
                d,
                lb,
                authors=authors,
                theme_ids=theme_ids,
                post_ids=post_ids,
                markdown_config=settings.markdown_config,
            ),
            None,
        )
        if piece is not None:
            pieces.append(piece)
    positions = Positions()
    if settings.positions is not None:
        label = settings.label(settings.positions)
        positions = _collect(
            problems,
            lambda: load_positions(settings.positions, label, set(theme_ids), post_ids),
            positions,
        )
    if problems:
        raise ContentError(problems)
    thread = classify(thread, taxonomy)
    linked = link(thread, taxonomy, tuple(pieces), authors, optout)
    if settings.positions is not None:  # opt-outs are known by now, inferred authors too
        removed = {post.id for post in linked.posts if post.removed}
        label = settings.label(settings.positions)
        problems = removed_posts(positions, removed, label)
        if problems:
            raise ContentError(problems)
    return replace(linked, glossary=glossary, positions=positions, skipped=skipped)


def generate(settings: Settings, handwritten: dict[str, str] | None = None) -> Result:
    """The whole generated site; ``handwritten`` maps the docs paths of docs_dir's own
    files (pages and others) to labels. A hand-written ``index.md`` replaces the generated
    overview; any other clash is an error. Raises :class:`ContentError` when a post would
    be lost."""
    with cycles_collected_after(), i18n.using(settings.language):
        return _generate(settings, handwritten or {})


@contextmanager
def cycles_collected_after() -> Iterator[None]:
    """Pause Python's collector of reference cycles, then restore it.

    The stages make millions of objects that all stay alive and form no cycles; the
    collector would walk them again and again for nothing (a sixth of the time at 100,000
    posts). Objects are still freed as usual; only cycles wait until the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(settings: Settings, handwritten: dict[str, str]) -> Result:
    discussion = load(settings)
    intro = (
        read_file(settings.intro, settings.label(settings.intro), DATA_BYTES)
        if settings.intro
        else ""
    )
    pages = render(
        discussion,
        Meta(
            settings.title,
            intro,
            settings.commentary is not None,
            settings.site_url,
            discussion.glossary,
            settings.html_tooltips,
            settings.language,
        ),
        page_size=settings.page_size,
        directory_urls=settings.directory_urls,
        overview=urls.OVERVIEW not in handwritten,
    )
    refuse_shadowing(pages, handwritten, settings.directory_urls)
    on_thread = check_pages(discussion, pages)
    return Result(
        discussion, pages, summary(discussion, on_thread), redacted_sources(settings, discussion)
    )


def redacted_sources(settings: Settings, discussion: Discussion) -> dict[Path, str | None]:
    """What to publish of the sources when posts were removed at their authors' request: a
    plain-text source without the removed posts' lines; nothing of any JSON source, where an
    account's data can be copied anywhere, a second copy of a post included (see
    :mod:`generator.editorial.optout`). Sources that need no change are not listed."""
    removed = {p.source.path for p in discussion.posts if p.removed}
    out: dict[Path, str | None] = {}
    for path in settings.sources if removed else ():
        label = settings.label(path)
        if path.suffix.lower() != ".txt":
            out[path] = None
        elif label in removed:
            posts = [p for p in discussion.posts if p.source.path == label]
            out[path] = redact_plain_text(
                clean(read_file(path, label)),
                sorted(p.source.line for p in posts),
                {p.source.line for p in posts if p.removed},
            )
    return out


def check_pages(discussion: Discussion, pages: list[Page]) -> int:
    """Raise when the pages' lists of posts would lose a post; return how many posts the
    thread pages show. (Builds check the HTML again as they write it.)"""
    seen = verify.Seen()
    for page in pages:
        ids = [post_id for posts in page.lists for post_id in posts.ids]
        anchored = [post_id for posts in page.lists if posts.anchor for post_id in posts.ids]
        seen.add(page.path, ids, anchored)
    return check_seen(discussion, seen)


def check_seen(discussion: Discussion, seen: verify.Seen) -> int:
    """Raise when ``seen`` misses a post; return how many posts the thread pages show."""
    problems = verify.verify(discussion, seen)
    if problems:
        raise ContentError([Problem("site", 0, f"a post would be lost: {p}") for p in problems])
    return len(seen.on_thread())
