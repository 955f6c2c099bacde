"""The commentary's Atom feed at ``feed.xml`` (:data:`generator.urls.FEED`), so readers can
follow new pieces: :func:`atom_feed`, and :func:`advertise`, its link in each page's head,
where feed readers look for it."""

from __future__ import annotations

import uuid
from html import escape
from xml.etree import ElementTree as ET

from generator import urls
from generator.i18n import t
from generator.pages.context import Context


def feed_title(title: str) -> str:
    """The feed's title for a site named ``title``, in the build's language:
    ``Title: commentary``; also the name of its link in each page's head (:func:`advertise`)."""
    # TRANSLATORS: the title of the feed of the commentary; {title} is the site's name
    return t("{title}: commentary", title=title)


def atom_feed(ctx: Context, title: str, site_url: str) -> str:
    """An Atom feed of the commentary, newest first.

    Deterministic: every date comes from the pieces, ids are UUIDs derived from the site and
    the slug. Links are absolute when ``site_url`` is set, else relative to the feed.
    """
    d = ctx.discussion
    base = site_url.rstrip("/") + "/" if site_url else ""
    site_id = uuid.uuid5(uuid.NAMESPACE_URL, base or title)

    def link_to(path: str) -> str:
        if base:
            return base + urls.url_of(path, ctx.directory_urls)
        return urls.href(urls.FEED, path, directory_urls=ctx.directory_urls)

    feed = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    ET.SubElement(feed, "title").text = feed_title(title)
    ET.SubElement(feed, "id").text = f"urn:uuid:{site_id}"
    latest = max((p.date for p in d.commentary), default="1970-01-01")
    ET.SubElement(feed, "updated").text = f"{latest}T00:00:00Z"
    ET.SubElement(feed, "link", rel="self", href=base + urls.FEED if base else "feed.xml")
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=link_to(urls.COMMENTARY))
    for piece in d.commentary:
        author = d.authors.get(piece.author)
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = piece.title
        ET.SubElement(entry, "id").text = f"urn:uuid:{uuid.uuid5(site_id, piece.slug)}"
        ET.SubElement(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=link_to(urls.commentary_page(piece.slug)),
        )
        ET.SubElement(entry, "updated").text = f"{piece.date}T00:00:00Z"
        name = ET.SubElement(ET.SubElement(entry, "author"), "name")
        name.text = author.name if author else piece.author
        for theme in piece.themes:
            ET.SubElement(entry, "category", term=theme, label=ctx.titles[theme])
        if piece.summary:
            ET.SubElement(entry, "summary").text = piece.summary
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def advertise(html: str, page: str, title: str, directory_urls: bool = True) -> str:
    """A written page's ``html`` with a link to the feed (named ``title``) in its head; the
    page is at docs path ``page``. Unchanged when it has no head."""
    if "</head>" not in html:
        return html
    href = urls.href(page, urls.FEED, directory_urls=directory_urls)
    tag = (
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(href)}">'
    )
    return html.replace("</head>", f"{tag}\n</head>", 1)
