"""Benchmarks for stacker: a seeded generator of gig pools and side-by-side baselines."""
