"""Where pages live: source paths (``themes/copyright.md``) to URLs and relative links.

Markdown links between pages use source paths, which MkDocs checks and rewrites. Links inside
post cards are raw HTML that MkDocs leaves alone, so they are computed here, relative to the
page they appear on, for both settings of ``use_directory_urls``.
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import urlsplit

THREAD = "thread/index.md"
THEMES = "themes/index.md"
PEOPLE = "people/index.md"
OVERVIEW = "index.md"
GLOSSARY = "glossary.md"
POST_INDEX = "thread/posts.json"
COMMENTARY = "commentary/index.md"
FEED = "feed.xml"
"""At the site root: Material fetches sitemap.xml beside every rel=alternate link."""
DATASET = "data"
"""The folder of the discussion as a dataset (:mod:`generator.publish.dataset`)."""


def commentary_page(slug: str) -> str:
    """Source path of a commentary page."""
    return f"commentary/{slug}.md"


def author_page(key: str) -> str:
    """Source path of a commentary author's page."""
    return f"commentary/authors/{key}.md"


def theme_page(theme_id: str) -> str:
    """Source path of a theme's page."""
    return f"themes/{theme_id}.md"


RESERVED_NAMES = frozenset(
    ["index", "con", "prn", "aux", "nul"]
    + [f"{device}{n}" for device in ("com", "lpt") for n in range(1, 10)]
)
"""Names a page may not take: the folder's index, and devices Windows will not create."""


def person_page(handle: str) -> str:
    """Source path of a person's page; the handle keeps its case and domain.

    A handle that is a reserved name (``@index``, ``@con``) gets a trailing hyphen, which no
    real handle can end with, so it can neither replace ``/people/`` nor break a checkout.
    """
    stem = handle.split("@")[0].split(".")[0].lower()
    return f"people/{handle}-.md" if stem in RESERVED_NAMES else f"people/{handle}.md"


def thread_page(number: int) -> str:
    """Source path of page ``number`` (1-based) of the thread."""
    return paged(THREAD, number)


def paged(path: str, number: int) -> str:
    """Source path of page ``number`` of a paginated page: ``themes/law.md`` continues at
    ``themes/law/2.md`` (``/themes/law/2/``), ``thread/index.md`` at ``thread/2.md``."""
    if number == 1:
        return path
    if path.endswith("/index.md"):
        return f"{path.removesuffix('index.md')}{number}.md"
    return f"{path.removesuffix('.md')}/{number}.md"


def url_of(path: str, directory_urls: bool = True) -> str:
    """The URL of a page, relative to the site root (``""`` for the home page)."""
    if not path.endswith(".md"):
        return path  # a file other than a page keeps its name
    stem = path[: -len(".md")]
    if directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def href(from_path: str, to_path: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A relative link from one page to another (or to an anchor on the same page)."""
    if anchor and from_path == to_path:
        return f"#{anchor}"
    return _relative(from_path, to_path, directory_urls) + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)
def _relative(from_path: str, to_path: str, directory_urls: bool) -> str:
    # Cached: a large site asks for the same few thousand page pairs millions of times.
    here = url_of(from_path, directory_urls)
    there = url_of(to_path, directory_urls)
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    rel = posixpath.relpath(there or ".", folder or ".")
    if directory_urls and (there.endswith("/") or not there):
        rel = "./" if rel == "." else rel + "/"
    return rel


def md_link(from_path: str, to_path: str, anchor: str = "") -> str:
    """A Markdown link target: the other page's source path, relative to this one."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return rel + (f"#{anchor}" if anchor else "")


_NOT_IN_URLS = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"\\^`{|}]")
"""Characters an address never holds unencoded (RFC 3986): spaces and controls, and those
Markdown or HTML could read as the end of a link."""


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) address with a host and no character that
    must be percent-encoded (``https://example.org/@alice``)."""
    if _NOT_IN_URLS.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
