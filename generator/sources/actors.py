"""Who wrote a post: a person found from what the sources say, never a handle made up.

A post from ActivityPub names its author by the actor's URI (``attributedTo``). What that
actor is called is found from the data, in this order, and each post records how
(:attr:`~generator.model.Post.author_via`):

1. ``people file``: the editors' people file pairs an actor URI with a handle; their word
   wins over every source's.
2. ``account`` / ``actor``: the actor described by its own server: a Mastodon API
   ``account`` (``acct``, with the account's ``uri``), or an actor document
   (``Person``, ``Service``…), embedded in the post or given as a source of its own: its
   FEP-2c59 ``webfinger`` address, or its ``preferredUsername`` at the host of its URI.
3. ``mention``: a ``Mention`` tag of any post, which pairs an actor's URI (``href``) with
   its ``@name`` (at the ``href``'s host when the name has no domain).
4. ``profile URL``: an actor URI of a form its server is known to build from the user name
   (:func:`from_url`). Elsewhere a path says nothing: Misskey and its forks (Firefish,
   Sharkey) put an opaque id where Mastodon puts the name (``/users/9qk2xv8m1a``), and
   Mastodon 4.5, WordPress, Discourse, NodeBB and GNU social number their actors.

An actor none of these names is "Author unknown" (the link stage may still infer an
author from the mention chain, and says so). A handle whose domain the data gives (a
``webfinger`` address, ``@alice@example.com`` in a mention, an ``acct`` with a domain) is
preferred over one completed with the host that serves the account, which may differ
(``alice@example.com`` served from ``social.example.com``): the person is keyed by the
actor's URI, so every handle any source gives that actor becomes the one chosen, in
authors, mentions and quotes, and the person has one page. Where a source gives only a
profile URL (Mastodon's mentions), the profile URL an actor document or account gives
leads to the actor.

:func:`resolve` is run by each ActivityPub reader over its own file and by the read stage
over every source together (:func:`generator.sources.read.read_sources`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import text as txt
from generator.model import Naming, Person, Post, Quote, Thread, evolve
from generator.sources import activitystreams as ast
from generator.sources.addresses import host, http_url, path, qualify

RANK = {"people file": 0, "account": 1, "actor": 1, "mention": 2, "profile URL": 3}
"""How strongly each kind of naming is believed, strongest first (see the module docstring)."""

USER_PATHS = {
    re.compile(r"@([^/@]+)"): "Mastodon, Misskey and GoToSocial profiles",
    re.compile(r"@/([^/]+)"): "Plume",
    re.compile(r"u/([^/]+)"): "Lemmy and Mbin",
    re.compile(r"accounts/([^/]+)"): "PeerTube",
    re.compile(r"profile/([^/]+)"): "Friendica",
    re.compile(r"user/([^/]+)"): "BookWyrm",
}
"""Paths of actor URIs that name their user on every server that builds them, and whose."""
USERS = re.compile(r"users/([^/]+)")
"""``/users/<name>``: the name on Mastodon (before 4.5), GoToSocial and Pleroma/Akkoma, an
opaque id on Misskey and its forks; read only where the post shows which (:func:`from_url`)."""
NUMBERED = re.compile(r"ap/users/\d+")
"""Mastodon 4.5's actor URIs, which number accounts."""
MASTODON_POST = re.compile(r"@([^/@]+)/\d+")
"""The path of a Mastodon post's web address, which names its author."""


def from_actor(document: Any) -> Naming | None:
    """What an actor document says it is called; ``None`` when it says nothing usable."""
    if not isinstance(document, dict):
        return None
    actor = ast.uri(document)
    finger = document.get("webfinger")
    handle = qualify(finger.removeprefix("acct:")) if isinstance(finger, str) else ""
    explicit = "@" in handle
    if not explicit:
        name = document.get("preferredUsername")
        handle = qualify(name, host(actor)) if isinstance(name, str) and host(actor) else ""
    if not handle or not actor:
        return None
    person = Person(
        handle=handle,
        display_name=ast.text(document.get("name")),
        url=ast.url(document.get("url")) or http_url(actor),
        actor=actor,
    )
    return Naming(actor, person, "actor", explicit)


def from_mentions(tags: Any) -> list[Naming]:
    """What the ``Mention`` tags of an object say the actors they point to are called."""
    found = []
    for tag in ast.as_list(tags):
        if "Mention" not in ast.types(tag):
            continue
        actor = ast.uri(tag.get("href"))
        name = tag.get("name")
        handle = qualify(name, host(actor)) if isinstance(name, str) and host(actor) else ""
        if handle:
            explicit = "@" in clean_name(name)
            person = Person(handle=handle, url=http_url(actor), actor=actor)
            found.append(Naming(actor, person, "mention", explicit))
    return found


def clean_name(name: str) -> str:
    """A mention's name without its leading ``@``."""
    return txt.clean(name).strip().removeprefix("@")


def from_url(actor: str, note: dict) -> Naming | None:
    """The user name an actor URI carries, where its server is known to put it there.

    ``/users/<name>`` counts only when the post is Mastodon's or GoToSocial's
    (``<actor>/statuses/<id>``) or Pleroma's (``/objects/<uuid>`` on the actor's host), and
    shows no Misskey extension; Mastodon 4.5's numbered actors (``/ap/users/<n>``) are
    named by the post's address (``/@<name>/<n>`` on the same host).
    """
    where = path(actor)
    name = ""
    for pattern in USER_PATHS:
        match = pattern.fullmatch(where)
        if match and not (match.group(1).isdigit() and not where.startswith("@")):
            name = match.group(1)  # a number after /user/ is an id (GNU social), not a name
    note_id = ast.uri(note.get("id"))
    if USERS.fullmatch(where) and not any(key.startswith("_misskey") for key in note):
        own = note_id.startswith(f"{actor.rstrip('/')}/statuses/")
        pleroma = host(note_id) == host(actor) and path(note_id).startswith("objects/")
        if own or pleroma:
            name = USERS.fullmatch(where).group(1)
    if NUMBERED.fullmatch(where):
        address = ast.url(note.get("url"))
        match = MASTODON_POST.fullmatch(path(address))
        if match and host(address) == host(actor):
            name = match.group(1)
    handle = qualify(name, host(actor)) if name else ""
    if not handle:
        return None
    return Naming(actor, Person(handle=handle, url=http_url(actor), actor=actor), "profile URL")


def _choose(found: list[Naming]) -> Naming:
    """The naming an actor goes by: the strongest; a handle completed from a host takes
    the domain a source gives for the same user name."""
    best = min(found, key=lambda n: (RANK[n.via], not n.explicit))
    user = best.person.handle.split("@")[0].lower()
    if not best.explicit and best.via != "people file":
        given = [n for n in found if n.explicit and n.person.handle.split("@")[0].lower() == user]
        if given:
            handle = min(given, key=lambda n: RANK[n.via]).person.handle
            best = replace(best, person=replace(best.person, handle=handle), explicit=True)
    ranked = sorted(found, key=lambda n: RANK[n.via])
    name = best.person.display_name or next((n.person.display_name for n in ranked), "")
    url = best.person.url or next((n.person.url for n in ranked if n.person.url), "")
    person = replace(best.person, display_name=name, url=url, actor=best.actor)
    return replace(best, person=person)


def resolve(thread: Thread, people: Mapping[str, Person] | None = None) -> Thread:
    """The thread with every author, mention and quote its namings (and ``people``, the
    people file's actors) can name named so, one handle per actor (see the module
    docstring)."""
    namings = [*thread.namings]
    for actor, person in (people or {}).items():
        namings.append(Naming(actor, replace(person, actor=actor), "people file", True))
    if not namings:
        return thread
    by_profile = {n.person.url: n.actor for n in namings if n.actor and n.person.url}
    groups: dict[str, list[Naming]] = {}
    for naming in namings:
        key = naming.actor or by_profile.get(naming.person.url, "")
        if key:
            groups.setdefault(key, []).append(naming)
    chosen = {actor: _choose(found) for actor, found in groups.items()}
    alias: dict[str, str] = {}
    twice: set[str] = set()  # handles two actors answer to: left as they are
    for actor, found in groups.items():
        handle = chosen[actor].person.handle
        for naming in found:
            key = naming.person.handle.lower()
            if alias.setdefault(key, handle) != handle:
                twice.add(key)
    for key in twice:
        del alias[key]
    posts = tuple(_named(post, chosen, alias) for post in thread.posts)
    known: dict[str, Person] = {}
    for key, person in thread.people.items():
        handle = alias.get(key, person.handle)
        before = known.get(handle.lower())
        if before is None or (person.display_name and not before.display_name):
            known[handle.lower()] = replace(person, handle=handle)
    for naming in chosen.values():
        before = known.get(naming.person.handle.lower())
        person = naming.person
        if before is not None and not person.display_name:
            person = replace(person, display_name=before.display_name)
        known[person.handle.lower()] = person
    kept = tuple(n for n in thread.namings if n.via != "people file")
    return replace(thread, posts=posts, people=known, namings=kept + tuple(chosen.values()))


def _named(post: Post, chosen: Mapping[str, Naming], alias: Mapping[str, str]) -> Post:
    """One post with its author, mentions and quote named as :func:`resolve` chose."""
    changes: dict[str, object] = {}
    naming = chosen.get(post.actor) if post.actor else None
    if naming is not None and post.author_basis in ("source", "unknown"):
        if (post.author, post.author_via) != (naming.person.handle, naming.via):
            changes.update(author=naming.person.handle, author_basis="source")
            changes.update(author_via=naming.via)
    elif post.author and alias.get(post.author.lower(), post.author) != post.author:
        changes["author"] = alias[post.author.lower()]
    if any(alias.get(h.lower(), h) != h for h in post.mentions):
        paragraphs = tuple(_renamed(para, alias) for para in post.paragraphs)
        changes.update(paragraphs=paragraphs, mentions=txt.mentions(paragraphs))
    quote = post.quote
    if quote is not None and _quote_renamed(quote, alias) != quote:
        changes["quote"] = _quote_renamed(quote, alias)
    return evolve(post, **changes) if changes else post


def _renamed(para: tuple, alias: Mapping[str, str]) -> tuple:
    return tuple(
        replace(span, target=alias.get(span.target.lower(), span.target))
        if span.kind == "mention"
        else span
        for span in para
    )


def _quote_renamed(quote: Quote, alias: Mapping[str, str]) -> Quote:
    author = alias.get(quote.author.lower(), quote.author)
    paragraphs = tuple(_renamed(para, alias) for para in quote.paragraphs)
    if author == quote.author and paragraphs == quote.paragraphs:
        return quote
    return replace(quote, author=author, paragraphs=paragraphs)
