"""Who may read an ActivityPub object: only public and followers-only posts are published.

Who may read a post is its audience, as ActivityStreams 2.0 defines it (its section 5.1,
"Audience Targeting": ``to``, ``cc``, ``bto``, ``bcc`` and ``audience``, each a URI, an object
with an ``id`` or a list of them). Only two audiences are published:

- public: the audience names the Public collection,
  ``https://www.w3.org/ns/activitystreams#Public`` (or ``as:Public``, or ``Public``, as
  compacted JSON-LD may write it; ActivityPub section 5.6);
- followers only: the audience names the author's own followers collection, which is the
  ``followers`` of the author's actor when the object embeds the actor and says, and
  otherwise ``<attributedTo>/followers``, as Mastodon names it.

Followers-only posts are published because the project reads them everywhere as it reads
Mastodon's ``private`` statuses: an archive of a discussion keeps what its participants
showed to the people following them, which the editors publish by choice. They were not
public, so each such post is marked (:attr:`~generator.model.Post.followers_only`), for
pages to say so. An editor who must not publish them removes them with the opt-out file.

Anything else, an object addressed only to actors or to collections other than these, is a
direct message and is never published. The object's own addressing counts; where it has
none, its ``Create`` activity's does; where both have some, both must allow publishing. An
object that has no addressing and no activity with some is read as public, as the items of
a public outbox are. (An addressing property that is present but empty or null addresses
nobody: such an object is not published.)
"""

from __future__ import annotations

from typing import Any

from generator.sources.activitystreams import actor, as_list, uri

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
"""The ways objects address everyone."""
ADDRESSING = ("to", "cc", "bto", "bcc", "audience")
"""The properties that say who an object or activity is for."""


def published(note: dict, activity: dict | None) -> bool:
    """Whether an object may be published: addressed to the public or to its author's
    followers, or not addressed at all (see the module docstring)."""
    holders = [h for h in (note, activity) if h is not None and _addressed(h)]
    if not holders:
        return True
    followers = _followers(note.get("attributedTo") or (activity or {}).get("actor"))
    return all(_published_to(holder, followers) for holder in holders)


def followers_only(note: dict, activity: dict | None) -> bool:
    """Whether a published object (see :func:`published`) was for its author's followers
    only: addressed, and nowhere to the public."""
    holders = [h for h in (note, activity) if h is not None and _addressed(h)]
    return bool(holders) and not any(_public(holder) for holder in holders)


def _public(holder: dict) -> bool:
    """Whether one object's or activity's audience names the Public collection."""
    return any(uri(entry) in PUBLIC for key in ADDRESSING for entry in as_list(holder.get(key)))


def _addressed(holder: dict) -> bool:
    """Whether an object or activity has any addressing property, even an empty one."""
    return any(key in holder for key in ADDRESSING)


def _published_to(holder: dict, followers: str) -> bool:
    """Whether the audience of one object or activity is the public or ``followers``."""
    audience = {uri(entry) for key in ADDRESSING for entry in as_list(holder.get(key))}
    return bool(audience & PUBLIC) or (bool(followers) and followers in audience)


def _followers(author: Any) -> str:
    """The URI of the author's followers collection; empty when there is no author."""
    url, embedded = actor(author)
    declared = uri(embedded.get("followers"))
    if declared:
        return declared
    return f"{url}/followers" if url else ""
