"""Benchmarks of the generator: synthetic threads (:mod:`bench.synth`) and ``make bench``
(:mod:`bench.run`)."""
