"""What every card and page knows about the whole site, and where its links lead.

:class:`Context` holds the facts a card needs beyond its own post: which thread page holds
each post, each post's number, the themes' titles and how MkDocs writes addresses. A post
appears on several pages, so the parts of its card are made once with every link written
from the site's root (``href="~/…"``, :data:`ROOT`); each page then makes those links
relative to itself (:func:`localize`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import urls
from generator.editorial.glossary import Glossary
from generator.link import Discussion

ROOT = "~/"
"""Start of a link written from the site's root, before :func:`localize` makes it relative.
Only ever found right after ``href="`` or ``src="`` (a medium the site publishes), which
escaped text cannot contain."""


@dataclass(frozen=True)
class Context:
    """What cards need to know about the whole site. The underscored fields are caches, which
    the pieces of cards (:mod:`generator.pages.pieces`) fill as they are first made."""

    discussion: Discussion
    """The linked discussion."""
    location: dict[str, str]
    """Post id → source path of the thread page that holds it."""
    number: dict[str, int]
    """Post id → its 1-based position in the thread."""
    titles: dict[str, str]
    """Theme id → title, ``other`` included."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``."""
    glossary: Glossary = field(default_factory=Glossary)
    """Terms linked to their definitions."""
    page_size: int = 500
    """Posts per page, for every paginated list of posts."""
    html_tooltips: bool = False
    """Whether the theme shows titles as HTML in its tooltips (see
    :func:`generator.pages.markup.title_attr`)."""
    language: str = "en"
    """The site's language as MkDocs' theme names it (``"fr"``, ``"pt-BR"``): the cards,
    written while MkDocs writes each page, use its words (:mod:`generator.i18n`)."""
    _roots: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Root links by target: every post links to the same few hundred pages."""
    _theme_links: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Root links to each theme page, as cards show them."""
    _made: dict[tuple[str, ...], str] = field(default_factory=dict, compare=False, repr=False)
    """Mentions and author lines, made once: the same few hundred people appear in every
    post."""
    _addresses: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Post id by each address a post has (its URI and its URL), made when a quote first
    looks for the post it quotes (:func:`generator.pages.quote.quoted_post`)."""

    def href(self, page: str | None, target: str, anchor: str = "") -> str:
        """Relative link from ``page`` to ``target``; with no page, a link from the root
        (``~/themes/law/``) that :func:`localize` makes relative where it is used."""
        if page is None:
            root = self._roots.get(target)
            if root is None:
                root = self._roots[target] = ROOT + urls.url_of(target, self.directory_urls)
            return f"{root}#{anchor}" if anchor else root
        return urls.href(page, target, anchor, self.directory_urls)

    def post_href(self, page: str | None, post_id: str) -> str:
        """Relative link from ``page`` to a post's permalink anchor."""
        return self.href(page, self.location[post_id], f"post-{post_id}")

    def person_href(self, page: str | None, handle: str) -> str:
        """Relative link to a person's page (handle in any case)."""
        person = self.discussion.person(handle)
        name = person.person.handle if person else handle
        return self.href(page, urls.person_page(name))


def localize(html: str, page: str, directory_urls: bool = True) -> str:
    """``html`` with its root links (``href="~/…"``, and ``src="~/…"`` of media) made
    relative to ``page``; links to anchors on ``page`` itself become plain ``#anchor``
    links."""
    here = urls.url_of(page, directory_urls)
    html = html.replace(f'href="{ROOT}{here}#', 'href="#')
    up = "../" * here.count("/") or "./"
    html = html.replace(f'href="{ROOT}', f'href="{up}')
    return html.replace(f'src="{ROOT}', f'src="{up}') if f'src="{ROOT}' in html else html
