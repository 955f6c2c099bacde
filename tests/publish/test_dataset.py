"""The discussion as a dataset: what a researcher loads from data/ is valid, whole, and
the same as what the site shows."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from frictionless import validate

from tests.browsing import open_page, serve
from tests.conftest import ROOT, make_project, mkdocs_build, run

pytestmark = pytest.mark.slow


class Cards(HTMLParser):
    """Each post card of a page as the reader sees it: its id and the post it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: dict[str, str] = {}
        self.current = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "article" and "post" in classes and (attrs.get("id") or "").startswith("post-"):
            self.current = attrs["id"].removeprefix("post-")
            self.posts[self.current] = ""
        elif tag == "a" and "post__parent" in classes and self.current:
            self.posts[self.current] = re.sub(r".*#post-", "", attrs.get("href") or "")


def site_cards(site: Path) -> dict[str, str]:
    """Post id → parent id (or "") of every card on the thread's pages."""
    cards: dict[str, str] = {}
    for page in sorted((site / "thread").rglob("index.html")):
        parser = Cards()
        parser.feed(page.read_text(encoding="utf-8"))
        for post, parent in parser.posts.items():
            assert post not in cards, f"post {post} twice on the thread"
            cards[post] = parent
    return cards


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_seed_dataset_is_valid_and_holds_what_the_site_shows(seed_site):
    data = seed_site / "data"
    report = validate(data / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"posts", "posts_jsonl", "replies", "people", "themes", "post_themes"} <= names
    assert {"claims", "claim_posts"} <= names

    cards = site_cards(seed_site)
    posts = rows(data / "posts.csv")
    assert [p["id"] for p in posts] == list(cards), "every post once, in thread order"
    assert {p["id"]: p["parent"] for p in posts} == cards
    edges = {(r["post"], r["parent"]) for r in rows(data / "replies.csv")}
    assert edges == {(post, parent) for post, parent in cards.items() if parent}

    for resource in package["resources"]:  # JSON Lines: the CSV's rows, null for missing
        if resource["name"].endswith("_jsonl"):
            table = resource["name"].removesuffix("_jsonl")
            lines = (data / resource["path"]).read_text(encoding="utf-8").splitlines()
            as_csv = [
                {
                    k: ""
                    if v is None
                    else v
                    if isinstance(v, str)
                    else json.dumps(v, ensure_ascii=False)
                    for k, v in row
                }
                for row in (json.loads(line).items() for line in lines)
            ]
            assert as_csv == rows(data / f"{table}.csv"), table
    claims = rows(data / "claims.csv")
    assert len(claims) > 20  # the seed's positions
    for claim in claims:  # each claim is where the site shows it, with the same posts
        theme_page = (seed_site / "themes" / claim["theme"] / "index.html").read_text()
        assert f'id="claim-{claim["id"]}"' in theme_page
    made = {(r["claim"], r["post"]) for r in rows(data / "claim_posts.csv")}
    assert made == {(c, p["id"]) for p in posts for c in json.loads(p["claims"] or "[]")}
    for post in posts:  # each permalink opens the card it names
        page, anchor = post["permalink"].split("#")
        assert f'id="{anchor}"' in (seed_site / page / "index.html").read_text(encoding="utf-8")


def test_a_reader_finds_the_dataset_from_the_overview(seed_site, browser):
    server, base = serve(seed_site)
    try:
        context, page, watch = open_page(browser, base)
        page.goto(f"{base}/")
        link = page.get_by_role("link", name="datapackage.json")
        with page.expect_response(lambda r: r.url.endswith("/data/datapackage.json")) as got:
            link.click()
        package = got.value.json()
        assert [r["path"] for r in package["resources"]][:2] == ["posts.csv", "posts.jsonl"]
        for resource in package["resources"]:  # every file it names is there, whole
            answer = page.request.get(f"{base}/data/{resource['path']}")
            assert answer.ok and len(answer.body()) == resource["bytes"]
        watch.assert_clean()
        context.close()
    finally:
        server.shutdown()


def test_export_data_writes_the_same_files_as_the_site(seed_site, tmp_path):
    result = run(["-m", "generator", "export", "--data", str(tmp_path / "out")], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "exported the dataset (16 files)" in result.stdout
    published = {p.name: p.read_bytes() for p in (seed_site / "data").iterdir()}
    published["CITATION.cff"] = (seed_site / "CITATION.cff").read_bytes()
    exported = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert exported == published


def test_export_data_refuses_the_project_itself():
    result = run(["-m", "generator", "export", "--data", "."], cwd=ROOT)
    assert result.returncode != 0
    assert "is or holds the project itself" in result.stderr


HOSTILE = {  # text in a post → what the plain-text reader keeps of it, which must come back
    '=HYPERLINK("http://example.com","click")': '=HYPERLINK("http://example.com","click")',
    'a "quoted", comma\nsecond line': 'a "quoted", comma\n\nsecond line',
    "tab\there\r\nand CRLF": "tab here\n\nand CRLF",
    "ünïcødé 著作権 مرحبا 👩🏽‍💻": "ünïcødé 著作権 مرحبا 👩🏽‍💻",
}


def test_every_text_survives_the_round_trip_exactly(tmp_path):
    thread = "".join(f"@op post {n}: {text}\n\n" for n, text in enumerate(HOSTILE))
    folder = make_project(tmp_path / "p", thread)
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    data = folder / "site" / "data"
    report = validate(data / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    texts = [p["text"] for p in rows(data / "posts.csv")]
    jsonl = [json.loads(line)["text"] for line in (data / "posts.jsonl").read_text().splitlines()]
    assert texts == jsonl
    assert texts == [f"@op post {n}: {kept}" for n, kept in enumerate(HOSTILE.values())]


def test_a_broken_key_is_found_by_the_validator(seed_site, tmp_path):
    """The description is not decoration: a reply to a post that is not there fails."""
    data = tmp_path / "data"
    data.mkdir()
    for path in (seed_site / "data").iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    text = (data / "replies.csv").read_text(encoding="utf-8").splitlines()
    post, _parent, basis = text[1].split(",")
    text[1] = f"{post},0000000000,{basis}"
    (data / "replies.csv").write_text("\r\n".join(text) + "\r\n", encoding="utf-8")
    report = validate(data / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_a_followers_only_post_and_how_its_author_was_found_are_in_the_data(tmp_path):
    status = {
        "id": "1",
        "created_at": "2024-04-01T12:00:00.000Z",
        "visibility": "private",
        "uri": "https://example.social/users/alice/statuses/1",
        "url": "https://example.social/@alice/1",
        "content": "<p>for my followers</p>",
        "account": {"acct": "alice", "url": "https://example.social/@alice"},
        "mentions": [],
        "media_attachments": [],
    }
    folder = make_project(tmp_path, "")
    (folder / "thread.json").write_text(json.dumps([status]), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("sources: [thread.txt]", "sources: [thread.json]"))
    result = run(["-m", "generator", "export", "--data", str(tmp_path / "out")], cwd=folder)
    assert result.returncode == 0, result.stderr
    (post,) = rows(tmp_path / "out" / "posts.csv")
    assert (post["followers_only"], post["author_via"]) == ("true", "account")
