"""What other servers send, on the post cards: the structure of a post's text, an article's
title and excerpt, warnings of several lines, polls, quoted posts, language and direction,
and links whose text names another host. Built from model objects, through the whole
render stage (the thread page, and a theme page's copy of each card)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from generator.editorial.optout import OptOut
from generator.link import link
from generator.model import Poll, PollOption, Post, Quote, SourceRef, Span, Thread
from generator.pages import Meta, render
from generator.pages.poll import share
from generator.pages.post_text import shown_host

SRC = SourceRef("t.json", 1)


def text(*words: str) -> tuple[tuple[Span, ...], ...]:
    return tuple((Span("text", w),) for w in words)


def post(post_id: str, *paragraphs: str, **fields) -> Post:
    fields.setdefault("author", "alice@example.social")
    fields.setdefault("author_basis", "source")
    return Post(id=post_id, paragraphs=text(*paragraphs), source=SRC, **fields)


def pages(*posts: Post, optout: OptOut | None = None) -> dict[str, str]:
    discussion = link(Thread(tuple(posts)), (), optout=optout)
    return {p.path: p.markdown for p in render(discussion, Meta("Test"))}


def card(page: str, post_id: str) -> str:
    """One card's HTML on a page."""
    match = re.search(
        rf'<article class="post"[^>]*data-post-id="{post_id}".*?</article>', page, re.S
    )
    assert match, f"no card {post_id}"
    return match.group(0)


def thread_card(*posts: Post, which: str = "") -> str:
    return card(pages(*posts)["thread/index.md"], which or posts[-1].id)


class Outline(HTMLParser):
    """The element tree of some HTML as ``tag[.class]`` lines, to check structure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class")
        self.tags.append(f"{tag}.{cls.split()[0]}" if cls else tag)


def tags(html: str) -> list[str]:
    outline = Outline()
    outline.feed(html)
    return outline.tags


# ---------------------------------------------------------------- structure of the text


def test_paragraph_kinds_keep_their_structure():
    html = thread_card(
        post(
            "1",
            "Intro",
            "one",
            "two",
            "first",
            "second",
            "quoted",
            "also quoted",
            "A heading",
            "x = 1\n\ny = 2",
            "after",
            kinds=(
                "text",
                "item",
                "item",
                "ordered",
                "ordered",
                "quote",
                "quote",
                "heading",
                "code",
            ),
        )
    )
    body = html[
        html.index('<div class="post__body"') : html.index("</div>", html.index("post__body"))
    ]
    assert tags(body) == [
        "div.post__body",
        "p",
        "ul",
        "li",
        "li",
        "ol",
        "li",
        "li",
        "blockquote",
        "p",
        "p",
        "h4.post__subheading",
        "pre.post__code",
        "code",
        "p",
    ]
    assert '<li dir="ltr">one</li><li dir="ltr">two</li></ul>' in body
    # a code block keeps its blank line without ending Markdown's raw HTML block
    assert "<code>x = 1&#10;&#10;y = 2</code>" in body
    assert "\n\n" not in html


def test_the_structure_survives_markdown():
    site = pages(post("1", "one", "two", kinds=("item", "item")))
    html = markdown.markdown(site["thread/index.md"], extensions=["md_in_html"])
    assert '<ul dir="ltr"><li dir="ltr">one</li><li dir="ltr">two</li></ul>' in html


def test_a_heading_of_the_text_is_a_heading_only_where_the_card_is_one():
    p = post("1", "Section", "words", kinds=("heading", "text"))
    site = pages(p)
    assert '<h4 class="post__subheading" dir="ltr">Section</h4>' in card(
        site["thread/index.md"], "1"
    )
    off = card(site["themes/other.md"], "1")
    assert '<p class="post__subheading" dir="ltr">Section</p>' in off
    assert "<h4" not in off


# ----------------------------------------------------------- articles, excerpts, warnings


def test_an_article_has_its_title_as_heading_and_its_summary_as_excerpt():
    p = post(
        "1",
        "The body.",
        title="Who owns a <style>?",
        summary="A short excerpt & more",
        lang="en",
    )
    site = pages(p)
    html = card(site["thread/index.md"], "1")
    assert '<h3 class="post__title" lang="en" dir="ltr">Who owns a &lt;style&gt;?</h3>' in html
    assert '<p class="post__summary" lang="en" dir="ltr">A short excerpt &amp; more</p>' in html
    assert "Content warning" not in html and "<details" not in html
    assert html.index("post__title") < html.index("post__summary") < html.index("post__body")
    off = card(site["themes/other.md"], "1")
    assert '<p class="post__title" lang="en" dir="ltr">Who owns a &lt;style&gt;?</p>' in off


def test_a_warning_of_several_lines_keeps_its_lines():
    html = thread_card(
        post("1", "text", warning="Spoilers for the film\nDiscussion of AI & copyright")
    )
    assert (
        '<summary>Content warning: <span class="post__cw-text" dir="ltr">Spoilers for the film'
        "<br>Discussion of AI &amp; copyright</span></summary>"
    ) in html


def test_an_excerpt_under_a_warning_stays_behind_it():
    html = thread_card(post("1", "text", summary="excerpt", warning="spiders"))
    assert html.index("<details") < html.index("post__summary")


# --------------------------------------------------------------------------------- polls

POLL = Poll(
    options=(
        PollOption("Yes, always", 80),
        PollOption("Only for <commercial> models", 30),
        PollOption("", 10),
    ),
    closes="2024-03-06T10:00:00Z",
    closed=True,
    voters=120,
)


def test_a_poll_lists_every_answer_with_its_count_share_and_bar():
    html = thread_card(post("1", "Should training require consent?", poll=POLL))
    assert (
        '<p class="post__poll-about">Poll, one answer · closed '
        '<time datetime="2024-03-06T10:00:00Z">6 Mar 2024, 10:00 UTC</time> · 120 people voted</p>'
    ) in html
    assert (
        '<li class="post__poll-option post__poll-option--leading">'
        '<span class="post__poll-text" dir="ltr">Yes, always</span> '
        '<span class="post__poll-count">80 votes, 67%</span>'
        '<meter class="post__poll-bar" min="0" max="120" value="80" aria-hidden="true">'
        "67%</meter></li>"
    ) in html
    assert (
        'Only for &lt;commercial&gt; models</span> <span class="post__poll-count">30 votes, 25%'
        in html
    )
    assert '(an answer without text)</span> <span class="post__poll-count">10 votes, 8%' in html
    assert html.count('<li class="post__poll-option') == 3
    assert "style=" not in html  # bars work under a policy without inline styles


def test_an_open_poll_of_several_answers_counts_shares_of_voters():
    poll = Poll(
        (PollOption("a", 3), PollOption("b", 2)),
        multiple=True,
        closes="2030-01-01T00:00:00Z",
        voters=4,
    )
    html = thread_card(post("1", "Pick any", poll=poll))
    assert "Poll, several answers allowed · open when archived, closes <time" in html
    assert "3 votes, 75%" in html and "2 votes, 50%" in html
    assert 'max="4" value="3"' in html


def test_a_poll_whose_results_are_hidden_lists_its_answers_without_counts():
    poll = Poll((PollOption("a"), PollOption("b")))
    html = thread_card(post("1", "Which?", poll=poll))
    assert "open when archived · results not shown" in html
    assert "<meter" not in html
    assert (
        '<li class="post__poll-option"><span class="post__poll-text" dir="ltr">a</span></li>'
        in html
    )


def test_a_poll_in_arabic_has_its_language_and_direction():
    poll = Poll((PollOption("نعم", 1), PollOption("لا", 0)), voters=1)
    html = thread_card(post("1", "هل توافق؟", poll=poll, lang="ar"))
    assert '<span class="post__poll-text" lang="ar" dir="rtl">نعم</span>' in html


def test_shares_are_whole_percentages_and_nobody_voting_is_zero():
    assert share(1, 3) == 33
    assert share(2, 3) == 67
    assert share(0, 0) == 0


# -------------------------------------------------------------------------------- quotes


def test_a_quote_of_a_post_in_the_archive_links_to_its_place():
    quoted = post(
        "10",
        "The original words.",
        uri="https://b.example/users/bob/statuses/10",
        author="bob@b.example",
    )
    quoting = post(
        "11",
        "Look at this",
        quote=Quote(uri="https://b.example/users/bob/statuses/10", url="https://b.example/@bob/10"),
    )
    html = thread_card(quoted, quoting)
    assert '<figure class="post__quoted"><figcaption class="post__quoted-meta">Quoting ' in html
    assert (
        '<a class="post__mention" href="../people/bob@b.example/" dir="auto">@bob@b.example</a>'
        in html
    )
    assert '<a class="post__quoted-place" href="#post-10">post 1 in this thread</a>' in html
    assert '<a href="https://b.example/@bob/10" rel="nofollow noopener">original</a>' in html
    assert (
        '<blockquote class="post__quoted-text" lang="" dir="ltr">'
        '<p dir="ltr">The original words.</p>' in html
    )


def test_the_link_stage_or_the_status_id_can_name_the_quoted_post():
    quoted = post("10", "Words.")
    for quote in (Quote(uri="", post="10"), Quote(uri="", status_id="10")):
        html = thread_card(quoted, post("11", "see", quote=quote))
        assert 'href="#post-10">post 1 in this thread</a>' in html


def test_a_status_id_of_another_servers_post_is_not_taken_for_this_one():
    quoted = post("10", "Words.", uri="https://a.example/statuses/10")
    quote = Quote(uri="https://c.example/statuses/10", status_id="10")
    html = thread_card(quoted, post("11", "see", quote=quote))
    assert "post__quoted-place" not in html and "(not in this archive)" in html


def test_off_the_thread_a_quote_links_to_the_quoted_card_on_the_same_page():
    quoted = post("10", "Words.", uri="https://b.example/s/10")
    quoting = post("11", "see", quote=Quote(uri="https://b.example/s/10"))
    html = card(pages(quoted, quoting)["themes/other.md"], "11")
    assert '<a class="post__quoted-place" href="#card-10">post 1 in this thread</a>' in html


def test_a_quote_of_a_post_not_in_the_archive_shows_its_embedded_text():
    quote = Quote(
        uri="https://c.example/notes/1",
        url="https://c.example/notes/1",
        author="carol@c.example",
        paragraphs=((Span("text", "<b>elsewhere</b>"),),),
    )
    html = thread_card(post("1", "quoting", quote=quote))
    assert "@carol@c.example" in html and "(not in this archive)" in html
    assert "&lt;b&gt;elsewhere&lt;/b&gt;" in html
    assert 'href="https://c.example/notes/1"' in html


def test_a_withdrawn_quote_says_so_and_shows_nothing_of_the_quoted_post():
    quoted = post("10", "Secret words.", uri="https://b.example/s/10")
    quote = Quote(
        uri="https://b.example/s/10", paragraphs=((Span("text", "Secret words."),),), withdrawn=True
    )
    html = thread_card(quoted, post("11", "see", quote=quote))
    assert (
        '<p class="post__quoted post__quoted--withdrawn">It quoted a post that is not shown' in html
    )
    assert "Secret words" not in html and "post__quoted-place" not in html


def test_a_quoted_post_removed_at_its_authors_request_shows_none_of_its_text():
    quoted = post("10", "Removed words.", uri="https://b.example/s/10", author="bob")
    quote = Quote(
        uri="https://b.example/s/10", author="bob", paragraphs=((Span("text", "Removed words."),),)
    )
    site = pages(quoted, post("11", "see", quote=quote), optout=OptOut(posts={"10": 1}))
    html = card(site["thread/index.md"], "11")
    assert "The quoted post was removed at its author’s request." in html
    assert "Removed words" not in site["thread/index.md"]


# ------------------------------------------------------------------ language, direction


def test_an_arabic_reply_that_opens_with_a_mention_reads_right_to_left():
    first = post("100", "Does generative art need new rules?", lang="en")
    reply = Post(
        id="101",
        paragraphs=(
            (
                Span("mention", "@alice", "alice@example.social"),
                Span("text", " أعتقد أن القوانين كافية."),
            ),
            (Span("text", "هذه فقرة ثانية."),),
        ),
        source=SRC,
        author="samir@other.example",
        author_basis="source",
        reply_to="100",
        reply_basis="source",
        lang="ar",
        mentions=("alice@example.social",),
    )
    html = thread_card(first, reply)
    assert (
        '<div class="post__body" lang="ar" dir="rtl"><p dir="rtl"><a class="post__mention"' in html
    )
    assert '<p dir="rtl">هذه فقرة ثانية.</p>' in html
    assert '<div class="post__body" lang="en" dir="ltr">' in thread_card(first, reply, which="100")


def test_the_card_chrome_stays_in_the_sites_language():
    html = thread_card(post("1", "مرحبا", lang="ar"))
    assert html.startswith('<article class="post" id="post-1" data-post-id="1"')
    assert "lang=" not in html[: html.index("post__body")]


def test_a_paragraph_without_words_of_its_own_reads_as_the_post():
    html = thread_card(post("1", "שלום", "123 :)"))
    assert '<p dir="rtl">שלום</p><p dir="rtl">123 :)</p>' in html


def test_lines_in_another_direction_get_their_own():
    html = thread_card(post("1", "مرحبا بالجميع\nHello everyone\n123"))
    assert (
        '<p dir="rtl"><span class="post__line" dir="rtl">مرحبا بالجميع</span><br>'
        '<span class="post__line" dir="ltr">Hello everyone</span><br>'
        '<span class="post__line" dir="auto">123</span></p>'
    ) in html
    plain = thread_card(post("1", "one\ntwo"))
    assert '<p dir="ltr">one<br>two</p>' in plain


def test_a_reference_reads_in_its_posts_direction():
    typed = post("2", "@a שלום", author="b", mentions=("a",))
    site = pages(post("1", "x", author="a"), typed)
    assert '<span class="post-ref__words" dir="rtl">@a שלום</span>' in site["people/a/mentions.md"]


# ------------------------------------------------------------------------------- links


def test_a_link_whose_text_is_another_host_shows_where_it_leads():
    p = Post(
        id="1",
        paragraphs=(
            (
                Span("link", "https://paypal.com/login", "https://evil.example/x"),
                Span("text", " "),
                Span("link", "example.org/page", "https://www.example.org/page"),
                Span("text", " "),
                Span("link", "read this", "https://evil.example/y"),
                Span("text", " "),
                Span("link", "раураl.com", "https://раураl.com/"),
                Span("text", " "),
                Span("link", "paypal.com", "https://раураl.com/"),
            ),
        ),
        source=SRC,
    )
    html = thread_card(p)
    assert (
        '<a class="post__url" href="https://evil.example/x" dir="auto" rel="nofollow noopener ugc">'
        "https://paypal.com/login</a> "
        '<span class="post__url-host" dir="ltr">(leads to evil.example)</span>'
    ) in html
    assert html.count("post__url-host") == 2  # not for www., plain words or the same host
    assert "(leads to xn--l-7sba6dbr.com)" in html  # a look-alike host shows as the browser's


def test_which_link_texts_are_addresses():
    assert shown_host("https://example.org/a?b#c") == "example.org"
    assert shown_host("www.example.org") == "www.example.org"
    assert shown_host("example.org/very/long…") == "example.org"
    assert shown_host("#hashtag") == ""
    assert shown_host("read more") == ""
    assert shown_host("@alice@example.org") == ""


# ------------------------------------------------------------------------------- search


def test_search_reads_the_title_excerpt_and_poll_answers():
    from generator.pages.cards import parts, search_copy
    from generator.pages.context import Context

    p = post("1", "body", title="Title words", summary="Excerpt words", poll=POLL)
    discussion = link(Thread((p,)), ())
    ctx = Context(discussion, {"1": "thread/index.md"}, {"1": 1}, {"other": "Other"})
    copy = search_copy(parts(discussion.posts[0], ctx))
    for words in (
        "Title words",
        "Excerpt words",
        "Yes, always",
        "Only for &lt;commercial&gt; models",
    ):
        assert words in copy


def test_a_followers_only_post_is_marked():
    html = thread_card(post("1", "for my followers", followers_only=True))
    header = html[html.index('<header class="post__meta">') : html.index("</header>")]
    assert '<span class="post__audience" title="The author addressed this post' in header
    assert "followers only</span>" in header
    assert "post__audience" not in thread_card(post("1", "public"))


def test_a_quoted_post_the_sources_could_not_give_shows_none_of_the_embedded_text():
    gone = post("10", "", uri="https://b.example/s/10", unavailable="deleted or not found")
    quote = Quote(uri="https://b.example/s/10", paragraphs=((Span("text", "Old words."),),))
    html = thread_card(gone, post("11", "see", quote=quote))
    assert "The quoted post is not available (deleted or not found)." in html
    assert "Old words" not in html
