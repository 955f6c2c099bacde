"""Publish stage: the adapters that hand the generated site to MkDocs and to people.

- :mod:`~generator.publish.plugin`: the MkDocs plugin ``discussion``, the only module that
  imports MkDocs: its hooks call the pipeline and the functions below; with
  :mod:`~generator.publish.site_config`, the pipeline's settings read from a site's
  configuration;
- :mod:`~generator.publish.markdown_ext`: the Markdown extension it adds to every page
  (glossary links in commentary, titles Material's tooltips show as text);
- :mod:`~generator.publish.assets`: the stylesheet and scripts every generated page needs,
  shipped in the package;
- :mod:`~generator.publish.csp`: the Content-Security-Policy of every page, and
  :mod:`~generator.publish.serve`: what changes while ``mkdocs serve`` runs (live reload
  under the policy, content problems shown in the browser);
- :mod:`~generator.publish.cli`: the command line (``python -m generator``), with
  :mod:`~generator.publish.site_build` (``make build``: a strict build swapped in whole) and
  :mod:`~generator.publish.export` (a plain MkDocs project of every page).
"""
