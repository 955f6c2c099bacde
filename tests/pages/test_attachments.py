"""A post's media on its card: shown from the site's own copy, listed otherwise, and behind a
toggle when the author marked them sensitive."""

from __future__ import annotations

from dataclasses import replace

from generator.model import Media, Post, SourceRef
from generator.pages.context import localize
from generator.pages.pieces import attachments


def post(*media: Media, warning: str = "") -> Post:
    return Post(id="p1", paragraphs=(), source=SourceRef("x.json", 1), media=media, warning=warning)


PNG = Media(
    "image",
    "A cat on a <b>mat</b>",
    file="media/archive/media_attachments/files/1/original/cat.png",
    media_type="image/png",
    width=4,
    height=3,
)


def test_an_image_of_the_site_is_shown_with_its_alt_text():
    html = attachments(post(PNG))
    assert (
        '<img src="~/media/archive/media_attachments/files/1/original/cat.png" '
        'alt="A cat on a &lt;b&gt;mat&lt;/b&gt;" width="4" height="3" loading="lazy">'
    ) in html
    assert '<figcaption aria-hidden="true">A cat on a &lt;b&gt;mat&lt;/b&gt;</figcaption>' in html
    assert "<details" not in html


def test_an_image_without_alt_text_still_has_a_name():
    html = attachments(post(Media("image", file="media/a/b.png", media_type="image/png")))
    assert 'alt="Image without a description"' in html
    assert "<figcaption" not in html


def test_video_and_audio_get_players_with_controls():
    html = attachments(
        post(
            Media("video", "A dog runs", file="media/a/dog.mp4", media_type="video/mp4"),
            Media("audio", "", file="media/a/song.mp3", media_type="audio/mpeg"),
        )
    )
    assert (
        '<video controls preload="metadata" src="~/media/a/dog.mp4" aria-label="A dog runs">'
        '<a href="~/media/a/dog.mp4">Download the video</a></video>'
        "<figcaption>A dog runs</figcaption>"
    ) in html
    assert '<audio controls preload="metadata" src="~/media/a/song.mp3"' in html
    assert 'aria-label="Audio without a description"' in html


def test_media_of_other_servers_are_listed_and_linked_never_loaded():
    html = attachments(post(Media("image", "A chart", url="https://example.social/chart.png")))
    assert "<img" not in html
    assert '<li><strong>Image:</strong> A chart (<a href="https://example.social/chart.png"' in html


def test_a_file_left_out_says_why():
    html = attachments(post(Media("video", "Clip", left_out="not a valid MP4 video")))
    assert "<video" not in html
    assert "(file not published: not a valid MP4 video)" in html


def test_sensitive_media_without_a_warning_are_behind_a_toggle():
    html = attachments(post(replace(PNG, sensitive=True)))
    assert html.startswith('<details class="post__sensitive"><summary>Sensitive media</summary>')
    assert html.endswith("</figure></div></details>")


def test_a_content_warning_already_hides_sensitive_media():
    sensitive = Media("image", "x", url="https://example.social/x.png", sensitive=True)
    assert "<details" not in attachments(post(sensitive, warning="spiders"))


def test_only_the_media_are_behind_the_toggle():
    sensitive = Media("image", "x", url="https://example.social/x.png", sensitive=True)
    html = attachments(post(sensitive, Media("image", "y", url="https://example.social/y.png")))
    assert html.count("<details") == 1
    assert html.index("</details>") > html.index("y (<a"), "all media are behind it"


def test_media_links_are_made_relative_to_the_page():
    html = localize(attachments(post(PNG)), "people/alice.md")
    assert 'src="../../media/archive/media_attachments/files/1/original/cat.png"' in html
    assert "~/" not in html
