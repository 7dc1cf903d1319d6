"""Helpers that put built decks through the real Anki engine."""

from __future__ import annotations

import html
import re
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.scheduler.v3 import CardAnswer

STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)
BLOCK_TAG = re.compile(r"</?(?:div|hr|br|p|ul|li)\b[^>]*>", re.IGNORECASE)
INLINE_TAG = re.compile(r"<[^>]+>")


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_deck(col: Collection, apkg: Path):
    """Import a package the way Anki's File > Import does; the import log."""
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


HIDDEN = re.compile(r'(<code class="command bare">.*?)<span class="own-flag">.*?</span>', re.DOTALL)


def visible_text(rendered: str) -> str:
    """What a learner reads: the card HTML without its stylesheet, tags and what card.css hides
    (the own flag inside a .bare command), entities decoded."""
    text = INLINE_TAG.sub("", BLOCK_TAG.sub(" ", HIDDEN.sub(r"\1", STYLE.sub("", rendered))))
    return " ".join(html.unescape(text).split())


def review(col: Collection, deck: str, count: int) -> list[int]:
    """Answer `count` cards of a deck with Good; the ids of the cards answered."""
    col.decks.select(col.decks.id_for_name(deck))
    answered = []
    for _ in range(count):
        queued = col.sched.get_queued_cards().cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))
        answered.append(card.id)
    return answered
