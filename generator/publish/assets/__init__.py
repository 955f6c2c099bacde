"""What every generated page needs in the reader's browser, shipped inside the package.

The plugin adds these files to every site that uses it, the way Material's own plugins add
theirs: published under ``assets/discussion/``, the stylesheet listed first under
``extra_css`` and the scripts first under ``extra_javascript`` (so that a site's own
stylesheet, listed after, can restyle them). ``python -m generator export`` writes them
into the exported project. The site's Content-Security-Policy allows the scripts by hash
like the theme's own.

- ``discussion.css``: post cards, theme labels, lists of posts, pictures, the glossary,
  the people table;
- ``labels.js``: the scripts' words in the site's language, ``t`` and ``nt``, with the
  catalogue's translations written in front of it by :mod:`generator.publish.labels`;
  listed first, as every other script uses it;
- ``discussion.js``: the reading aids: copy-link buttons, ``j``/``k`` between posts, the
  highlight of a post reached by its permalink, a moved post found by its index, glossary
  definitions on a tap;
- ``cite.js``: "Cite" beside "Copy link": a citation of the post, and BibTeX and CSL-JSON
  to copy (see :mod:`generator.publish.citation` for what the page's head gives it);
- ``search.css`` and ``search.js``: the search box in the header over the Pagefind index
  (see :mod:`generator.publish.search`);
- ``titles.js``: Material shows a title it shortens with an ellipsis in a tooltip, as HTML;
  it escapes each such title so the tooltip shows its text.
"""

from __future__ import annotations

from importlib import resources

FOLDER = "assets/discussion"
"""Where the files are published, inside the site."""
STYLESHEETS = (f"{FOLDER}/discussion.css", f"{FOLDER}/search.css")
"""Stylesheets, in load order."""
SCRIPTS = (
    f"{FOLDER}/labels.js",
    f"{FOLDER}/discussion.js",
    f"{FOLDER}/cite.js",
    f"{FOLDER}/titles.js",
    f"{FOLDER}/search.js",
)
"""Scripts, in load order."""
ASSETS = STYLESHEETS + SCRIPTS
"""Every file the plugin adds."""


def asset_files(language: str | None = None) -> dict[str, bytes]:
    """``{path in the site: bytes}`` of every file the plugin adds, for a site in
    ``language`` (MkDocs' ``theme.language``; English by default)."""
    from generator.publish.labels import labels_script

    folder = resources.files(__name__)
    files = {uri: folder.joinpath(uri.rsplit("/", 1)[1]).read_bytes() for uri in ASSETS}
    files[f"{FOLDER}/labels.js"] = labels_script(language)
    return files


def add_assets(extra_css: list, extra_javascript: list) -> None:
    """List the stylesheets and scripts first in a site's ``extra_css`` and
    ``extra_javascript`` (MkDocs' lists, changed in place), unless they are listed: what a
    site lists itself comes after, and may restyle them."""
    for listed, uris in ((extra_css, STYLESHEETS), (extra_javascript, SCRIPTS)):
        present = {str(entry) for entry in listed}
        listed[:0] = [uri for uri in uris if uri not in present]
