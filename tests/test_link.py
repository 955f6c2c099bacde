"""The link stage: reply edges and authors from the mention chain, cycles, indexes."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import infer as infer_module
from generator.editorial.optout import OptOut, redact
from generator.editorial.taxonomy import OTHER, Theme, classify
from generator.errors import ContentError
from generator.infer import infer
from generator.link import Participant, link, participants
from generator.model import Person, Post, Quote, SourceRef, Span, Thread
from generator.sources.plain_text import read_plain_text


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

    # x wrote post 2 and addresses x: post 1, which could be anyone's, is still not its parent
    def by_x(i, post):
        return replace(post, author="x", author_basis="editor") if i == 1 else post

    d = linked("hi there\n@x again\n", edit=by_x)
    assert summary(d)[1][1:4] == ("x", "editor", None)


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


# Inference and the participants index, against the first versions of both: those asked
# every earlier post in turn and copied posts at each step.


def reference_infer(posts):
    def lower(handles):
        return {h.lower() for h in handles}

    def find_parent(i):
        reply = posts[i]
        addressee = reply.addressee.lower()
        if not addressee or reply.author.lower() == addressee:
            return None
        named, own = lower(reply.mentions), reply.author.lower()
        for j in range(i - 1, max(-1, i - 1 - infer_module.SEARCH_BACK), -1):
            candidate = posts[j]
            author = candidate.author.lower()
            if author:
                if author == addressee:
                    return j
                continue
            mentioned = lower(candidate.mentions)
            if addressee in mentioned:
                continue
            left_out = mentioned - named - {own}
            if not left_out or (len(left_out) == 1 and not own):
                return j
        return None

    def learn(child, parent):
        reply, original = posts[child], posts[parent]
        learnt = False
        addressee = reply.addressee
        if (
            not original.author
            and addressee
            and addressee.lower() != reply.author.lower()
            and addressee.lower() not in lower(original.mentions)
        ):
            posts[parent] = original = replace(original, author=addressee, author_basis="inferred")
            learnt = True
        if not reply.author:
            left_out = [
                h
                for h in original.mentions
                if h.lower() not in lower(reply.mentions) and h.lower() != original.author.lower()
            ]
            if len(left_out) == 1:
                posts[child] = replace(reply, author=left_out[0], author_basis="inferred")
                learnt = True
        return learnt

    index = {post.id: i for i, post in enumerate(posts)}
    edges = []
    for i, post in enumerate(posts):
        if post.reply_basis != "none":
            parent = index.get(post.reply_to) if post.reply_to is not None else None
        else:
            parent = find_parent(i)
            if parent is not None:
                posts[i] = replace(post, reply_to=posts[parent].id, reply_basis="inferred")
        if parent is not None:
            edges.append((i, parent))
            learn(i, parent)
    changed = True
    while changed:
        changed = any([learn(child, parent) for child, parent in edges])
    return posts


def reference_participants(posts, known, by_id, optout):
    names = {}
    for post in posts:
        for handle in (post.author, *post.mentions):
            if handle and not optout.covers_account(handle):
                names.setdefault(handle.lower(), handle)
    written = {key: [] for key in names}
    themes = {key: Counter() for key in names}
    replied_to = {key: Counter() for key in names}
    replied_by = {key: Counter() for key in names}
    mentioned = Counter()
    for post in posts:
        mentioned.update({h.lower() for h in post.mentions} & names.keys())
        if not post.author:
            continue
        key = post.author.lower()
        written[key].append(post.id)
        themes[key].update(post.themes or (OTHER,))
        parent = by_id.get(post.reply_to) if post.reply_to else None
        answered = parent.author if parent is not None else post.addressee
        if answered and answered.lower() != key and answered.lower() in names:
            replied_to[key][names[answered.lower()]] += 1
            replied_by[answered.lower()][names[key]] += 1

    def ranked(counter):
        return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower())))

    people = [
        Participant(
            person=known.get(key) or Person(handle=names[key]),
            posts=tuple(written[key]),
            themes=ranked(themes[key]),
            replied_to=ranked(replied_to[key]),
            replied_by=ranked(replied_by[key]),
            mentioned=mentioned[key],
        )
        for key in names
    ]
    people.sort(key=lambda p: (-len(p.posts), -p.mentioned, p.person.handle.lower()))
    return tuple(people)


HANDLES = ["a", "A", "b", "Bob", "bob", "c", "d@x.social", "D@X.social"]


@st.composite
def threads(draw):
    size = draw(st.integers(0, 14))
    posts = []
    for i in range(size):
        author = draw(st.sampled_from(["", "", "", *HANDLES]))
        edge = draw(st.sampled_from(["none", "none", "none", "source", "editor"]))
        target = draw(st.sampled_from([None, "gone", *(f"p{j}" for j in range(size))]))
        posts.append(
            Post(
                id=f"p{i}",
                paragraphs=(),
                source=SourceRef("t.txt", i + 1),
                mentions=tuple(draw(st.lists(st.sampled_from(HANDLES), max_size=4))),
                author=author,
                author_basis="source" if author else "unknown",
                reply_to=target if edge != "none" else None,
                reply_basis=edge,
                themes=tuple(draw(st.lists(st.sampled_from(["x", "y"]), max_size=2, unique=True))),
            )
        )
    return posts


@settings(max_examples=1000, deadline=None)
@given(posts=threads(), window=st.sampled_from([1, 2, 3, 2000]), opted=st.sampled_from(["", "b"]))
def test_inference_and_participants_are_those_of_a_plain_search(posts, window, opted):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(infer_module, "SEARCH_BACK", window)
        inferred = infer(list(posts))
        assert inferred == reference_infer(list(posts))
    optout = OptOut(frozenset({opted} - {""}))
    inferred = [redact(p) if p.author and optout.covers_account(p.author) else p for p in inferred]
    by_id = {post.id: post for post in inferred}
    known = {"a": Person("a", "Ann")}
    assert participants(inferred, known, by_id, optout) == reference_participants(
        inferred, known, by_id, optout
    )


def test_an_empty_handle_teaches_no_author():
    # Readers never make one, but a Thread built by other code might; inference must end.
    posts = [
        Post(id="p0", paragraphs=(), source=SourceRef("t.txt", 1), mentions=("",)),
        Post(id="p1", paragraphs=(), source=SourceRef("t.txt", 2), mentions=("x",)),
    ]
    [first, second] = infer(posts)
    assert (first.author, second.author, second.reply_to) == ("x", "", "p0")


def test_a_quote_names_the_post_of_the_archive_it_quotes():
    def edit(i, post):
        if i == 0:
            return replace(post, uri="https://example.social/users/op/statuses/1")
        quoted = Quote(uri="https://example.social/users/op/statuses/1", author="op")
        return replace(post, quote=quoted if i == 1 else Quote(uri="https://else.example/9"))

    posts = linked("@op first\n@alice @op second\n@bob third\n", edit=edit).posts
    assert posts[1].quote.post == posts[0].id
    assert posts[2].quote.post == ""  # not in the archive


def test_a_quote_of_an_opted_out_account_is_emptied_even_when_the_archive_lacks_it():
    thread = read_plain_text("@op first\n@alice @op second\n", "t.txt", {})
    quoted = Quote(
        uri="https://example.social/users/carol/statuses/5",
        url="https://example.social/@carol/5",
        author="carol@example.social",
        paragraphs=((Span("text", "carol's words"),),),
    )
    posts = (thread.posts[0], replace(thread.posts[1], quote=quoted))
    optout = OptOut(accounts=frozenset({"carol@example.social"}))
    (_, quoting) = link(Thread(posts), (), optout=optout).posts
    assert quoting.quote == Quote(uri="", removed=True)


@pytest.mark.parametrize(
    "quoted",
    [
        Quote(uri="https://example.social/users/carol/statuses/5"),
        Quote(uri="", url="https://example.social/@carol/5", paragraphs=((Span("text", "x"),),)),
    ],
    ids=["actor-style uri", "profile-style url"],
)
def test_a_quote_that_names_no_author_is_emptied_when_its_address_names_an_opted_out_one(
    quoted,
):
    thread = read_plain_text("@op first\n@alice @op second\n", "t.txt", {})
    posts = (thread.posts[0], replace(thread.posts[1], quote=quoted))
    optout = OptOut(accounts=frozenset({"carol@example.social"}))
    (_, quoting) = link(Thread(posts), (), optout=optout).posts
    assert quoting.quote == Quote(uri="", removed=True)
    other = OptOut(accounts=frozenset({"carol@elsewhere.example"}))
    (_, kept) = link(Thread(posts), (), optout=other).posts
    assert kept.quote == quoted  # another server's carol
