"""exampack: build Anki decks, cheat sheets and mock exams from a fact corpus."""

__version__ = "0.1.0"
