"""The Python-Markdown extension the plugin adds to every page it builds.

It works on the parsed document, never on Markdown source, so nothing it adds can be read
as markup:

- **Glossary links in commentary.** On a commentary page, the first use of each glossary
  term in the text becomes a link to its entry, titled with the definition. Only text nodes
  are changed: nothing inside a link, code, a heading, or an attribute (a link's title, an
  image's alt text) is ever linked, and a definition is an attribute value like any other.
- **Titles shown as text in Material's tooltips.** Browsers show a ``title`` as text, but
  Material's ``content.tooltips`` feature puts it into the tooltip as HTML, so a title of
  ``<meta http-equiv=refresh …>`` would act on hover. With that feature on, every title is
  escaped once more (:func:`generator.pages.markup.tooltip_text`), so the tooltip shows it as typed.

A plain MkDocs build of ``python -m generator export`` runs without this extension: there,
commentary shows no glossary links, and the exported configuration leaves Material's
tooltips off, so browsers show titles themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from generator.editorial.glossary import Entry, Glossary
from generator.pages import tooltip_text

NOT_LINKED = frozenset(
    {"a", "code", "pre", "kbd", "samp", "var", "script", "style", "abbr", "dfn"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
"""Elements whose text never gets a glossary link: links, code, headings, and elements
that already explain a term."""


@dataclass(frozen=True)
class GlossaryLinks:
    """What the glossary links of one page need."""

    glossary: Glossary
    """The terms to find."""
    target: Callable[[Entry], str]
    """Link target of an entry from this page (a Markdown source path with its anchor,
    which MkDocs then checks and rewrites like any link)."""


def link_terms(root: Element, links: GlossaryLinks) -> list[str]:
    """Make the first use of each term in ``root``'s text a link to its entry; returns the
    ids of the entries linked, in order.

    Text is visited in document order: an element's own text, then each child (unless it is
    one of :data:`NOT_LINKED`), then the child's tail, which belongs to the element.
    """
    linked: list[str] = []
    _visit(root, links, linked)
    return linked


def _visit(element: Element, links: GlossaryLinks, linked: list[str]) -> None:
    if element.tag in NOT_LINKED:
        return
    children = list(element)  # the links made here are not visited again
    made: list[Element] = []
    if element.text:
        element.text, made = _split(element.text, links, linked)
    nodes = [*made]
    for child in children:
        _visit(child, links, linked)
        nodes.append(child)
        if child.tail:
            child.tail, made = _split(child.tail, links, linked)
            nodes += made
    if len(nodes) != len(children):
        element[:] = nodes  # one assignment: inserting one by one would be quadratic


def _split(text: str, links: GlossaryLinks, linked: list[str]) -> tuple[str, list[Element]]:
    """``text`` cut at the terms not yet linked: the text before the first, and a link
    element for each term whose tail is the text up to the next."""
    made: list[Element] = []
    head, pos = text, 0
    for start, end, entry in links.glossary.find(text):
        if entry.id in linked:
            continue
        linked.append(entry.id)
        link = Element("a", {"class": "glossary-term", "href": links.target(entry)})
        link.set("title", escape(entry.definition, quote=False))  # HTML text, as values are
        link.text = text[start:end]
        if made:
            made[-1].tail = text[pos:start]
        else:
            head = text[:start]
        made.append(link)
        pos = end
    if made:
        made[-1].tail = text[pos:]
    return head, made


class _GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: DiscussionExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        links = self.extension.glossary_links
        if links is not None:
            link_terms(root, links)


class _TooltipTitles(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            title = element.get("title")
            if title is not None:
                element.set("title", tooltip_value(title))


def tooltip_value(value: str) -> str:
    """A title attribute's value in Python-Markdown's tree, made so that Material's tooltip
    shows what a browser's own tooltip would: the text the browser reads from the attribute.

    Python-Markdown's serializer escapes ``&`` only where it does not start a character
    reference, so a value in the tree is HTML text: its text is ``html.unescape(value)``.
    The attribute must hold that text escaped for HTML (for ``innerHTML``), and the tree
    that attribute escaped once more, which holds only character references and so passes
    the serializer unchanged.
    """
    return escape(tooltip_text(unescape(value), html_tooltips=True), quote=False)


def html_tooltips(theme) -> bool:
    """Whether a Material ``theme`` (MkDocs' theme object, or a mapping) has
    ``content.tooltips`` on, which shows titles as HTML."""
    features = theme["features"] if "features" in theme else []  # noqa: SIM401 - a Theme has no get()
    return "content.tooltips" in (features or [])


class DiscussionExtension(Extension):
    """Glossary links on the page being converted, and titles safe in Material's tooltips.

    The plugin sets :attr:`glossary_links` before MkDocs converts each page (``None`` for
    pages that get none).
    """

    def __init__(self, *, html_tooltips: bool) -> None:
        super().__init__()
        self.html_tooltips = html_tooltips
        """Whether Material's ``content.tooltips`` shows titles as HTML on this site."""
        self.glossary_links: GlossaryLinks | None = None
        """What to link on the page being converted."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20), attribute lists (8) and abbreviations (7), before
        # the table of contents (5) and MkDocs' link checks (0), which then see our links.
        md.treeprocessors.register(_GlossaryTreeprocessor(md, self), "discussion_glossary", 6)
        if self.html_tooltips:
            md.treeprocessors.register(_TooltipTitles(md), "discussion_titles", -10)
