"""Renderers: pure functions from a Corpus (and options) to bytes."""
