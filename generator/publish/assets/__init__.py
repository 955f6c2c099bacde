"""What every generated page needs in the reader's browser, shipped inside the package.

The plugin adds these files to every site that uses it and lists the scripts under
``extra_javascript``, the way Material's own plugins add theirs; ``python -m generator
export`` writes them into the exported project. The site's Content-Security-Policy allows
them by hash like the theme's own scripts.

- ``titles.js``: Material shows a title it shortens with an ellipsis in a tooltip, as HTML;
  the script escapes each such title so the tooltip shows its text.
"""

from __future__ import annotations

from importlib import resources

ASSETS = ("assets/discussion/titles.js",)
"""Where each file is published, inside the site; all are scripts, in load order."""


def asset_files() -> dict[str, bytes]:
    """``{path in the site: bytes}`` of every file the plugin adds."""
    folder = resources.files(__name__)
    return {uri: folder.joinpath(uri.rsplit("/", 1)[1]).read_bytes() for uri in ASSETS}
