"""Tests of the render stage, :mod:`generator.pages`: pages as data, cards, pictures."""
