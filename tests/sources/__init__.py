"""Tests of the read stage, :mod:`generator.sources`: its readers, the converter and fetch."""
