"""The render stage: golden cards, literal text, links that resolve on every page."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import markdown
import pytest
import yaml

from generator import urls
from generator.editorial.commentary import Author
from generator.editorial.optout import OptOut
from generator.editorial.taxonomy import Theme, classify
from generator.errors import ContentError
from generator.link import link
from generator.model import Post, SourceRef, Span, Thread
from generator.pages import Meta, render
from generator.pages.markup import md
from generator.pages.page import placeholder
from generator.pipeline import check_pages
from generator.sources.plain_text import read_plain_text
from tests.conftest import ROOT, UPDATE_GOLDEN, write_golden

GOLDEN = ROOT / "tests" / "golden" / "cards"
THEMES = (Theme("law", "Law & order", "About law.", "", ("law", "done")),)


def site(text: str, **options):
    discussion = link(classify(read_plain_text(text, "t.txt", {}), THEMES), THEMES)
    return discussion, {p.path: p for p in render(discussion, Meta("Test"), **options)}


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_golden_thread_page(case: Path):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    _, pages = site(data["input"])
    got = pages[urls.THREAD].markdown
    if UPDATE_GOLDEN:
        data["thread_page"] = got
        write_golden(case, data)
    assert got == data["thread_page"]


def test_pages_and_navigation_flags():
    _, pages = site("@a law\n@b nothing\n")
    assert list(pages) == [
        "index.md",
        "thread/index.md",
        "themes/index.md",
        "themes/law.md",
        "themes/other.md",
        "people/index.md",
        "people/a.md",
        "people/a/mentions.md",
        "people/b.md",
        "people/b/mentions.md",
    ]
    assert [p for p, page in pages.items() if not page.in_nav] == [
        "people/a.md",
        "people/a/mentions.md",
        "people/b.md",
        "people/b/mentions.md",
    ]


def test_thread_is_paginated_with_anchors_on_the_right_page():
    text = "".join(f"@u{i} post number {i}\n" for i in range(7))
    discussion, pages = site(text, page_size=3)
    assert [p for p in pages if p.startswith("thread/")] == [
        "thread/index.md",
        "thread/2.md",
        "thread/3.md",
        "thread/posts.json",
    ]
    last = discussion.posts[6].id
    index = json.loads(pages["thread/posts.json"].markdown)
    assert index["pages"] == ["./", "2/", "3/"]
    assert index["posts"][last] == 2
    assert f'id="post-{last}"' in pages["thread/3.md"].markdown
    # other pages link to the post's anchor on the thread page that holds it
    assert f'href="../../../thread/3/#post-{last}"' in pages["themes/other/3.md"].markdown
    assert not pages["thread/2.md"].in_nav


def test_links_follow_use_directory_urls():
    discussion, pages = site("@a law\n@b law\n", directory_urls=False)
    first = discussion.posts[0].id
    assert f'href="../thread/index.html#post-{first}"' in pages["themes/law.md"].markdown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*em* _u_ `c` [l](u) # h", r"\*em\* \_u\_ \`c\` \[l\]\(u\) \# h"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("a | b", "a &#124; b"),
    ],
)
def test_md_escapes_data_in_page_prose(text, shown):
    assert md(text) == shown


def test_a_reply_chain_10000_deep_renders_without_recursion():
    text = "start\n" + "".join(f"@{'ab'[i % 2]} reply {i}\n" for i in range(10_000))
    discussion, pages = site(text)
    assert len(discussion.posts) == 10_001
    assert "diagram--replies" not in pages["index.md"].markdown  # too many posts to draw
    assert (
        sum(p.markdown.count("data-post-id") for k, p in pages.items() if k.startswith("thread/"))
        == 10_001
    )


def test_handles_differing_in_case_share_one_page_and_reserved_names_are_renamed():
    _, pages = site("@Alice hello\n@alice again\n@index @con who?\n")
    people = [p for p in pages if p.startswith("people/")]
    assert people.count("people/Alice.md") == 1 and "people/alice.md" not in people
    assert "people/index-.md" in people and "people/con-.md" in people
    assert "\n# People\n" in pages["people/index.md"].markdown


def test_the_pages_lists_are_checked_before_any_build():
    discussion, pages = site("".join(f"@u{i} law number {i}\n" for i in range(5)), page_size=2)
    assert check_pages(discussion, list(pages.values())) == 5
    second = pages["thread/2.md"]
    dropped = dataclasses.replace(
        second, lists=(dataclasses.replace(second.lists[0], ids=second.lists[0].ids[1:]),)
    )
    lost = [dropped if p.path == second.path else p for p in pages.values()]
    with pytest.raises(ContentError, match="1 posts missing from the thread"):
        check_pages(discussion, lost)
    unanchored = dataclasses.replace(
        second, lists=(dataclasses.replace(second.lists[0], anchor=False),)
    )
    broken = [unanchored if p.path == second.path else p for p in pages.values()]
    with pytest.raises(ContentError, match="posts without a permalink anchor"):
        check_pages(discussion, broken)

    def with_ids(path: str, ids: tuple[str, ...]) -> list:
        page = pages[path]
        changed = dataclasses.replace(page, lists=(dataclasses.replace(page.lists[0], ids=ids),))
        return [changed if p.path == path else p for p in pages.values()]

    first = pages["thread/index.md"].lists[0].ids
    with pytest.raises(ContentError, match="posts shown more than once on the thread"):
        check_pages(discussion, with_ids("thread/index.md", (*first, first[0])))
    with pytest.raises(ContentError, match="does not show the posts in source order"):
        check_pages(discussion, with_ids("thread/index.md", first[::-1]))
    with pytest.raises(ContentError, match="posts on no theme page and not in Other"):
        check_pages(discussion, with_ids("themes/law.md", ()))
    with pytest.raises(ContentError, match="cards for posts that do not exist: nosuchpost"):
        check_pages(discussion, with_ids("people/u0.md", ("nosuchpost",)))


def test_cards_fill_the_placeholders_of_markdown_and_html_alike():
    _, pages = site("@a law\n@b law and more\n")
    page = pages["themes/law.md"]
    assert placeholder(0) in page.skeleton and "<article" not in page.skeleton
    html = markdown.markdown(page.skeleton, extensions=["toc", "tables"])
    assert placeholder(0) in html  # Markdown passes the placeholder through unchanged
    block = page.markdown.split('<div class="post-list">', 1)[1].split("</article>\n</div>")[0]
    assert block in page.fill(html) and block.count("<article") == 2
    assert "<article" not in page.fill(html, search=True)  # theme pages repeat posts


# Who mentions whom: every person's page lists the posts that mention them.


def test_mentions_are_found_in_any_case_in_thread_order():
    discussion, _ = site("@Alice hi\n@bob @alice hey\n@carol nothing\n@ALICE again\n")
    ids = [post.id for post in discussion.posts]
    assert discussion.mentioned_in("alice") == (ids[0], ids[1], ids[3])
    assert discussion.mentioned_in("ALICE") == discussion.mentioned_in("alice")
    assert discussion.mentioned_in("nobody") == ()
    for person in discussion.people:
        assert len(discussion.mentioned_in(person.person.handle)) == person.mentioned


def test_someone_only_mentioned_lists_those_posts_over_pages():
    discussion, pages = site("".join(f"@op law number {i}\n" for i in range(5)), page_size=2)
    op = discussion.person("op")
    assert op is not None and op.posts == () and op.mentioned == 5
    paths = ["people/op.md", "people/op/2.md", "people/op/3.md"]
    assert [p for p in pages if p.startswith("people/op")] == paths
    ids = [post.id for post in discussion.posts]
    assert [pages[p].lists[0].ids for p in paths] == [tuple(ids[:2]), tuple(ids[2:4]), (ids[4],)]
    first = pages[paths[0]].markdown
    assert "mentioned in 5 posts." in first and "## Posts that mention them" in first
    assert first.count("<article") == 2 and "Page 1 of 3" in first
    for path in paths:  # the thread indexes each post once: these pages are not searched
        assert (
            pages[path].skeleton.startswith("---\n")
            and "search:\n  exclude: true" in (pages[path].skeleton.split("\n---\n")[0])
        )
        assert not pages[path].in_nav
    assert check_pages(discussion, list(pages.values())) == 5


def test_the_posts_that_mention_a_writer_are_named_on_pages_of_their_own():
    text = "@a law\n" + "".join(f"@b @a law number {i}\n" for i in range(3))
    discussion, pages = site(text, page_size=2)
    b = discussion.person("b")
    assert b is not None and b.posts and len(discussion.mentioned_in("b")) == 3
    person = pages["people/b.md"].markdown
    assert "mentioned in [3 posts](b/mentions.md)." in person
    first, second = pages["people/b/mentions.md"], pages["people/b/mentions/2.md"]
    assert [first.lists[0].ids + second.lists[0].ids] == [discussion.mentioned_in("b")]
    assert first.lists[0].brief and not first.in_nav and not second.in_nav
    html = first.markdown
    assert "<article" not in html and "data-post-id" not in html
    mentioned = discussion.mentioned_in("b")[0]
    post = discussion.by_id[mentioned]
    who = f"by @{post.author}" if post.author else "author unknown"
    assert (
        f'<li class="post-ref" data-post-ref="{mentioned}"><a class="post-ref__link" '
        f'href="../../../thread/#post-{mentioned}">Post 2</a> '
        f'<span class="post-ref__who">{who}</span>: '
        '<span class="post-ref__words" dir="ltr">law number 0</span></li>'
    ) in html
    assert "search:\n  exclude: true" in first.skeleton and "[their page](../b.md)" in html
    assert check_pages(discussion, list(pages.values())) == 4


def test_a_reference_quotes_the_first_words_escaped():
    words = "<b>bold</b> & one two three four five six seven eight nine ten eleven twelve."
    _, pages = site(f"@b hello\n@a @b {words}\n")
    html = pages["people/a/mentions.md"].markdown
    assert (
        '<span class="post-ref__words" dir="ltr">&lt;b&gt;bold&lt;/b&gt; &amp; one two three '
        "four five six seven eight nine ten…</span>"
    ) in html


# Replies on the same page: a card links to its parent or reply when the page lists it.


def test_cards_link_to_a_parent_or_reply_listed_on_the_same_page():
    discussion, pages = site("@a law one\n@b law two\n@a law three\n@z law four\n")
    one, two, three, _ = (post.id for post in discussion.posts)
    assert discussion.by_id[two].reply_to == one and discussion.by_id[three].reply_to == two
    theme = pages["themes/law.md"].markdown
    assert f'id="card-{one}"' in theme and f'id="card-{two}"' in theme
    assert f'<a class="post__parent" href="#card-{one}">' in theme
    assert f'<a class="post__child" href="#card-{three}">' in theme
    assert f'id="post-{one}"' not in theme  # the permalink anchor stays the thread's
    thread = pages["thread/index.md"].markdown
    assert f'<a class="post__parent" href="#post-{one}">' in thread and "card-" not in thread


def test_a_parent_on_another_page_of_the_list_is_linked_in_the_thread():
    discussion, pages = site("@a law one\n@b law two\n@a law three\n", page_size=2)
    _, two, three = (post.id for post in discussion.posts)
    first, second = pages["themes/law.md"].markdown, pages["themes/law/2.md"].markdown
    assert f'<a class="post__child" href="#card-{two}">' in first
    assert f'<a class="post__child" href="../../thread/2/#post-{three}">' in first
    assert f'<a class="post__parent" href="../../../thread/#post-{two}">' in second
    assert "#card-" not in second.replace(f'id="card-{three}"', "")


# /people/: a table of the site's own that fits a phone.


def test_the_people_table_is_one_escaped_html_block():
    discussion, pages = site("@a law\n@b law and more\n@c nothing\n")
    text = pages["people/index.md"].markdown
    table = text[text.index('<table class="people-table">') :]
    table = table[: table.index("</table>") + len("</table>")]
    assert "\n\n" not in table  # one raw HTML block
    assert '<th scope="row"><a href="a/">@a</a></th>' in table
    assert '<a href="../themes/law/">Law &amp; order</a>' in table
    mentioned = len(discussion.mentioned_in("b"))
    assert (
        f'<a href="b/mentions/">{mentioned}<span class="visually-hidden"> '
        f"{mentioned} post mentions @b</span></a>"
    ) in table
    html = markdown.markdown(text, extensions=["toc", "tables"])
    assert html.count('<table class="people-table">') == 1 and "<table>" not in html


# The overview's facts: where the thread comes from, when, who edits it, how to opt out.


def facts_site(posts, authors=None, optout=None):
    thread = Thread(tuple(posts))
    discussion = link(classify(thread, THEMES), THEMES, (), authors or {}, optout)
    return render(discussion, Meta("Test"))[0].markdown.split("## About this archive\n", 1)[1]


def post(number: int, **fields) -> Post:
    return Post(
        id=f"p{number}",
        paragraphs=((Span("text", f"post {number}"),),),
        source=SourceRef("t.json", number),
        **fields,
    )


def test_the_overview_says_where_and_when_the_thread_was_written():
    facts = facts_site(
        [
            post(1, author="a", author_basis="source", url="javascript:alert(1)"),
            post(
                2,
                author="a",
                author_basis="source",
                url="https://x.example/@a/2",
                published="2024-03-02T10:00:00Z",
            ),
            post(
                3,
                author="b",
                author_basis="source",
                url="https://x.example/@b/3",
                published="2024-03-01T09:00:00Z",
            ),
        ],
        authors={"editors": Author("editors", "Ann & <Bo>", "https://ann.example/")},
    )
    assert "- **Original thread:** published at [https://x\\.example/@a/2]" in facts
    assert "(https://x.example/@a/2)." in facts  # the first address that is a web address
    assert "the first post was written on 1 March 2024, the last on 2 March 2024." in facts
    assert "- **Editors:** Ann &amp; &lt;Bo&gt; ([website](https://ann.example/))." in facts
    assert "Ask the editors through [their website](https://ann.example/)" in facts
    assert "No post has been removed so far." in facts


def test_the_overview_says_what_the_sources_do_not_give():
    facts = facts_site(
        [post(1), post(2, reply_to="p1", reply_basis="source")],
        optout=OptOut(posts={"p2": 1}),
    )
    assert "- **Original thread:** the sources do not give its address." in facts
    assert "- **Dates:** the sources do not give them." in facts
    assert "an ` editors ` entry in the commentary authors file names them" in facts
    assert "Ask the editors, naming" in facts
    assert "1 post has been removed so far." in facts
