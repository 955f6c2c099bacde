"""Publish a social-media discussion as a themed, cross-linked, citable website.

The folders follow the pipeline; a stage imports only what comes before it:

    sources/    read      source files (plain text, Mastodon, ActivityPub) into one Thread
    editorial/  annotate  the editors' overlay, people, opt-out, glossary, commentary,
                classify  themes from an editable taxonomy, and what content/ may hold
    link.py     link      reply tree, inferred authors (infer.py), indexes for every page
    pages/      render    every page as data, (path, Markdown), each card rendered once
    publish/    publish   the MkDocs plugin (the only module that imports MkDocs), the
                          command line, ``make build``, the export and the policy

Shared by all: ``model`` (the Thread and its posts), ``errors`` and ``checks`` (problems
worded ``path:line: problem``), ``text`` (untrusted text, links and mentions) and
``urls``. ``pipeline.generate`` runs the stages in order and ``verify`` checks that no post
was lost.
"""

__version__ = "0.2.0"
