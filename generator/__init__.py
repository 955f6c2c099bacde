"""Publish a social-media discussion as a themed, cross-linked, citable website.

The pipeline, one module per stage (nothing imports "up" the pipeline):

    read      sources → Thread                         (read.py)
    annotate  editorial overlay from content/          (annotate.py)
    classify  themes from an editable taxonomy         (classify.py)
    link      reply tree, inferred authors, indexes    (link.py)
    render    pages as data, cards rendered once       (render.py, cards.py)
    publish   MkDocs plugin / command line             (plugin.py, cli.py, export.py)

``pipeline.generate`` runs the stages in order; ``verify`` checks that no post was lost.
"""

__version__ = "0.2.0"
