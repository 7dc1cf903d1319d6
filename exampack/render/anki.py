"""The Anki deck: cloze notes for facts, CLI notes for commands and flags, as .apkg bytes."""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Any

import genanki

from ..cloze import Deletion, Segment, parse_cloze, plain
from ..markup import code_pattern, name_parts, spans
from ..model import Command, Corpus
from ..notelock import NoteLock, newest_entry
from ..templates import template_style, template_text

# Identities fixed forever: Anki merges a changed note type by these ids.
CLOZE_MODEL_ID = 1607392319
FLAG_MODEL_ID = 1607392320
COMMAND_MODEL_ID = 1607392321
NOTE_ID_BASE = 1_600_000_000_000
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LAST = 10_000  # study order of what comes after every domain and task: exam logistics, retired notes


@dataclass(frozen=True)
class NoteSpec:
    """One note before it is written: its identity, fields, tags and deck."""

    key: str
    kind: str
    guid: str
    model: genanki.Model
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    cards: int
    study_order: tuple[int, int] = (LAST, LAST)

    def content_hash(self) -> str:
        payload = json.dumps([self.model.model_id, self.fields, self.tags, self.deck])
        return hashlib.sha256(payload.encode()).hexdigest()


def _field(name: str, field_id: int) -> dict[str, object]:
    return {"name": name, "id": field_id}


def _template(name: str, template_id: int, stem: str) -> dict[str, object]:
    return {
        "name": name,
        "id": template_id,
        "qfmt": template_text(f"anki/{stem}-front.html"),
        "afmt": template_text(f"anki/{stem}-back.html"),
    }


def note_models() -> dict[str, genanki.Model]:
    """Our note types, keyed by kind, with fixed model, field and template ids."""
    css = template_text("anki/card.css")
    return {
        "cloze": genanki.Model(
            CLOZE_MODEL_ID, "exampack Cloze",
            fields=[_field("Text", 160739231901), _field("Extra", 160739231902), _field("Source", 160739231903)],
            templates=[_template("Cloze", 160739231911, "cloze")],
            css=css, model_type=genanki.Model.CLOZE),
        "flag": genanki.Model(
            FLAG_MODEL_ID, "exampack CLI flag",
            fields=[_field("Command", 160739232001), _field("Flag", 160739232002), _field("Does", 160739232003),
                    _field("Example", 160739232004), _field("Source", 160739232005)],
            templates=[_template("Flag to meaning", 160739232011, "flag-meaning"),
                       _template("Meaning to flag", 160739232012, "flag-name")],
            css=css, sort_field_index=1),
        "command": genanki.Model(
            COMMAND_MODEL_ID, "exampack CLI command",
            fields=[_field("Command", 160739232101), _field("Purpose", 160739232102), _field("Flags", 160739232103),
                    _field("Example", 160739232104), _field("Source", 160739232105)],
            templates=[_template("Command to purpose", 160739232111, "command")],
            css=css),
    }


def stable_id(*parts: str) -> int:
    """A deck id derived from names, so the same deck keeps its id across builds."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


ARGUMENT = re.compile(r" (?=--?[A-Za-z])")


def code_html(text: str) -> str:
    """Escaped code that a narrow screen may wrap only after '.', ':' or '/' and between camel-case humps,
    never inside a --flag."""
    return "<wbr>".join(html.escape(part) for part in name_parts(text, humps=True))


def _html(text: str, terms: tuple[str, ...]) -> str:
    """Escaped HTML of plain text, with code in <code>."""
    pattern = code_pattern(terms)
    return "".join(
        f"<code>{code_html(s.text)}</code>" if s.code else html.escape(s.text)
        for s in spans(text, pattern)
    )


def example_html(example: str, own_flag: set[str | None] | None = None) -> str:
    """An example invocation one argument per line, as a shell continues it; the card's own flag marked."""
    lines = []
    for part in ARGUMENT.split(" ".join(example.split())):
        flag, _, value = part.partition(" ")
        name, equals, inline_value = flag.partition("=")
        shown = html.escape(name)
        if own_flag is not None and name in own_flag:
            shown = f'<span class="own-flag">{shown}</span>'
        lines.append(shown + html.escape(equals + inline_value) + (" " + html.escape(value) if value else ""))
    return " \\\n  ".join(lines)


def cloze_html(segments: list[Segment], terms: tuple[str, ...]) -> str:
    """A fact's parsed cloze text as Anki field HTML; '::' inside an answer stays part of it."""
    parts = []
    for segment in segments:
        if isinstance(segment, Deletion):
            answer = _html(segment.answer, terms).replace(":", "&#58;")
            parts.append(f"{{{{c{segment.number}::{answer}}}}}")
        else:
            parts.append(_html(segment, terms))
    return "".join(parts)


def _source(corpus: Corpus, source: str) -> str:
    key, _, anchor = source.partition("#")
    title = corpus.exam.references[key]
    return html.escape(f"{title} ({anchor})" if anchor else title)


def _place_tags(corpus: Corpus, domain: str, task: str | None, kind: str, services: tuple[str, ...]) -> tuple[str, ...]:
    exam = corpus.exam.id
    tags = [f"{exam}::{domain}", f"kind::{kind}"]
    if task:
        tags.append(f"{exam}::task-{task.replace('.', '-')}")
    tags += [f"svc::{s}" for s in services]
    return tuple(sorted(set(tags)))


def _study_order(corpus: Corpus, domain: str, task: str | None) -> tuple[int, int]:
    """Where a note's new cards come: domain by domain in exam order, task by task, exam logistics last."""
    if domain == "overview":
        return (LAST, LAST)
    place = corpus.exam.domain(domain)
    tasks = [t.id for t in place.tasks]
    return (place.number, tasks.index(task) if task in tasks else LAST)


def note_specs(corpus: Corpus) -> list[NoteSpec]:
    """Every note of the deck, in corpus order."""
    models = note_models()
    decks = corpus.deck_names()
    exam = corpus.exam.id
    notes = []
    for fact in corpus.facts:
        terms = corpus.code_terms(fact.refs)
        segments = parse_cloze(fact.text)
        notes.append(NoteSpec(
            key=f"fact:{fact.id}", kind="cloze", guid=genanki.guid_for(exam, "fact", fact.id), model=models["cloze"],
            fields=(cloze_html(segments, terms), _html(fact.extra, terms), _source(corpus, fact.source)),
            tags=_place_tags(corpus, fact.domain, fact.task, "cloze", fact.services), deck=decks[fact.domain],
            cards=len({s.number for s in segments if isinstance(s, Deletion)}),
            study_order=_study_order(corpus, fact.domain, fact.task)))
    for command in corpus.commands:
        notes.append(_command_note(corpus, command, models["command"], decks[command.domain]))
        for flag in command.flags:
            notes.append(NoteSpec(
                key=f"flag:{command.id}:{flag.flag}", kind="cli-flag", guid=genanki.guid_for(exam, "flag", command.id, flag.flag),
                model=models["flag"],
                fields=(f'{html.escape(command.invocation)}<span class="own-flag"> {html.escape(flag.flag)}</span>',
                        html.escape(flag.usage), html.escape(flag.does),
                        example_html(flag.example or command.example, {flag.flag, flag.short} - {None}),
                        _source(corpus, command.source)),
                tags=_place_tags(corpus, flag.domain or command.domain, flag.task or command.task, "cli",
                                 command.services),
                deck=decks[flag.domain or command.domain], cards=2,
                study_order=_study_order(corpus, flag.domain or command.domain, flag.task or command.task)))
    return notes


def _command_note(corpus: Corpus, command: Command, model: genanki.Model, deck: str) -> NoteSpec:
    flags = "".join(f"<li><code>{html.escape(f.usage)}</code> {html.escape(f.does)}</li>" for f in command.flags)
    return NoteSpec(
        key=f"command:{command.id}", kind="cli-command", guid=genanki.guid_for(corpus.exam.id, "command", command.id), model=model,
        fields=(html.escape(command.invocation), html.escape(command.purpose), flags,
                example_html(command.example), _source(corpus, command.source)),
        tags=_place_tags(corpus, command.domain, command.task, "cli", command.services), deck=deck, cards=1,
        study_order=_study_order(corpus, command.domain, command.task))


def stamp(notes: list[NoteSpec], models: list[genanki.Model], known: list[NoteLock], now: int) -> NoteLock:
    """The new lock: each note and note type keeps its time unless its content differs from a time as new.

    known holds every lock the notes may have reached a learner with: the exam's own and the
    one of the deck last published.
    """
    def entry(group: str, key: str, content: str) -> dict[str, Any]:
        return newest_entry(content, [lock[group][key] for lock in known if key in lock.get(group, {})], now)

    return {
        "notes": {n.key: entry("notes", n.key, n.content_hash()) for n in notes},
        "notetypes": {m.name: entry("notetypes", m.name, hashlib.sha256(
            json.dumps([m.fields, m.templates, m.css], sort_keys=True).encode()).hexdigest()) for m in models},
    }


def retired_specs(corpus: Corpus, present: set[str], known: list[NoteLock]) -> list[NoteSpec]:
    """A note for each one a learner may hold that the corpus no longer has, saying it was retired."""
    models = note_models()
    words = template_style("anki/retired.yaml")
    exam = corpus.exam
    tag = f"{exam.id}::retired"
    say = {"exam": html.escape(exam.code), "tag": tag}
    deck = f"{exam.deck}::{words['deck']}"
    replacement = {old: fact for fact in corpus.facts for old in fact.replaces}
    retired = sorted({key for lock in known for key in lock.get("notes", {})} - present)
    specs = []
    for key in retired:
        kind, _, rest = key.partition(":")
        hint = html.escape(words["delete_hint"].format(**say))
        if kind == "fact":
            successor = replacement.get(rest)
            extra = hint if successor is None else (
                html.escape(words["replaced_by"].format(text=plain(successor.text))) + "<br>" + hint)
            specs.append(NoteSpec(key, "retired", genanki.guid_for(exam.id, "fact", rest), models["cloze"],
                                  (words["cloze_text"].format(**say, fact=html.escape(rest)), extra,
                                   html.escape(exam.title)),
                                  (tag,), deck, 1))
        elif kind == "command":
            specs.append(NoteSpec(key, "retired", genanki.guid_for(exam.id, "command", rest), models["command"],
                                  (html.escape(rest), html.escape(words["command_purpose"].format(**say)), "", "",
                                   html.escape(exam.title)), (tag,), deck, 1))
        elif kind == "flag":
            command, _, flag = rest.rpartition(":")
            specs.append(NoteSpec(key, "retired", genanki.guid_for(exam.id, "flag", command, flag), models["flag"],
                                  (html.escape(command), html.escape(flag),
                                   html.escape(words["flag_does"].format(**say)), "", html.escape(exam.title)),
                                  (tag,), deck, 2))
    return specs


class _StampedNote(genanki.Note):
    """A note written with its own modification time (genanki stamps every note with the build's)."""

    def __init__(self, *, mod: int, **fields: object) -> None:
        super().__init__(**fields)
        self.mod = mod

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: object) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


@dataclass(frozen=True)
class DeckPlan:
    """The deck's notes, note types and refreshed lock: everything its bytes depend on."""

    exam_deck: str
    exam_id: str
    notes: tuple[NoteSpec, ...]
    lock: NoteLock

    @property
    def cards(self) -> int:
        """Cards the deck holds: one per cloze number, two per flag, one per command."""
        return sum(n.cards for n in self.notes)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(spec.kind for spec in self.notes).items()))

    def identity(self) -> list[object]:
        """What the deck's bytes are made from, for its fingerprint."""
        return [self.exam_deck, [(n.guid, n.model.model_id, n.fields, n.tags, n.deck, n.study_order)
                                 for n in self.notes], self.lock]


def plan_deck(corpus: Corpus, known: list[NoteLock], now: int) -> DeckPlan:
    """Every note of the deck, retired ones included, with times from the known locks, newer for changed notes."""
    notes = note_specs(corpus)
    notes += retired_specs(corpus, {n.key for n in notes}, known)
    return DeckPlan(corpus.exam.deck, corpus.exam.id, tuple(notes),
                    stamp(notes, list(note_models().values()), known, now))


def render_deck(plan: DeckPlan) -> bytes:
    """The .apkg bytes of a planned deck."""
    models = list(note_models().values())
    decks = {name: genanki.Deck(stable_id(plan.exam_id, name), name)
             for name in [plan.exam_deck, *sorted({n.deck for n in plan.notes})]}
    positions = {id(spec): position for position, spec in
                 enumerate(sorted(plan.notes, key=lambda spec: spec.study_order), 1)}
    for spec in plan.notes:
        decks[spec.deck].add_note(_StampedNote(mod=int(plan.lock["notes"][spec.key]["mod"]), model=spec.model,
                                               fields=list(spec.fields), tags=list(spec.tags), guid=spec.guid,
                                               due=positions[id(spec)]))
    for model in models:
        decks[plan.exam_deck].add_model(model)
    timestamp = max(int(e["mod"]) for group in plan.lock.values() for e in group.values())
    connection = sqlite3.connect(":memory:")
    cursor = connection.cursor()
    genanki.Package(list(decks.values())).write_to_db(cursor, timestamp, itertools.count(NOTE_ID_BASE))
    _stamp_models(cursor, {str(m.model_id): plan.lock["notetypes"][m.name]["mod"] for m in models})
    connection.commit()
    database = connection.serialize()
    connection.close()
    return _zip(database)


def _stamp_models(cursor: sqlite3.Cursor, mods: dict[str, int]) -> None:
    (raw,) = cursor.execute("SELECT models FROM col").fetchone()
    models = json.loads(raw)
    for model_id, mod in mods.items():
        models[model_id]["mod"] = mod
    cursor.execute("UPDATE col SET models = ?", (json.dumps(models, sort_keys=True),))


def _zip(database: bytes) -> bytes:
    buffer = io.BytesIO()
    # The fastest deflate level: a fifth of the work of the default for a file a tenth larger.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()
