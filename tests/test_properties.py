"""Property tests: for any text, what a reader sees is what was written.

"What was written" is the text after the documented normalisation: NFC, line ends unified,
tabs as spaces, control and bidi-override characters removed, and each line's surrounding
whitespace trimmed. Nothing may raise, whatever the input.
"""

from __future__ import annotations

import string
import unicodedata

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import text as txt
from generator.link import link
from generator.pages.context import Context, localize
from generator.pages.pieces import body
from generator.sources.html_text import paragraphs as html_paragraphs
from generator.sources.plain_text import read_plain_text
from tests.site_html import read_page

# Every character class, with the characters markup syntax is made of over-represented.
SYNTAX = "<>&\"'`*_[](){}#!|~^:-=+\\/.;@%$\n\t\r\x00\x07\x85\x91\u202e\u2066\u200f"
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(), st.sampled_from(SYNTAX), st.sampled_from(string.ascii_letters)
    ),
    max_size=200,
)
LINE = TEXT.map(lambda s: s.replace("\n", " ").replace("\r", " "))


def normalised(text: str) -> str:
    """The documented normalisation of one line."""
    return txt.clean(text).strip()


def rendered_text(post_html: str, tmp_path) -> str:
    """The post body's text as a browser's DOM would hold it, after Markdown too."""
    html = markdown.markdown(post_html, extensions=["toc", "tables"])
    page = tmp_path / "page.html"
    page.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    cards = read_page(tmp_path, page).cards
    return cards[0].body if cards else ""


def card_html(line: str):
    """A post's card (as the thread page has it) and the post, for one line of text."""
    thread = read_plain_text(f"@someone {line}\n", "t.txt", {})
    discussion = link(thread, ())
    ctx = Context(
        discussion,
        {p.id: "thread/index.md" for p in discussion.posts},
        {p.id: i for i, p in enumerate(discussion.posts, 1)},
        {"other": "Other"},
    )
    post = discussion.posts[0]
    return (
        f'<article class="post" data-post-id="{post.id}" data-author="">\n'
        f'<div class="post__body">{localize(body(post.paragraphs, ctx), "thread/index.md")}</div>\n'
        "</article>\n"
    ), post


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=LINE)
def test_the_reader_keeps_any_line_as_written(line):
    thread = read_plain_text(f"@someone {line}\n", "t.txt", {})
    assert len(thread.posts) == 1
    assert thread.posts[0].text == normalised(f"@someone {line}")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=LINE)
def test_what_the_reader_sees_is_what_was_written(line, tmp_path):
    html, post = card_html(line)
    assert rendered_text(html, tmp_path) == post.text == normalised(f"@someone {line}")


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_spans_always_spell_the_text(text):
    cleaned = txt.clean(text)
    assert "".join(span.text for span in txt.spans(cleaned)) == cleaned
    for span in txt.spans(cleaned):
        if span.kind == "link":
            assert span.target.lower().startswith(("http://", "https://"))


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_clean_leaves_no_control_or_override_character(text):
    cleaned = txt.clean(text)
    assert cleaned == unicodedata.normalize("NFC", cleaned)
    for char in cleaned:
        assert char in "\n" or not (ord(char) < 32 or 0x7F <= ord(char) <= 0x9F)
        assert not (0x202A <= ord(char) <= 0x202E or 0x2066 <= ord(char) <= 0x2069)


@settings(max_examples=300, deadline=None)
@given(
    html=st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from("<>/=\"' pabrscit")), max_size=300
    )
)
def test_post_html_never_raises_and_never_yields_unsafe_links(html):
    for paragraph in html_paragraphs(html):
        for span in paragraph:
            if span.kind == "link":
                assert span.target.lower().startswith(("http://", "https://"))
