"""The link stage: reply edges and authors from the mention chain, cycles, indexes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.classify import OTHER, Theme, classify
from generator.errors import ContentError
from generator.link import link
from generator.model import Thread
from generator.read import read_plain_text


def linked(text: str, *themes: Theme, edit=None):
    thread = read_plain_text(text, "t.txt", {})
    if edit:
        thread = Thread(tuple(edit(i, p) for i, p in enumerate(thread.posts)))
    return link(classify(thread, themes), themes)


def summary(discussion) -> list[tuple]:
    number = {p.id: i for i, p in enumerate(discussion.posts, 1)}
    return [
        (i, p.author or None, p.author_basis, number.get(p.reply_to), p.reply_basis)
        for i, p in enumerate(discussion.posts, 1)
    ]


def test_mention_chain_gives_replies_and_authors():
    d = linked(
        "@op first reply\n"  # 1: answers op's post, which is not here
        "@alice @op second\n"  # 2: answers 1, so 1 is alice's
        "@bob @op third\n"  # 3: answers 2, so 2 is bob's; 3 leaves out alice: alice wrote it
        "@alice @op fourth\n"  # 4: answers alice's nearest post, 3; leaves out bob: bob's
    )
    assert summary(d) == [
        (1, "alice", "inferred", None, "none"),
        (2, "bob", "inferred", 1, "inferred"),
        (3, "alice", "inferred", 2, "inferred"),
        (4, "bob", "inferred", 3, "inferred"),
    ]


def test_left_out_mention_names_the_replys_author():
    d = linked("@a @carol point\n@b @a counter\n")
    # 2 answers a post by b that mentions a and carol... the only earlier post is 1, which
    # mentions a, so it cannot be by a; 2's first mention is b, and 1 does not mention b.
    # 1 mentions carol, whom 2 leaves out: carol wrote 2.
    assert summary(d) == [
        (1, "b", "inferred", None, "none"),
        (2, "carol", "inferred", 1, "inferred"),
    ]


def test_a_post_never_answers_its_own_author():
    d = linked("@x hi\n@x again\n")
    assert summary(d)[1][3] is None


def test_editor_values_are_never_overridden():
    def edit(i, post):
        if i == 0:
            return replace(post, author="zed", author_basis="editor")
        return post

    d = linked("@op first\n@alice @op second\n", edit=edit)
    assert d.posts[0].author == "zed"
    # the nearest post by alice does not exist: the author zed is known and is not alice
    assert d.posts[1].reply_to is None


def test_editor_reply_to_null_means_not_in_archive():
    def edit(i, post):
        return replace(post, reply_to=None, reply_basis="editor") if i == 1 else post

    d = linked("@op first\n@alice @op second\n", edit=edit)
    assert d.posts[1].reply_to is None
    assert d.posts[0].author == ""


def test_reply_cycles_are_refused():
    thread = read_plain_text("@a one\n@b two\n", "t.txt", {})
    a, b = thread.posts
    a = replace(a, reply_to=b.id, reply_basis="editor")
    b = replace(b, reply_to=a.id, reply_basis="editor")
    with pytest.raises(ContentError, match=r"^t.txt:1: replies form a cycle"):
        link(Thread((a, b)), ())


def test_a_reply_chain_10000_deep_is_linked_without_recursion():
    text = "start\n" + "".join(f"@{'ab'[i % 2]} reply {i}\n" for i in range(10_000))
    d = linked(text)
    posts = d.posts
    assert all(posts[i].reply_to == posts[i - 1].id for i in range(1, len(posts)))
    assert [p.author for p in posts[:5]] == ["a", "b", "a", "b", "a"]


def test_theme_groups_and_other():
    law = Theme("law", "Law", "s", "", ("law",))
    pay = Theme("pay", "Pay", "s", "", ("paid",))
    d = linked("@a law\n@b law and paid\n@c nothing\n", law, pay)
    ids = [p.id for p in d.posts]
    assert d.by_theme == {"law": tuple(ids[:2]), "pay": (ids[1],), OTHER: (ids[2],)}
    assert d.related == {"law": (("pay", 1),), "pay": (("law", 1),)}


def test_participants_count_posts_themes_and_replies():
    d = linked("@op first\n@alice @op second\n@bob @op third\n")
    people = {p.person.handle: p for p in d.people}
    assert [p.person.handle for p in d.people][:2] == ["alice", "bob"]
    assert people["bob"].replied_to == (("alice", 1),)
    assert people["alice"].replied_by == (("bob", 1),)
    assert people["op"].posts == () and people["op"].mentioned == 3
