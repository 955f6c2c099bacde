"""The site's search: a Pagefind index that a reader's browser loads in pieces.

Material's own search loads one index file, whole, before the first result (about 47 MB at
100,000 posts). Pagefind splits its index into chunks by word and its text into fragments
by page, so a search fetches only the chunks of the words typed and the fragments of the
results shown. The index is built once per build, after MkDocs has converted every page and
before any is written (the plugin's ``on_env``), into ``pagefind/`` in the site.

What is indexed, each once:

- **posts**, from the data rather than from the HTML: the thread's posts in groups of
  :data:`POSTS_PER_RECORD`, each group one Pagefind page of headings and text (what
  :func:`generator.pages.cards.search_copy` gives). Pagefind's metadata grows with its count
  of pages, which one page per post made the largest download of a first search at 100,000
  posts; a post is a sub-result of its group, under its heading's id, and the search box
  shows each post as a result of its own, with its author, date and themes from the
  group's ``posts`` metadata (:func:`post_documents`). Groups carry ``author`` and
  ``theme`` filters; the search box keeps only the posts of a group that pass them.
- **themes, people and glossary terms** as records made from the data
  (:func:`data_records`): a person's record holds the name and the handle with and without
  ``@``, so either finds the person's page;
- **every other page** (overview, commentary, hand-written pages) from its converted HTML,
  without the cards it quotes and without diagrams (:func:`page_document`).

The index is written in the site's language (``theme.language``); Pagefind's extended
binary segments Chinese, Japanese and Korean words as it indexes them, and the browser
segments what a reader types the same way, so 著作権 finds the posts that hold it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from markupsafe import Markup
from markupsafe import escape as markup_escape
from pagefind.index import IndexConfig, PagefindIndex

from generator import i18n, urls
from generator.editorial.taxonomy import OTHER
from generator.link import Discussion
from generator.pages import Page
from generator.pages.cards import search_copy
from generator.pages.direction import first_direction

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

FOLDER = "pagefind"
"""Where the index is written, inside the site."""
SCRIPT = f"{FOLDER}/pagefind.js"
"""Pagefind's module, which the search box imports (and each page preloads with its hash)."""
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")
"""Pagefind's own interfaces and highlighter, which the site does not load: its search box
needs only ``pagefind.js``, its worker, the entry file, the language's WebAssembly and the
index's folders."""
POSTS_PER_RECORD = 50
"""Posts in one indexed page: fewer pages keep Pagefind's metadata small, fewer posts keep
each fragment (the text of a group, fetched for a result) small. At 100,000 posts, 50
rather than 20 made a first search 17 KB lighter, the index 27 % faster to build and
its peak memory 0.6 GB smaller."""
EXCLUDED = ("[data-search-exclude]", "article.post", ".headerlink", "figure.diagram")
"""What page HTML leaves out: cards (posts are indexed once, as posts), permalink signs and
diagrams."""
DATA_PREFIXES = ("thread/", "themes/", "people/", urls.GLOSSARY)
"""Generated pages that are indexed from the data instead of from their HTML."""


@dataclass(frozen=True)
class Record:
    """A record made from the data, with no HTML of its own."""

    path: str
    """Address from the site's root, without the leading slash: ``people/hana/``."""
    title: str
    content: str
    kind: str
    """``theme``, ``person`` or ``term``: what the search box says the result is."""


class SearchError(Exception):
    """Pagefind could not build the index."""


def _meta(name: str, value: str) -> str:
    return f'<meta data-pagefind-meta="{name}[content]" content="{escape(value)}">'


def _filter(name: str, value: str) -> str:
    return f'<meta data-pagefind-filter="{name}[content]" content="{escape(value)}">'


def _wrap(lang: str, head: Iterable[str], body: str) -> str:
    """A whole HTML document for Pagefind to index."""
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head>{"".join(head)}</head>'
        f"<body>{body}</body></html>"
    )


def post_documents(pages: Sequence[Page], lang: str, directory_urls: bool) -> Iterator[str]:
    """The thread's posts, :data:`POSTS_PER_RECORD` to a document, from its pages' lists.

    Each document's ``posts`` metadata is a JSON list, one object per post in order:
    ``{"id", "n" (number in the thread), "by" (handle, "" when unknown), "who" (the author
    as shown), "date" (YYYY-MM-DD or ""), "dir" (as on its card, else ``auto``), "themes"
    (titles)}``; ``path`` is the thread page that holds them, from the site's root.
    """
    for page in pages:
        for posts in page.lists:
            if not posts.anchor or page.deck is None:
                continue
            deck, path = page.deck, urls.url_of(page.path, directory_urls)
            live = [deck.parts[i] for i in posts.ids if not deck.parts[i].post.placeholder]
            for start in range(0, len(live), POSTS_PER_RECORD):
                group = live[start : start + POSTS_PER_RECORD]
                shown = [
                    {
                        "id": p.post.id,
                        "n": p.number,
                        "by": p.post.author,
                        "who": p.who,
                        "date": p.post.published[:10],
                        "dir": first_direction(p.post.paragraphs) or "auto",
                        "themes": [deck.ctx.titles.get(t, t) for t in p.post.themes]
                        or [deck.ctx.titles[OTHER]],
                    }
                    for p in group
                ]
                head = [
                    _meta(
                        "title",
                        i18n.t(
                            "Posts {first}–{last}",
                            first=group[0].number,
                            last=group[-1].number,
                        ),
                    ),
                    _meta("kind", "posts"),
                    _meta("path", path),
                    _meta("posts", json.dumps(shown, ensure_ascii=False, separators=(",", ":"))),
                ]
                authors = sorted({p["by"] for p in shown} - {""})
                themes = sorted({t for p in shown for t in p["themes"]})
                head += [_filter("author", a) for a in authors]
                head += [_filter("theme", t) for t in themes]
                body = "".join(search_copy(p) for p in group)
                yield _wrap(lang, head, body)


def data_records(discussion: Discussion, paths: set[str], directory_urls: bool) -> Iterator[Record]:
    """Themes, people and glossary terms, each a record, for the pages in ``paths`` (the
    generated pages' source paths)."""

    def url(path: str, anchor: str = "") -> str:
        return urls.url_of(path, directory_urls) + (f"#{anchor}" if anchor else "")

    for theme in discussion.themes:
        if urls.theme_page(theme.id) in paths:
            words = " ".join([theme.summary, theme.description, "Terms:", *theme.terms])
            yield Record(url(urls.theme_page(theme.id)), theme.title, words, "theme")
    for participant in discussion.people:
        person = participant.person
        if urls.person_page(person.handle) not in paths:
            continue
        name = person.display_name
        title = f"{name} (@{person.handle})" if name else f"@{person.handle}"
        bare = person.handle.split("@", 1)[0]
        words = " ".join(
            dict.fromkeys(x for x in (name, f"@{person.handle}", person.handle, bare) if x)
        )
        yield Record(url(urls.person_page(person.handle)), title, words, "person")
    if urls.GLOSSARY in paths:
        for entry in discussion.glossary.entries:
            words = " ".join([entry.term, *entry.aliases, entry.definition])
            yield Record(url(urls.GLOSSARY, entry.anchor), entry.term, words, "term")


def indexed_from_html(src_uri: str) -> bool:
    """Whether a page is indexed from its HTML: every page but those made from the data."""
    return not src_uri.startswith(DATA_PREFIXES)


def page_document(path: str, title: str, html: str, lang: str, kind: str) -> str:
    """A page of the site, indexed from its converted HTML (``html``, the page's content);
    ``path`` is its address from the site's root."""
    head = [_meta("title", title), _meta("kind", kind), _meta("path", path)]
    return _wrap(lang, head, html)


def record_document(record: Record, lang: str) -> str:
    """A record as a small HTML document: its title as a heading, its words as a paragraph."""
    head = [_meta("title", record.title), _meta("kind", record.kind), _meta("path", record.path)]
    body = f"<h1>{escape(record.title)}</h1><p>{escape(record.content)}</p>"
    return _wrap(lang, head, body)


def build_index(documents: Iterable[str], site_dir: Path, lang: str) -> int:
    """Index ``documents`` into ``site_dir``/:data:`FOLDER` with Pagefind's Python API; the
    count of documents. Raises :class:`SearchError` when Pagefind fails.

    The documents are written to a temporary folder, one file each, and indexed with one
    ``add_directory`` call: the API answers each request about a tenth of a second after it
    is sent, so one request per document would cost minutes at 100,000 posts. Results link
    by their ``path`` metadata, so the files' own names do not matter.
    """
    config: IndexConfig = {
        "force_language": lang,
        "exclude_selectors": list(EXCLUDED),
        "output_path": str((site_dir / FOLDER).absolute()),
    }
    with tempfile.TemporaryDirectory(prefix="discussion-search-") as folder:
        count = 0
        for count, document in enumerate(documents, 1):
            Path(folder, f"{count}.html").write_text(document, encoding="utf-8")

        async def run() -> None:
            async with PagefindIndex(config=config) as index:  # written as it closes
                await index.add_directory(folder)

        _run(run())
    for pattern in UNUSED:
        for unused in (site_dir / FOLDER).glob(pattern):
            unused.unlink()
    return count


def pagefind_script() -> bytes:
    """Pagefind's ``pagefind.js``, as an empty index writes it (the same for every index of
    one Pagefind version), so that pages can pin it before the site's index is written."""
    with tempfile.TemporaryDirectory(prefix="discussion-search-") as folder:

        async def run() -> None:
            async with PagefindIndex(config={"output_path": folder}):
                pass

        _run(run())
        return Path(folder, "pagefind.js").read_bytes()


def _run(job) -> None:
    try:
        asyncio.run(job)
    except Exception as err:  # the API raises plain Exception with the binary's message
        raise SearchError(f"Pagefind could not build the search index: {err}") from None


class Indexing:
    """The site's index (:func:`index_site`), built in a thread while MkDocs writes the
    pages: Pagefind's binary runs on another core, so a build waits only for what is left
    of it at the end (:meth:`wait`). :attr:`files` gives the script the pages preload as
    soon as it is known, for the policy's hash."""

    def __init__(self, result, files, config, language: str = i18n.SOURCE) -> None:
        """Start indexing ``result`` (:class:`generator.pipeline.Result`) and the pages of
        MkDocs' ``files``, converted, with MkDocs' ``config``; both read by attribute. The
        index's own words are in the site's ``language``."""
        self._script: dict[str, bytes] = {}
        self._known = threading.Event()
        self._error: SearchError | None = None
        self._count = 0
        self._seconds = 0.0
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self._thread = threading.Thread(
            target=self._run,
            args=(result, pages, config, language),
            name="search index",
            daemon=True,
        )
        self._thread.start()

    def _run(self, result, pages: list, config, language: str) -> None:
        start = time.perf_counter()
        try:
            self._script[SCRIPT] = pagefind_script()
            self._known.set()
            with i18n.using(language):
                self._count = index_site(result, pages, config)
        except SearchError as err:
            self._error = err
        finally:
            self._known.set()
            self._seconds = time.perf_counter() - start

    def files(self, uri: str) -> bytes | None:
        """The bytes of the script at ``uri`` in the site, waiting until they are known;
        ``None`` for any other file."""
        if uri != SCRIPT:
            return None
        self._known.wait()
        return self._script.get(SCRIPT)

    def wait(self) -> None:
        """Wait for the index; log its documents, its time and how long the build waited
        for it. Raises :class:`SearchError` when Pagefind failed."""
        start = time.perf_counter()
        self._thread.join()
        waited = time.perf_counter() - start
        if self._error is not None:
            raise self._error
        log.info(
            "discussion: search index of %d documents in %.2f s; the build waited %.2f s for it",
            self._count,
            self._seconds,
            waited,
        )


class NoIndex:
    """What the plugin holds when no index is built (``search: material``, or a build of
    ``mkdocs serve`` that shows content problems): no files, nothing to wait for."""

    def files(self, uri: str) -> None:
        return None

    def wait(self) -> None:
        return None


class HeaderSlot:
    """What Material's header asks of its search plugin (``config.plugins["material/search"]
    .config.enabled``) before it includes ``partials/search.html``: the plugin's search box
    takes that place, without Material's index."""

    config = {"enabled": True}  # noqa: RUF012 - read by the theme's templates only

    def __repr__(self) -> str:
        return "the discussion plugin's search box"


TEMPLATES = Path(__file__).parent / "templates"
"""The search box, ``partials/search.html``, which overrides Material's."""


def index_site(result, mkdocs_pages: Iterable, config) -> int:
    """Index the whole site (see the module's docstring) into the site's folder, from the
    generated ``result`` (:class:`generator.pipeline.Result`), the converted MkDocs pages
    and MkDocs' ``config``, read by attribute; the count of documents. Raises
    :class:`SearchError` when Pagefind fails."""
    lang = config.theme["language"] or "en"
    paths = {page.path for page in result.pages}
    documents = [
        page_document(path, title, html, lang, kind)
        for src, path, title, html in searchable(mkdocs_pages)
        for kind in ["commentary" if src.startswith("commentary/") else "page"]
    ]
    posts = post_documents(result.pages, lang, config.use_directory_urls)
    records = data_records(result.discussion, paths, config.use_directory_urls)
    site_dir = Path(config.site_dir)
    every = [*documents, *posts, *(record_document(r, lang) for r in records)]
    return build_index(every, site_dir, lang)


def template_labels(language: str) -> Callable[[str], Markup]:
    """What the search box's template calls its words through, ``discussion_t("Everyone")``:
    the message in the site's ``language`` (see :mod:`generator.i18n`), escaped for HTML."""
    catalogue = i18n.language(language)
    return lambda message: markup_escape(catalogue.gettext(message))


def use_search_box(config) -> None:
    """Show the plugin's search box where Material's header shows its own: its template
    before the theme's (a site's ``custom_dir`` still comes first), and Material's search
    plugin, if the site lists it, turned off, with :class:`HeaderSlot` in its place."""
    dirs = config.theme.dirs
    if str(TEMPLATES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
    for name in ("material/search", "search"):
        listed = config.plugins.get(name)
        if listed is not None and not isinstance(listed, HeaderSlot):
            listed.config.enabled = False  # each of its hooks checks this first
            log.info(
                "discussion: the site's search is the plugin's Pagefind index; the theme's "
                "search plugin builds nothing (set the plugin's search: material to keep it)"
            )
    dict.__setitem__(config.plugins, "material/search", HeaderSlot())  # registers no hooks


def searchable(pages: Iterable) -> list[tuple[str, str, str, str]]:
    """``(src_uri, path, title, content)`` of MkDocs ``pages`` indexed from their HTML, read
    by attribute: not made from the data, converted, and not excluded from search by their
    front matter (``search: {exclude: true}``)."""
    found = []
    for page in pages:
        meta = getattr(page, "meta", {}) or {}
        excluded = isinstance(meta.get("search"), dict) and meta["search"].get("exclude")
        if indexed_from_html(page.file.src_uri) and page.content and not excluded:
            # a page's title is HTML, as templates print it (generated pages escape theirs,
            # see generator.pages.markup.template_text): the index takes the text it shows
            found.append((page.file.src_uri, page.url, unescape(page.title or ""), page.content))
    return found
