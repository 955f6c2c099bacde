"""The editors' and contributors' data: what they write in content/, read strictly and
checked against the thread before anything is linked (the annotate and classify stages).

- :mod:`~generator.editorial.yamlio`: the strict YAML loader every file below goes through
  (no type guessing, no aliases, each value knows its line), and
  :mod:`~generator.editorial.schema`: the field checks and limits they share, so that one
  pass reports every problem with its file, line and field;
- :mod:`~generator.editorial.annotations`: the editors' overlay on the posts (splits,
  authors, replies, themes, notes), and :mod:`~generator.editorial.people`: participants'
  names and profile links;
- :mod:`~generator.editorial.taxonomy`: the themes, the check of their file and
  :func:`~generator.editorial.taxonomy.classify`, which places each post under themes with
  :mod:`~generator.editorial.matcher`, the fast way of finding terms and its reference;
- :mod:`~generator.editorial.glossary`: terms defined once and linked where they are used;
- :mod:`~generator.editorial.optout`: accounts and posts that must not be republished;
- :mod:`~generator.editorial.commentary`: contributors' pages, their front matter and the
  authors file, and :mod:`~generator.editorial.commentary_body`: their Markdown bodies, the
  posts they quote and the check that keeps a reader's browser safe;
- :mod:`~generator.editorial.content_files`: what content/ may hold at all.

Each module reads one kind of file, and the rest of the project imports from the module that
names the concept, so the package itself exports nothing. Nothing here imports the link,
pages or publish stages.
"""
