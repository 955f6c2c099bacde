"""The plugin as a reader's site gets it: a wheel installed into a clean environment with
MkDocs and Material only, a minimal mkdocs.yml and no theme folder of its own.

Every reading aid the repository's own site gives must work there, in Chromium: the copy
link, the highlight of a post reached by its permalink, ``j``/``k``, the glossary's
tooltips; with no console error and no request leaving the site (Material's web font
included: the plugin turns it off under its policy).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.browsing import open_page, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

THREAD = """\
@op is training on art fair use? It is a question of copyright.
@alice @op fair use is decided case by case.
@op @alice so nobody knows yet.
"""
GLOSSARY = """\
terms:
  - term: fair use
    definition: A US defence that permits some uses of a work without permission.
"""
CONFIG = """\
site_name: A discussion
theme:
  name: material
  features: [content.tooltips]
plugins:
  - search
  - discussion:
      sources: [thread.txt]
      glossary: glossary.yml
"""


def pinned(folder: Path) -> Path:
    """The lock file's versions, without hashes, as pip constraints."""
    lines = [
        line.split()[0]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    ]
    constraints = folder / "constraints.txt"
    constraints.write_text("\n".join(lines) + "\n")
    return constraints


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A clean virtual environment with the plugin's wheel, MkDocs and Material."""
    folder = tmp_path_factory.mktemp("installed")
    wheel_options = ["--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *wheel_options, "-w", str(folder / "dist"), ROOT],
        check=True,
        timeout=300,
    )
    (wheel,) = (folder / "dist").glob("mkdocs_discussion-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "-c", str(pinned(folder))]
    install = subprocess.run(
        [*pip, str(wheel), "mkdocs", "mkdocs-material"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr
    return venv


def clean_env() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return dict(environment, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0")


def test_the_wheel_carries_its_metadata_assets_and_catalogues(installed):
    python = installed / "bin" / "python"
    shown = subprocess.run(
        [
            str(python),
            "-c",
            textwrap.dedent("""\
            from importlib import metadata
            import generator
            meta = metadata.metadata("mkdocs-discussion")
            print(generator.__file__)
            print(meta["Version"], meta["License-Expression"])
            from generator.i18n import language
            from generator.publish.labels import labels_script
            print(language("fr").gettext("Author unknown"))
            print("Copier le lien" in labels_script("fr").decode())
            print("\\n".join(meta.get_all("Classifier")))
            """),
        ],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=installed,
        check=True,
    ).stdout.splitlines()
    assert str(installed) in shown[0]  # the installed copy, not this checkout
    assert shown[1] == f"{__import__('generator').__version__} MIT"
    # the catalogues are package data: a French site gets its words from the wheel
    assert shown[2:4] == ["Auteur inconnu", "True"]
    assert "Framework :: MkDocs" in shown[4:]
    assert "Natural Language :: French" in shown[4:]


@pytest.fixture(scope="module")
def site(installed, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("minimal")
    (project / "docs").mkdir()
    (project / "thread.txt").write_text(THREAD, encoding="utf-8")
    (project / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    build = subprocess.run(
        [str(installed / "bin" / "mkdocs"), "build", "--strict"],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert "the theme's web font is off" in build.stderr
    return project / "site"


def test_every_reading_aid_works_on_a_minimal_site(site, browser):
    server, base = serve(site)
    try:
        context, page, watch = open_page(
            browser, base, permissions=["clipboard-read", "clipboard-write"]
        )
        page.goto(base + "/thread/", wait_until="networkidle")
        ids = page.locator("article.post").evaluate_all("els => els.map(e => e.dataset.postId)")
        assert len(ids) == 3
        # j and k walk the thread
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.dataset.postId") == ids[1]
        page.keyboard.press("k")
        assert page.evaluate("document.activeElement.dataset.postId") == ids[0]
        # the copy link puts the post's permalink on the clipboard
        page.locator(f"#post-{ids[2]} .post__copy").click()
        page.wait_for_function(
            f"() => document.querySelector('#post-{ids[2]} .post__copy').textContent"
            " === 'Link copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == f"{base}/thread/#post-{ids[2]}"
        # a glossary term shows its definition in Material's tooltip
        page.locator("a.glossary-term").first.hover()
        tooltip = page.locator(".md-tooltip2--active").filter(has_text="US defence")
        tooltip.wait_for(state="visible", timeout=5_000)
        # the post reached by its permalink is highlighted
        page.goto(f"{base}/people/alice/", wait_until="networkidle")
        card = page.locator("article.post").first
        post_id = card.get_attribute("data-post-id")
        card.locator(".post__permalink").click()
        page.wait_for_url(f"**/thread/#post-{post_id}")
        outline = page.locator(":target").evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none"
        context.close()
        watch.assert_clean()
    finally:
        server.shutdown()
