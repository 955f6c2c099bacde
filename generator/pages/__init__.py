"""Render stage: every generated page as data, ``(path, Markdown)``, with each post's card
rendered once; nothing here touches disk or imports MkDocs.

- :mod:`~generator.pages.render`: :func:`render`, every page of the site in a stable order,
  and :func:`refuse_shadowing`, which stops a generated page taking a hand-written one's
  address;
- :mod:`~generator.pages.page`: what a generated page is (:class:`Page`), its Markdown with
  a placeholder for each list of posts until it is written, and lists continued over pages;
- one module per kind of page: :mod:`~generator.pages.overview` (with "About this
  archive"), :mod:`~generator.pages.thread` (with the index of the page holding each post),
  :mod:`~generator.pages.themes`, :mod:`~generator.pages.people` (with who mentions whom),
  :mod:`~generator.pages.glossary`, :mod:`~generator.pages.commentary` and its Atom
  :mod:`~generator.pages.feed` (with the link to it in each page's head);
- post cards: :mod:`~generator.pages.cards`, each post's card rendered once and assembled as
  each page shows it, from the escaped :mod:`~generator.pages.pieces` of the post (its text
  by :mod:`~generator.pages.post_text`, its poll by :mod:`~generator.pages.poll`, the post it
  quotes by :mod:`~generator.pages.quote`, the language and direction of its words by
  :mod:`~generator.pages.direction`), with the site :mod:`~generator.pages.context` they need;
- pictures drawn as inline SVG: :mod:`~generator.pages.reply_tree` and
  :mod:`~generator.pages.matrix` (participants by theme), with what they share in
  :mod:`~generator.pages.svg`;
- :mod:`~generator.pages.markup`: one escaping function for each context data is written
  into.

The other packages take what they need from here, not from the modules; tests reach into
the modules.
"""

from generator.pages.feed import advertise
from generator.pages.markup import tooltip_text
from generator.pages.page import Page
from generator.pages.render import Meta, refuse_shadowing, render

__all__ = ["Meta", "Page", "advertise", "refuse_shadowing", "render", "tooltip_text"]
