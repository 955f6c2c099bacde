""" "The argument" on theme pages: a reader follows a claim to the posts that make it, reads
what answers it, and sees the same in a picture; editors' words are shown as text."""

from __future__ import annotations

import re
import textwrap

import pytest

from generator.editorial.positions import load_positions
from generator.pages.argument import argument_tree
from generator.pipeline import Settings, generate
from tests.browsing import open_page, serve
from tests.conftest import ROOT, UPDATE_GOLDEN, make_project, mkdocs_build
from tests.publish.test_build import discussion_of
from tests.site_html import dead_links, read_site

pytestmark = pytest.mark.slow

THREAD = """\
    @op Training a model copies nothing of a work.
    @critic @op The law covers use, not only copies.
    @op @critic Nobody is owed pay for being measured.
    @critic @op Apps already sell artists' styles without paying them.
"""
TAXONOMY = """\
    themes:
      - id: law
        title: The law
        summary: What the law says.
        terms: [copies, law]
      - id: pay
        title: Pay
        summary: Who is paid.
        terms: [pay, paying]
"""
HOSTILE = '<img src=x onerror="alert(1)"> & "quotes" </div>'
POSITIONS = """\
    claims:
      - id: nothing-copied
        theme: law
        claim: Training copies nothing.
        posts: ["{0}"]
      - id: use-too
        theme: law
        claim: Copyright covers use as well.
        posts: ["{1}"]
        objects: nothing-copied
        note: {hostile!r}
      - id: no-pay-owed
        theme: pay
        claim: Nobody is owed pay for being measured.
        posts: ["{2}"]
        supports: nothing-copied
      - id: styles-sold
        theme: pay
        claim: {hostile!r}
        posts: ["{3}", "{1}"]
        objects: no-pay-owed
"""


def project(tmp_path):
    folder = make_project(tmp_path, THREAD, taxonomy=TAXONOMY, options="positions: positions.yml")
    (folder / "positions.yml").write_text("claims: []\n", encoding="utf-8")
    ids = [post.id for post in discussion_of(folder).posts]
    text = textwrap.dedent(POSITIONS).format(*ids, hostile=HOSTILE)
    (folder / "positions.yml").write_text(text, encoding="utf-8")
    return folder, ids


def test_the_tree_opens_with_the_themes_own_claims_and_nests_the_answers(tmp_path):
    folder, ids = project(tmp_path)
    positions = load_positions(folder / "positions.yml", "p.yml", {"law", "pay"}, set(ids))
    law = [(n.claim.id, n.depth, n.parent) for n in argument_tree(positions, "law")]
    assert law == [
        ("nothing-copied", 0, ""),
        ("use-too", 1, "nothing-copied"),
        ("no-pay-owed", 1, "nothing-copied"),
        ("styles-sold", 2, "no-pay-owed"),
    ]
    pay = [(n.claim.id, n.depth) for n in argument_tree(positions, "pay")]
    assert pay == [("no-pay-owed", 0), ("styles-sold", 1)]


def test_golden_section_and_picture(tmp_path):
    folder, _ = project(tmp_path)
    settings = Settings(
        root=folder,
        docs_dir=folder / "docs",
        sources=(folder / "thread.txt",),
        taxonomy=folder / "themes.yml",
        positions=folder / "positions.yml",
    )
    pages = {page.path: page for page in generate(settings).pages}
    section = pages["themes/law.md"].skeleton
    start = section.index("## The argument")
    got = section[start : section.index("</figure>", start) + len("</figure>")] + "\n"
    golden = ROOT / "tests" / "golden" / "argument" / "law.md"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    assert HOSTILE not in got  # escaped wherever it is shown


def test_a_reader_follows_a_claim_to_its_post_and_the_picture_to_the_claim(tmp_path, browser):
    folder, ids = project(tmp_path)
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    assert dead_links(site, read_site(site)) == []
    server, base = serve(site)
    try:
        context, page, watch = open_page(browser, base)
        page.goto(f"{base}/themes/law/")
        section = page.locator(".argument")
        assert page.get_by_role("heading", name="The argument").is_visible()
        claims = section.locator(".argument__text")
        assert claims.all_inner_texts() == [
            "Training copies nothing.",
            "Copyright covers use as well.",
            "Nobody is owed pay for being measured.",
            HOSTILE,  # the editors' words as text, not markup
        ]
        assert "Objects:" in section.locator("#claim-use-too").text_content()
        note = section.locator("#claim-use-too .argument__note").inner_text()
        assert note == f"Editors' note: {HOSTILE}"
        # a claim of another theme nested here leads to its own page
        elsewhere = section.locator(".argument__elsewhere a").first
        assert elsewhere.get_attribute("href") == "../pay/#claim-no-pay-owed"

        section.locator("#claim-nothing-copied > .argument__posts a").first.click()
        page.wait_for_url(re.compile(rf"#card-{ids[0]}$"))  # its card on this page
        assert page.evaluate("document.querySelector(':target').id") == f"card-{ids[0]}"
        assert page.locator(f"#card-{ids[0]}").is_visible()

        page.goto(f"{base}/themes/law/")
        picture = page.get_by_role("group", name="The argument: The law")
        assert picture.is_visible()
        assert (
            page.locator("#argument-law-desc").text_content().startswith("4 claims: 2 objections")
        )
        picture.locator("a.argument__node").nth(1).click()
        page.wait_for_url(re.compile(r"#claim-use-too$"))
        assert page.locator("#claim-use-too").is_visible()

        # and back: the card of a post that makes claims links to each
        page.goto(f"{base}/thread/#post-{ids[1]}")
        claims = page.locator(f"#post-{ids[1]} .post__claims")
        assert claims.inner_text() == (
            f"Makes the claims: Copyright covers use as well. · {HOSTILE}"
        )
        claims.get_by_role("link", name="Copyright covers use as well.").click()
        page.wait_for_url(re.compile(r"/themes/law/#claim-use-too$"))
        assert page.evaluate("document.querySelector(':target').id") == "claim-use-too"
        watch.assert_clean()
        context.close()
    finally:
        server.shutdown()


def test_a_claim_that_answers_another_themes_answer_is_in_its_themes_tree_once(tmp_path):
    """law's a ← pay's b objects ← law's c objects ← law's d supports: c opens law's
    argument (it answers pay's b) and is not repeated under b."""
    path = tmp_path / "positions.yml"
    claims = [("a", "law", ""), ("b", "pay", "objects: a"), ("c", "law", "objects: b")]
    claims.append(("d", "law", "supports: c"))
    path.write_text(
        "claims:\n"
        + "".join(
            f"  - id: {i}\n    theme: {t}\n    claim: {i}\n    posts: [p]\n"
            + (f"    {rel}\n" if rel else "")
            for i, t, rel in claims
        )
    )
    positions = load_positions(path, "p.yml", {"law", "pay"}, {"p"})
    law = [(n.claim.id, n.depth) for n in argument_tree(positions, "law")]
    assert law == [("a", 0), ("b", 1), ("c", 0), ("d", 1)]
