"""The plugin's Markdown extension: glossary links made on the parsed page, and titles that
Material's tooltips show as text.

A title is checked the way a reader meets it: the attribute's value as the browser reads
it, then that value put into a tooltip as HTML, as Material does (``innerHTML``); the
tooltip must hold no element and read exactly as the text was written.
"""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree.ElementTree import Element, SubElement

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.editorial.glossary import Entry, make_glossary
from generator.pages.markup import title_attr
from generator.publish.markdown_ext import DiscussionExtension, GlossaryLinks, link_terms

HOSTILE = (
    "A US defence | <script src='../chart.js'></script> | "
    "<meta http-equiv='refresh' content='0;url=https://evil.example/'> & &amp; \" ' `x` [y](z)"
)


class _Tree(HTMLParser):
    """Elements with their attributes (values decoded as a browser decodes them) and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def tooltip(value: str) -> tuple[list[str], str]:
    """What Material's tooltip makes of a title: ``innerHTML = value``."""
    shown = parse(value)
    return [tag for tag, _ in shown.elements], "".join(shown.text)


def convert(text: str, definition: str = HOSTILE, tooltips: bool = True) -> str:
    extension = DiscussionExtension(html_tooltips=tooltips)
    glossary = make_glossary([Entry("fair-use", "fair use", definition, ("fair-use",))])
    extension.glossary_links = GlossaryLinks(glossary, lambda e: f"../glossary.md#{e.anchor}")
    md = markdown.Markdown(extensions=["tables", "toc", "fenced_code", extension])
    return md.convert(text)


def glossary_links(html: str) -> list[dict[str, str]]:
    return [attrs for tag, attrs in parse(html).elements if attrs.get("class") == "glossary-term"]


def test_a_term_inside_a_link_title_stays_part_of_the_title():
    html = convert(
        'See [the statute](https://law.example/107 "a) fair use [click](javascript:alert(1)) '
        '<script src=../chart.js></script>") for details.'
    )
    tree = parse(html)
    assert [tag for tag, _ in tree.elements] == ["p", "a"]
    assert tree.elements[1][1]["href"] == "https://law.example/107"
    assert glossary_links(html) == []


def test_a_definition_with_pipes_keeps_the_table_row_whole():
    html = convert("| Argument | Who |\n|---|---|\n| Training is fair use | srcrist |\n")
    tree = parse(html)
    assert [tag for tag, _ in tree.elements].count("td") == 2
    assert "script" not in [tag for tag, _ in tree.elements]
    (link,) = glossary_links(html)
    assert tooltip(link["title"]) == ([], HOSTILE)


@pytest.mark.parametrize(
    "text",
    [
        "# fair use in a heading",
        "`fair use` in code",
        "```\nfair use in a block\n```",
        "[fair use](https://a.example/) already a link",
        "![fair use](chart.png) as alt text",
        "<https://a.example/fair-use>",
    ],
)
def test_no_term_is_linked_in_headings_code_links_or_attributes(text):
    assert glossary_links(convert(text)) == []


def test_the_first_use_on_the_page_is_linked_and_the_text_reads_as_written():
    html = convert("Fair use, *then fair use* again.\n\nAnd fair-use **here**.")
    (link,) = glossary_links(html)
    assert link["href"] == "../glossary.md#term-fair-use"
    assert "".join(parse(html).text) == "Fair use, then fair use again.\nAnd fair-use here."


def test_terms_in_tails_and_nested_elements_are_found_in_document_order():
    glossary = make_glossary(
        [Entry("a", "alpha", "first"), Entry("b", "beta", "second"), Entry("c", "gamma", "third")]
    )
    root = Element("div")
    p = SubElement(root, "p")
    p.text = "beta "
    em = SubElement(p, "em")
    em.text = "alpha"
    em.tail = " gamma and beta"
    linked = link_terms(root, GlossaryLinks(glossary, lambda e: e.id))
    assert linked == ["b", "a", "c"]
    assert [child.tag for child in p] == ["a", "em", "a"]
    assert (p.text, p[0].text, p[0].tail) == ("", "beta", " ")
    assert (em.text, em[0].text, em[0].tail, em.tail) == ("", "alpha", "", " ")
    assert (p[2].text, p[2].tail) == ("gamma", " and beta")


def test_without_html_tooltips_titles_are_left_to_the_browser():
    html = convert('[x](https://a.example/ "A & <b>") and fair use', tooltips=False)
    titles = [attrs["title"] for _, attrs in parse(html).elements if "title" in attrs]
    assert titles == ["A & <b>", HOSTILE]


def test_titles_of_every_kind_show_as_text_in_the_tooltip():
    html = convert('[x](https://a.example/ "A & <img src=x> &amp;") and fair use [^1]')
    titles = [attrs["title"] for _, attrs in parse(html).elements if "title" in attrs]
    # What the browser would show without Material (the text it reads from the attribute),
    # Material's tooltip now shows too.
    assert [tooltip(t) for t in titles] == [([], "A & <img src=x> &"), ([], HOSTILE)]


def test_title_attr_writes_html_that_tooltips_show_as_typed():
    for tooltips in (True, False):
        value = parse(f'<a title="{title_attr(HOSTILE, tooltips)}">x</a>').elements[0][1]["title"]
        assert (tooltip(value) if tooltips else ([], value)) == ([], HOSTILE)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=40))
def test_any_definition_and_title_show_as_typed_and_add_no_element(definition, title):
    definition = " ".join(definition.split()) or "x"
    # The loaders refuse control characters in titles; a line break would end the link.
    title = " ".join(title.splitlines())
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    html = convert(f'[x](https://a.example/ "{escaped}") fair use', definition)
    tree = parse(html)
    assert [tag for tag, _ in tree.elements if tag not in ("p", "a")] == []
    for _, attrs in tree.elements:
        assert set(attrs) <= {"href", "title", "class"}
        if "title" in attrs:
            assert tooltip(attrs["title"])[0] == []
    links = glossary_links(html)
    if links:
        assert tooltip(links[0]["title"]) == ([], definition)
