"""The exported project builds with other generators: ProperDocs (a maintained MkDocs fork)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, run
from tests.site_html import dead_links, read_site

pytestmark = pytest.mark.slow


def test_the_export_builds_strictly_with_properdocs(tmp_path):
    dest = tmp_path / "out"
    exported = run(["-m", "generator", "export", str(dest)], cwd=ROOT)
    assert exported.returncode == 0, exported.stderr
    built = run(["-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=dest)
    assert built.returncode == 0, built.stderr
    pages = read_site(dest / "site")
    assert len(pages["thread/"].cards) == 29
    assert {
        "themes/copyright/",
        "people/srcrist/",
        "commentary/use-is-not-copy/",
        "glossary/",
    } <= set(pages)
    assert dead_links(dest / "site", pages) == []
