"""Read stage: one module per source format, each read into the one model
(:mod:`generator.model`), plus the HTML-to-text converter and `fetch`."""
