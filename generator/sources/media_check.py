"""What an attachment's file holds, checked from its bytes before the site publishes it.

A source that holds the files of its posts' media (a Mastodon account archive) gives the
site its own copies of them, so that pages never load them from another server. A file is
published only when its content is what its post and its name say it is:

- an image is opened by Pillow as PNG, JPEG, GIF or WebP and checked by its ``verify``,
  within :data:`MAX_PIXELS` (a small file can decode to gigabytes);
- a video is MP4 (an ISO base media file: an ``ftyp`` box first) or WebM (an EBML header
  naming ``webm``); audio is MP3, Ogg, MP4 audio (``M4A``), WAV or FLAC, each known by the
  signature that opens it. Players are the browser's own; the signature is what decides
  the type the site serves the file as;
- the file's name ends in a suffix of that type (:data:`SUFFIXES`): the site serves a file
  by its name, so a PNG named ``.html`` or ``.svg`` is never published, and no other type
  (SVG, HTML, anything with scripts) is;
- its kind (image, video, audio) is the one its post gives, where the post gives one;
- it is at most :data:`MAX_BYTES` for its kind.

A file that fails is left out, and the post lists the medium by its alt text with the
reason (:attr:`~generator.model.Media.left_out`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
"""Pillow's formats accepted → their media types."""
SUFFIXES = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "video/mp4": (".mp4", ".m4v"),
    "video/webm": (".webm",),
    "audio/mpeg": (".mp3",),
    "audio/ogg": (".ogg", ".oga", ".opus"),
    "audio/mp4": (".m4a", ".mp4"),
    "audio/wav": (".wav",),
    "audio/flac": (".flac",),
}
"""Every type published → the suffixes a file of it may have."""
MAX_BYTES = {"image": 16 * 1024 * 1024, "video": 100 * 1024 * 1024, "audio": 100 * 1024 * 1024}
"""The largest file of each kind published (Mastodon's own limits are 16 MB and 99 MB)."""
MAX_PIXELS = 40_000_000
"""The most pixels an image may have (width × height)."""


@dataclass(frozen=True)
class Checked:
    """What a file was found to be."""

    media_type: str = ""
    """Its type, as its content shows (``image/png``); empty when it is not published."""
    width: int = 0
    """An image's width in pixels."""
    height: int = 0
    """An image's height in pixels."""
    problem: str = ""
    """Why it is not published; empty when it is."""


def check(data: bytes, name: str, kind: str) -> Checked:
    """Check a file's bytes, named ``name``, for a medium the post says is ``kind``
    (``image``, ``video``, ``audio``, or ``unknown``); see the module docstring."""
    found = _image(data) if _looks_like_image(data) else Checked(_signature(data, kind))
    if found.problem:
        return found
    media_type = found.media_type
    if not media_type:
        return Checked(problem="not an image, video or audio file of a type the site shows")
    major = media_type.split("/")[0]
    if kind in MAX_BYTES and major != kind:
        return Checked(problem=f"the post says {kind}, the file is {media_type}")
    an = "an" if major[0] in "aeiou" else "a"
    if len(data) > MAX_BYTES[major]:
        limit = MAX_BYTES[major] // (1024 * 1024)
        return Checked(problem=f"{an} {major} file of {len(data):,} bytes, over {limit} MB")
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in SUFFIXES[media_type]:
        expected = " or ".join(SUFFIXES[media_type])
        named = f"named {suffix}" if suffix else "without a suffix"
        return Checked(problem=f"{an} {major} file ({media_type}) {named}, not {expected}")
    return found


def _looks_like_image(data: bytes) -> bool:
    return data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    )


def _image(data: bytes) -> Checked:
    """An image's type and size, as Pillow decodes it."""
    from PIL import Image, UnidentifiedImageError  # only sites with images pay for Pillow

    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_TYPES)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return Checked(problem=f"an image of {width}×{height} pixels, over {MAX_PIXELS:,}")
            media_type = IMAGE_TYPES[image.format or ""]
            image.verify()
    except UnidentifiedImageError:
        return Checked(problem="not an image Pillow can read")
    except Image.DecompressionBombError:
        return Checked(problem=f"an image too large to decode, over {MAX_PIXELS:,} pixels")
    except (OSError, SyntaxError, ValueError, KeyError):
        return Checked(problem="a damaged image")
    return Checked(media_type, width, height)


def _signature(data: bytes, kind: str) -> str:
    """A video's or an audio file's type, by the signature that opens it; ``""`` for none."""
    if data[4:8] == b"ftyp":
        audio = data[8:12] in (b"M4A ", b"M4B ") or kind == "audio"
        return "audio/mp4" if audio else "video/mp4"
    if data.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64]:
        return "video/webm"
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data.startswith(b"fLaC"):
        return "audio/flac"
    return ""
