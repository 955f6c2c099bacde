"""The pipeline as a whole: the collector of reference cycles is paused and restored."""

from __future__ import annotations

import gc

import pytest

from generator import pipeline
from generator.errors import ContentError
from generator.pipeline import Settings, cycles_collected_after, generate


def test_generate_leaves_the_collector_as_it_found_it(tmp_path, monkeypatch):
    (tmp_path / "t.txt").write_text("@a a post\n@b a reply\n", encoding="utf-8")
    settings = Settings(root=tmp_path, docs_dir=tmp_path, sources=(tmp_path / "t.txt",))
    during = []
    real_render = pipeline.render
    monkeypatch.setattr(
        pipeline, "render", lambda *a, **k: during.append(gc.isenabled()) or real_render(*a, **k)
    )
    assert gc.isenabled()
    assert len(generate(settings).discussion.posts) == 2
    assert during == [False]  # paused while the stages ran
    assert gc.isenabled()
    with pytest.raises(ContentError):
        generate(Settings(root=tmp_path, docs_dir=tmp_path, sources=(tmp_path / "none.txt",)))
    assert gc.isenabled()
    gc.disable()
    try:
        with cycles_collected_after():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before, so it stays off
    finally:
        gc.enable()
