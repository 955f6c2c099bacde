"""A small Mastodon account archive, written by the tests as Mastodon's "Request your
archive" lays one out: outbox.json, actor.json, likes.json, bookmarks.json and the files of
the attachments under media_attachments/."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from PIL import Image

SERVER = "https://social.example"
ACTOR = f"{SERVER}/ap/users/115000000000000001"  # Mastodon 4.5: a numbered actor
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
FILES = "media_attachments/files/115/000/000"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def png(color: str = "red", size: tuple[int, int] = (4, 3), kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=kind)
    return out.getvalue()


def note(number: int, text: str, attachments: list[dict] | None = None, **fields) -> dict:
    to = fields.pop("to", [PUBLIC])
    cc = [] if to != [PUBLIC] else [f"{ACTOR}/followers"]  # followers-only and direct: no cc
    status = f"{ACTOR}/statuses/1150000000000001{number:02d}"
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": f"2025-10-01T1{number}:00:00Z",
        "to": to,
        "cc": cc,
        "object": {
            "id": status,
            "type": "Note",
            "attributedTo": ACTOR,
            "url": f"{SERVER}/@alice/1150000000000001{number:02d}",
            "published": f"2025-10-01T1{number}:00:00Z",
            "to": to,
            "cc": cc,
            "content": f"<p>{text}</p>",
            "attachment": attachments or [],
            **fields,
        },
    }


def attachment(name: str, media_type: str, alt: str = "") -> dict:
    return {
        "type": "Document",
        "mediaType": media_type,
        "url": f"/{FILES}/{name}",
        "name": alt or None,
        "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
    }


def files() -> dict[str, bytes]:
    """Every file of the archive by its path in it."""
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": 6,
        "orderedItems": [
            note(
                1,
                "A sketch, and how it was made.",
                [
                    attachment("original/sketch.png", "image/png", "A red square sketch"),
                    attachment("original/making.mp4", "video/mp4", "Hands drawing the square"),
                    {
                        "type": "Document",
                        "mediaType": "image/png",
                        "url": "https://cdn.example/x.png",
                    },
                ],
            ),
            note(
                2,
                "For my followers: the second sketch.",
                [attachment("original/second.jpeg", "image/jpeg", "A blue square")],
                to=[f"{ACTOR}/followers"],
            ),
            note(3, "a private word", to=[f"{SERVER}/users/bob"]),
            {
                "id": f"{ACTOR}/statuses/115000000000000104/activity",
                "type": "Announce",
                "actor": ACTOR,
                "published": "2025-10-01T14:00:00Z",
                "to": [PUBLIC],
                "object": "https://other.example/users/carol/statuses/9",
            },
            note(
                5,
                "Two files that are not published.",
                [
                    attachment("original/missing.png", "image/png", "Gone"),
                    attachment("original/page.png", "image/png", "Not an image"),
                    attachment("original/sketch.html", "image/png", "Named as a page"),
                ],
                inReplyTo="https://other.example/users/carol/statuses/9",
            ),
        ],
    }
    actor = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": ACTOR,
        "type": "Person",
        "preferredUsername": "alice",
        "name": "Alice Artist",
        "url": f"{SERVER}/@alice",
        "followers": f"{ACTOR}/followers",
        "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
    }
    likes = {
        "type": "OrderedCollection",
        "orderedItems": ["https://o.example/1", "https://o.example/2"],
    }
    bookmarks = {"type": "OrderedCollection", "orderedItems": ["https://o.example/3"]}
    return {
        "outbox.json": json.dumps(outbox, indent=1).encode(),
        "actor.json": json.dumps(actor, indent=1).encode(),
        "likes.json": json.dumps(likes).encode(),
        "bookmarks.json": json.dumps(bookmarks).encode(),
        "avatar.png": png("green"),
        f"{FILES}/original/sketch.png": png("red"),
        f"{FILES}/original/making.mp4": MP4,
        f"{FILES}/original/second.jpeg": png("blue", (6, 5), "JPEG"),
        f"{FILES}/original/page.png": b"<!doctype html><script>alert(1)</script>",
        f"{FILES}/original/sketch.html": png("red"),
    }


def write_folder(folder: Path, content: dict[str, bytes] | None = None) -> Path:
    for name, data in (files() if content is None else content).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def write_zip(path: Path, content: dict[str, bytes] | None = None, top: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (files() if content is None else content).items():
            archive.writestr(top + name, data)
    return path
