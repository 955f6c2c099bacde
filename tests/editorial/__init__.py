"""Tests of the editors' and contributors' data, :mod:`generator.editorial`: the strict YAML
loader, annotations, people, taxonomy and matcher, glossary, opt-out, commentary and the
check of content/."""
