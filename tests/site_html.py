"""Reading a built site back: post cards, ids and links, with the standard library only."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Card:
    """A post card as the browser would see it."""

    attrs: dict[str, str]
    classes: set[str] = field(default_factory=set)
    body: str = ""
    """Text of ``.post__body``: paragraphs joined by a blank line, <br> as a newline."""
    text: str = ""
    """All text of the card."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(class, href) of every link in the card."""


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.content_links: list[str] = []
        self.cards: list[Card] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.card: Card | None = None
        self.card_depth = 0
        self.body_depth = 0
        self.paras: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if any("md-content__inner" in classes for _, classes in self.stack):
                self.content_links.append(a["href"])
            if self.card is not None:
                self.card.links.append((a.get("class", ""), a["href"]))
        if tag == "title" and not any(open_tag == "body" for open_tag, _ in self.stack):
            self._in_title = True  # the page's title, not an SVG's
        if tag == "article" and "data-post-id" in a:
            self.card = Card(a, classes)
            self.card_depth = len(self.stack) + 1
        if self.card is not None and "post__body" in classes:
            self.body_depth = len(self.stack) + 1
            self.paras = []
        if self.body_depth and tag == "p":
            self.paras.append("")
        if self.body_depth and tag == "br":
            self.paras[-1] += "\n"
        if tag not in VOID:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            depth = len(self.stack) + 1
            if depth == self.body_depth:
                self.card.body = "\n\n".join(self.paras)
                self.body_depth = 0
            if self.card is not None and depth == self.card_depth:
                self.cards.append(self.card)
                self.card = None
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self.card is not None:
            self.card.text += data
        if self.body_depth and self.paras:
            self.paras[-1] += data


@dataclass
class Page:
    """One HTML file of the site."""

    path: Path
    url: str
    title: str
    ids: list[str]
    links: list[str]
    """Every link, the theme's navigation included."""
    cards: list[Card]
    content_links: list[str] = field(default_factory=list)
    """Links in the page's own content, outside the navigation, header and footer."""


def read_page(site: Path, path: Path) -> Page:
    """Parse one HTML file."""
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    rel = path.relative_to(site).as_posix()
    url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    return Page(
        path, url, parser.title, parser.ids, parser.links, parser.cards, parser.content_links
    )


def read_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site, by URL (``""`` for the home page)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = read_page(site, path)
        pages[page.url] = page
    return pages


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """The site URL and fragment a relative link points at; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    if not parts.path:
        return page_url, unquote(parts.fragment)
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    target = posixpath.normpath(posixpath.join(base or ".", unquote(parts.path)))
    target = "" if target == "." else target
    if parts.path.endswith("/") and target:
        target += "/"
    return target, unquote(parts.fragment)


def dead_links(site: Path, pages: dict[str, Page]) -> list[str]:
    """Every internal link whose page, file or anchor does not exist."""
    ids = {url: set(page.ids) for url, page in pages.items()}
    dead = []
    for url, page in pages.items():
        if url == "404.html":  # links there are absolute, for any depth of missing URL
            continue
        for href in page.links:
            found = resolve(url, href)
            if found is None:
                continue
            target, fragment = found
            if target in ids:
                if fragment and fragment not in ids[target]:
                    dead.append(f"/{url} → {href} (no anchor)")
            elif not (site / target).is_file():
                dead.append(f"/{url} → {href} (no page)")
    return dead


def pagefind_records(site: Path) -> list[dict]:
    """Every record of the site's Pagefind index, as Pagefind stores it: one gzip-compressed
    fragment a record, a signature then JSON (``url``, ``content``, ``meta``, ``filters``),
    sorted by the path the record leads to (``meta.path``)."""
    import gzip
    import json

    records = []
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(raw[raw.index(b"{") :]))
    return sorted(records, key=lambda r: (r["meta"].get("path", ""), r["url"]))
