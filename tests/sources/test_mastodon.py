"""Reading Mastodon API JSON: golden files, thread order, reply edges, errors, real responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.errors import ContentError
from generator.link import link
from generator.sources import json_file, json_source
from generator.sources.read import read_sources
from generator.text import HANDLE
from tests.conftest import ROOT, UPDATE_GOLDEN, flow, mkdocs_build, write_golden
from tests.site_html import read_site

FIXTURES = ROOT / "tests" / "fixtures" / "mastodon"
GOLDEN = ROOT / "tests" / "golden" / "read_mastodon"
SHARED = ROOT.parent / "shared" / "fixtures" / "mastodon"


def thread_data(thread) -> dict:
    """Everything a reader produced, as plain data for golden files."""
    return {
        "posts": [
            {
                "id": post.id,
                "author": post.author,
                "author_basis": post.author_basis,
                "reply_to": post.reply_to,
                "reply_basis": post.reply_basis,
                "uri": post.uri,
                "url": post.url,
                "published": post.published,
                "edited": post.edited,
                "warning": post.warning,
                "source": flow([post.source.path, post.source.line]),
                "mentions": flow(post.mentions),
                "media": [media_data(m) for m in post.media],
                "card": flow([post.card.url, post.card.title, post.card.description])
                if post.card
                else None,
                "paragraphs": spans_data(post.paragraphs),
                "author_via": post.author_via,
                "actor": post.actor,
                "lang": post.lang,
                "title": post.title,
                "summary": post.summary,
                "kinds": flow(post.kinds),
                "poll": poll_data(post.poll),
                "quote": quote_data(post.quote),
                "followers_only": post.followers_only,
            }
            for post in thread.posts
        ],
        "people": {
            key: flow([p.handle, p.display_name, p.url, p.actor])
            for key, p in thread.people.items()
        },
        "skipped": dict(sorted(thread.skipped.items())),
    }


def media_data(m) -> list:
    """A medium; with the site's copy of its file, or why it was left out, where a source
    holds the file (an account archive)."""
    copy = [m.file, m.media_type, m.width, m.height, m.left_out] if m.file or m.left_out else []
    return flow([m.kind, m.description, m.url, m.sensitive, *copy])


def spans_data(paragraphs) -> list:
    return [[flow([s.kind, s.text, s.target]) for s in para] for para in paragraphs]


def poll_data(poll) -> dict | None:
    if poll is None:
        return None
    return {
        "options": [flow([o.title, o.votes]) for o in poll.options],
        "multiple": poll.multiple,
        "closes": poll.closes,
        "closed": poll.closed,
        "voters": poll.voters,
    }


def quote_data(quote) -> dict | None:
    if quote is None:
        return None
    return {
        "uri": quote.uri,
        "url": quote.url,
        "author": quote.author,
        "status_id": quote.status_id,
        "withdrawn": quote.withdrawn,
        "paragraphs": spans_data(quote.paragraphs),
    }


def check_golden(source: Path, golden: Path) -> None:
    """Read ``source`` as the project does and compare with the golden file."""
    got = thread_data(read_sources([(source, source.name)]))
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        write_golden(golden, got)
    assert got == yaml.safe_load(golden.read_text(encoding="utf-8"))


def read(name: str):
    return read_sources([(FIXTURES / name, name)])


def raw_statuses(path: Path) -> list[dict]:
    """The statuses of a file as the API gave them, boosts resolved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "context" in data:
        data = [data["status"], *data["context"]["ancestors"], *data["context"]["descendants"]]
    elif isinstance(data, dict) and "ancestors" in data:
        data = [*data["ancestors"], *data["descendants"]]
    elif isinstance(data, dict):
        data = [data]
    return [s["reblog"] or s for s in data]


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_golden(source: Path):
    check_golden(source, GOLDEN / f"{source.stem}.yml")


def test_thread_order_is_depth_first_with_siblings_by_time_then_id():
    ids = [post.id for post in read("status-and-context.json").posts]
    # 100 is the root and 110 (the focal status) answers it. 110's replies by time: 120 and
    # 1150 share a second (120 is the smaller number), 137 is 800 ms before 136 although its
    # id is larger; 140 answers 130. 150 answers a post not in the file, so it is a root,
    # after 100 by time. The API listed them as 130 140 160 1150 150 136 120 137.
    assert ids == ["100", "110", "120", "1150", "137", "136", "130", "140", "150"]


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_reply_edges_are_the_sources_in_reply_to_id(source: Path):
    posts = read_sources([(source, source.name)]).posts
    raw = {s["id"]: s for s in raw_statuses(source)}
    assert posts
    for post in posts:
        assert post.reply_to == raw[post.id]["in_reply_to_id"]
        assert post.reply_basis == "source"
        assert post.author_basis == "source"


def test_a_reply_to_a_post_not_in_the_file_keeps_its_parent_id():
    posts = read("status-and-context.json").by_id()
    assert posts["150"].reply_to == "999"
    assert "999" not in posts


def test_direct_messages_are_not_published():
    thread = read("status-and-context.json")
    assert "160" not in thread.by_id()
    assert all("Just between us" not in post.text for post in thread.posts)


def test_the_focal_status_is_read_beside_its_context():
    assert "110" in read("status-and-context.json").by_id()
    assert [post.id for post in read("context.json").posts] == ["100", "120", "130"]


def test_a_boost_is_read_as_the_boosted_status_once():
    posts = read("statuses.json").posts
    assert [post.id for post in posts] == ["190", "200", "210"]
    assert posts[1].author == "bob@other.example"
    assert posts[1].uri == "https://other.example/users/bob/statuses/2"


def test_fields_of_a_status():
    post = read("status-and-context.json").by_id()["110"]
    assert post.author == "alice@example.social"  # acct "alice", domain from account.url
    assert post.published == "2024-03-01T10:00:00Z"  # 11:00:00.500+01:00
    assert post.edited == "2024-03-01T10:30:00Z"
    assert post.warning == "AI art, long"
    assert post.uri == "https://example.social/users/alice/statuses/110"
    assert post.url == "https://example.social/@alice/110"
    assert [(m.kind, m.description) for m in post.media] == [
        ("image", "A robot painting a sunset"),
        ("video", ""),
    ]
    assert post.card is not None and post.card.title == "What is art? Part one"
    assert post.mentions == ("bob@other.example",)
    assert post.text == (
        "@bob It is, see https://example.org/essays/what-is-art/part-one.html #AIArt"
    )


def test_people_keep_custom_emoji_as_text():
    people = read("status-and-context.json").people
    assert people["alice@example.social"].display_name == "Alice :blobcat:"
    assert people["bob@other.example"].display_name == "Bob 🎨"
    assert people["dave@far.example"].display_name == ""
    assert set(people) == {"alice@example.social", "bob@other.example", "carol@example.social"} | {
        "dave@far.example"
    }


def test_media_and_cards_only_link_over_http():
    post = read("statuses.json").by_id()["200"]
    assert [(m.kind, m.description, m.url) for m in post.media] == [
        ("audio", "A talk", "https://other.example/media/talk.mp3"),
        ("unknown", "odd file", ""),
    ]
    assert post.card is None


def test_hostile_content_is_literal_text_or_dropped():
    post = read("status-and-context.json").by_id()["140"]
    spans = [span for para in post.paragraphs for span in para]
    assert post.text == (
        "@carol Try this:click me data <b>not bold</b> {{ config }}\n\n"
        'quoted "deep" unclosed\n\ntail'
    )
    assert [s.kind for s in spans] == ["mention", "text", "text", "text"]
    for word in ("alert", "onerror", "javascript", "display: none", "hidden"):
        assert word not in post.text


def test_the_same_file_twice_keeps_each_post_once():
    source = FIXTURES / "statuses.json"
    thread = read_sources([(source, "a.json"), (source, "b.json")])
    assert [post.id for post in thread.posts] == ["190", "200", "210"]
    assert {post.source.path for post in thread.posts} == {"a.json"}


def test_overlapping_contexts_keep_each_post_once():
    wide, narrow = FIXTURES / "status-and-context.json", FIXTURES / "context.json"
    thread = read_sources([(narrow, "narrow.json"), (wide, "wide.json")])
    ids = [post.id for post in thread.posts]
    assert ids == ["100", "120", "130", "110", "1150", "137", "136", "140", "150"]


def test_repeated_ids_without_uri_are_still_an_error(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("@a one\n@b two\n")
    with pytest.raises(ContentError, match=r"^u.txt:1: post id '\w+' is read twice"):
        read_sources([(source, "t.txt"), (source, "u.txt")])


def status(post_id: str, reply: str | None, second: int = 0) -> dict:
    return {
        "id": post_id,
        "in_reply_to_id": reply,
        "created_at": f"2024-01-01T00:00:{second:02}Z",
        "account": {"acct": "a", "url": "https://e.social/@a"},
        "content": f"<p>post {post_id}</p>",
    }


def test_a_very_long_self_thread_is_read_in_order(tmp_path):
    chain = [status(str(n), str(n - 1) if n > 1 else None) for n in range(1, 3001)]
    path = write(tmp_path, json.dumps(chain[::-1]))
    assert [p.id for p in read_sources([(path, "s.json")]).posts] == [
        str(n) for n in range(1, 3001)
    ]


def test_replies_in_a_cycle_are_kept_for_the_link_stage_to_report(tmp_path):
    path = write(
        tmp_path, json.dumps([status("2", "1", 2), status("1", "2", 1), status("3", None)])
    )
    assert [p.id for p in read_sources([(path, "s.json")]).posts] == ["3", "1", "2"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        read_sources([(path, "s.json")])
    return [str(p) for p in err.value.problems]


def test_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path, '{\n  "ancestors": [\n    {"id": "1",}\n  ]\n}\n')
    assert errors(path) == [
        "s.json:3: invalid JSON: Expecting property name enclosed in double quotes at column 16;"
        f" expected {json_file._expected()}"
    ]
    assert json_file._expected().endswith(" or ActivityPub JSON")


def test_unknown_shape_says_what_is_accepted(tmp_path):
    [message] = errors(write(tmp_path, '{"statuses": [], "next": null}'))
    assert message.startswith("s.json:0: unknown JSON shape; expected ")
    assert "a Mastodon context" in message
    assert "an ActivityPub (Ordered)Collection" in message
    assert message.endswith("got an object with keys 'statuses', 'next'")


def test_wrong_fields_name_line_and_field(tmp_path):
    text = """[
  {"id": "1", "account": {"acct": "a", "url": "https://e.social/@a"},
   "created_at": "2024-01-01T00:00:00Z", "content": "<p>fine</p>"},
  {
    "id": "7",
    "account": {"acct": "../x", "url": "https://e.social/@x"},
    "created_at": "yesterday",
    "content": 5
  },
  {"id": "8", "created_at": "2024-01-01T00:00:00Z", "account": null},
  3
]
"""
    assert errors(write(tmp_path, text)) == [
        "s.json:5: field 'account.acct': not a handle; expected 'user@domain', or 'user' with "
        "the domain in account.url, got '../x'",
        "s.json:5: field 'created_at': not a time; expected an ISO 8601 time like "
        "'2022-11-07T15:59:20Z', got 'yesterday'",
        "s.json:5: field 'content': wrong type; expected a string, got 5",
        "s.json:10: field 'account': missing; expected an account object, got nothing",
        "s.json:0: field '[3]': not a status; expected a Mastodon status object, got 3",
    ]


def test_ids_must_be_fit_for_an_anchor(tmp_path):
    bad = [status("1", None), status('1"><script>', None), status("2", "../1")]
    text = json.dumps(bad, indent=1)
    lines = text.split("\n")
    bad_id = lines.index('  "id": "1\\"><script>",') + 1
    reply = lines.index('  "id": "2",') + 1
    assert errors(write(tmp_path, text)) == [
        f"s.json:{bad_id}: field '[1].id': not a status id; expected an id of letters, digits, "
        "'-' and '_' such as '109303349968097604', got '1\"><script>'",
        f"s.json:{reply}: field 'in_reply_to_id': not a status id; expected an id of letters, "
        "digits, '-' and '_' such as '109303349968097604' or null, got '../1'",
    ]


def test_lone_surrogates_from_json_escapes_are_dropped(tmp_path):
    one = status("1", None)
    one["content"] = "<p>a\ud800b</p>"
    one["account"]["display_name"] = "\udfffName"
    one["spoiler_text"] = "cw\udc00"
    path = write(tmp_path, json.dumps([one]))  # ensure_ascii writes them as \u escapes
    thread = read_sources([(path, "s.json")])
    assert thread.posts[0].text == "ab"
    assert thread.posts[0].warning == "cw"
    assert thread.people["a@e.social"].display_name == "Name"


def shared(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"recorded Mastodon responses are absent: {path} not found")
    return path


def test_shared_small_context():
    # Six replies to a status the context leaves out, by three people on two servers.
    path = shared("context-small.json")
    thread = read_sources([(path, path.name)])
    posts = thread.by_id()
    assert len(thread.posts) == 6
    assert {p.author for p in thread.posts} == {
        "chainsawriot@social.tchncs.de",
        "0xba@social.tchncs.de",
        "bastos@scholar.social",
    }
    assert thread.people["0xba@social.tchncs.de"].display_name == "acile :archlinux:"
    missing = [p.id for p in thread.posts if p.reply_to not in posts]
    assert missing == ["109303309876585639", "109303349968097604"]
    assert {posts[i].reply_to for i in missing} == {"109303266941599451"}
    assert sum(1 for p in thread.posts if p.card) == 2
    assert not any(p.warning for p in thread.posts)
    assert posts["109303330123967399"].text == "@0xba https://github.com/schochastics/rtoot"


def test_shared_context_with_ancestors():
    path = shared("context-with-ancestors.json")
    thread = read_sources([(path, path.name)])
    root, *rest = thread.posts
    assert len(thread.posts) == 4
    assert root.id == "109303266941599451" and root.reply_to is None
    assert root.author == "chainsawriot@social.tchncs.de"
    assert [m.kind for m in root.media] == ["image"]
    # The focal status, which 109303330123967399 answers, is not part of its context.
    assert rest[0].id == "109303330123967399"
    assert rest[0].reply_to == "109303309876585639" not in thread.by_id()


def test_shared_hashtag_timeline():
    path = shared("statuses-with-content-warnings.json")
    thread = read_sources([(path, path.name)])
    posts = thread.by_id()
    assert len(thread.posts) == 40
    assert len(thread.people) == 30
    # Despite the file's name, none of its statuses carries a content warning.
    assert not any(p.warning for p in thread.posts)
    assert sum(1 for p in thread.posts if p.edited) == 6
    assert sum(len(p.media) for p in thread.posts) == 8
    assert all(HANDLE.fullmatch(p.author) and "@" in p.author for p in thread.posts)
    missing = [p for p in thread.posts if p.reply_to and p.reply_to not in posts]
    assert len(missing) == 12
    # A self-thread whose first part is not in the file.
    self_reply = posts["114813432617339439"]
    assert self_reply.author == "realscientists.de@bsky.brid.gy"
    assert self_reply.reply_to == "114813416259308170" not in posts
    # A self-thread whose parent is here: the reply follows it.
    ids = [p.id for p in thread.posts]
    assert posts["114724626341092604"].reply_to == "114673046826396949"
    assert ids.index("114724626341092604") == ids.index("114673046826396949") + 1


@pytest.mark.slow
def test_a_mastodon_thread_builds_into_a_site(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "thread.json").write_bytes((FIXTURES / "status-and-context.json").read_bytes())
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: A Mastodon thread\n"
        "theme: {name: material}\n"
        "plugins:\n  - search\n  - discussion:\n      sources: [thread.json]\n"
        "validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn,"
        " anchors: warn}\n",
        encoding="utf-8",
    )
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    cards = read_site(tmp_path / "site")["thread/"].cards
    assert [(c.attrs["data-post-id"], c.attrs["data-author"]) for c in cards] == [
        ("100", "bob@other.example"),
        ("110", "alice@example.social"),
        ("120", "dave@far.example"),
        ("1150", "dave@far.example"),
        ("137", "dave@far.example"),
        ("136", "carol@example.social"),
        ("130", "carol@example.social"),
        ("140", "alice@example.social"),
        ("150", "carol@example.social"),
    ]
    html = (tmp_path / "site" / "thread" / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in html and "onerror" not in html and "javascript:" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html


def pretty(statuses: list[dict]) -> str:
    """Statuses as a pretty-printed export: each status's id on its own line."""
    return json.dumps(statuses, indent=1)


def line_of_id(text: str, post_id: str, nth: int = 1) -> int:
    """The line of the ``nth`` ``"id": "post_id"`` in ``text``, counted by the test itself."""
    found = [n for n, line in enumerate(text.split("\n"), 1) if f'"id": "{post_id}"' in line]
    return found[nth - 1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "0001-01-01T00:00:00+01:00"),  # before the year 1 in UTC
        ("edited_at", "9999-12-31T23:59:59-01:00"),  # after the year 9999 in UTC
        ("created_at", "2024-13-01T00:00:00Z"),
    ],
)
def test_a_time_out_of_range_is_not_a_time(tmp_path, field, value):
    text = pretty([status("1", None), dict(status("2", None), **{field: value})])
    assert errors(write(tmp_path, text)) == [
        f"s.json:{line_of_id(text, '2')}: field {field!r}: not a time; expected an ISO 8601 "
        f"time like '2022-11-07T15:59:20Z', got {value!r}"
    ]


def test_times_near_the_ends_of_the_calendar_keep_four_digit_years(tmp_path):
    early = dict(status("1", None), created_at="0005-01-01T01:00:00+01:00")
    late = dict(status("2", None), created_at="9999-12-31T22:59:59-01:00")
    posts = read_sources([(write(tmp_path, json.dumps([early, late])), "s.json")]).posts
    assert [p.published for p in posts] == ["0005-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]


def test_each_post_carries_the_line_of_its_id(tmp_path):
    text = pretty([status("1", None), status("2", "1", 1)])
    thread = read_sources([(write(tmp_path, text), "s.json")])
    assert [(p.id, p.source.line) for p in thread.posts] == [
        ("1", line_of_id(text, "1")),
        ("2", line_of_id(text, "2")),
    ]


def test_a_reply_cycle_is_reported_at_the_line_of_a_post(tmp_path):
    text = pretty([status("1", "2"), status("2", "1", 1)])
    thread = read_sources([(write(tmp_path, text), "s.json")])
    with pytest.raises(ContentError) as err:
        link(thread, ())
    [problem] = err.value.problems
    assert problem.line in (line_of_id(text, "1"), line_of_id(text, "2"))
    assert str(problem).startswith(f"s.json:{problem.line}: replies form a cycle: ")


def test_every_problem_is_found_with_one_scan_of_the_file(tmp_path, monkeypatch):
    scans = []
    build = json_source.Lines._build
    monkeypatch.setattr(json_source.Lines, "_build", lambda self: scans.append(1) or build(self))
    bad = [dict(status(str(n), None), created_at="bad") for n in range(1, 501)]
    text = pretty(bad)
    problems = errors(write(tmp_path, text))
    assert len(problems) == 500 and len(scans) == 1
    assert problems[499].startswith(f"s.json:{line_of_id(text, '500')}: field 'created_at'")


def test_two_different_statuses_with_one_id_are_an_error(tmp_path):
    first = dict(status("1", None), uri="https://e.social/statuses/1")
    second = dict(status("1", None), uri="https://e.social/other", content="<p>SECOND</p>")
    text = pretty([first, status("2", None), second])
    assert errors(write(tmp_path, text)) == [
        f"s.json:{line_of_id(text, '1', 2)}: post id '1' is read twice"
    ]


def test_two_statuses_with_one_id_and_no_uri_are_an_error_unless_alike(tmp_path):
    other = dict(status("1", None), content="<p>other words</p>")
    text = pretty([status("1", None), other])
    assert errors(write(tmp_path, text)) == [
        f"s.json:{line_of_id(text, '1', 2)}: post id '1' is read twice"
    ]
    alike = read_sources([(write(tmp_path, pretty([status("1", None)] * 2)), "s.json")])
    assert [p.id for p in alike.posts] == ["1"]


def test_copies_of_one_status_are_kept_once_without_a_word(tmp_path):
    uri = "https://e.social/statuses/1"
    original = dict(status("1", None), uri=uri)
    # A boost of it, and the focal status repeated in its context (counts changed since).
    boost = dict(status("9", None), reblog=dict(original, replies_count=3))
    context = {
        "status": original,
        "context": {"ancestors": [boost], "descendants": [dict(original, edited_at=None)]},
    }
    thread = read_sources([(write(tmp_path, json.dumps(context)), "s.json")])
    assert [p.id for p in thread.posts] == ["1"]


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private", None])
def test_public_and_followers_only_statuses_are_read(tmp_path, visibility):
    one = dict(status("1", None), visibility=visibility)
    if visibility is None:
        del one["visibility"]
    assert [p.id for p in read_sources([(write(tmp_path, json.dumps([one])), "s.json")]).posts] == [
        "1"
    ]


@pytest.mark.parametrize(
    "visibility", ["direct", "limited", "mutuals_only", "local", "", "Public", 5, True, ["public"]]
)
def test_direct_limited_and_unknown_visibilities_are_never_published(tmp_path, visibility):
    secret = dict(status("2", None), visibility=visibility, content="<p>secret</p>")
    boost_of_secret = dict(status("3", None), visibility="public", reblog=secret)
    secret_boost = dict(status("4", None), visibility=visibility, reblog=status("5", None))
    text = json.dumps([status("1", None), secret, boost_of_secret, secret_boost])
    thread = read_sources([(write(tmp_path, text), "s.json")])
    assert [p.id for p in thread.posts] == ["1"]
    assert "secret" not in " ".join(p.text for p in thread.posts)
