"""The build: load and validate every exam, render each output to bytes, then write."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import Location, Problem, SourceErrors, UsageError
from .load import find_exams, load_exam_sources, shown
from .model import Corpus
from .render.anki import render_deck
from .forms import assemble_forms
from .render.booklet import render_answer_key, render_booklet
from .render.cheatsheet import render_sheets
from .validate import check_and_assemble
from .write import manifest_bytes, output_lock, publish, sha256, write_atomic

LOCK_NAME = "anki-notes.lock.json"
DEFAULT_SEED = 1


@dataclass(frozen=True)
class Options:
    """Everything besides the sources that shapes the outputs."""

    paper: str = "letter"
    forms: int = 2
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class Output:
    """One rendered file: where it goes (relative to the exam's folder) and its manifest entry."""

    kind: str
    path: str
    data: bytes
    info: dict[str, Any] = field(default_factory=dict)

    def entry(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "sha256": sha256(self.data), **self.info}


@dataclass(frozen=True)
class ExamBuild:
    """What one exam's build writes: its outputs, manifest extras and refreshed note lock."""

    corpus: Corpus
    outputs: list[Output]
    lock: dict[str, Any]
    lock_path: Path
    lock_changed: bool


def load_corpora(sources: Path, exam: str | None = None) -> list[Corpus]:
    """Every exam under sources (or the one named), validated; SourceErrors lists all problems."""
    if not sources.is_dir():
        raise UsageError(f"sources folder {shown(sources)} does not exist")
    folders = find_exams(sources)
    if exam is not None:
        folders = [f for f in folders if f.name == exam]
        if not folders:
            known = ", ".join(f.name for f in find_exams(sources)) or "none"
            raise UsageError(f"no exam {exam!r} under {shown(sources)} (found: {known})")
    if not folders:
        raise UsageError(f"no exam found under {shown(sources)}: each exam is a folder with an exam.yaml")
    problems: list[Problem] = []
    corpora = []
    for folder in folders:
        exam_sources, found = load_exam_sources(folder, sources)
        problems += found
        if found:
            continue
        corpus, found = check_and_assemble(exam_sources)
        problems += found
        if corpus:
            corpora.append(corpus)
    if problems:
        raise SourceErrors(problems)
    return corpora


def read_lock(path: Path) -> dict[str, Any]:
    """The note lock of an exam, or an empty one; a broken lock is a source error."""
    if not path.exists():
        return {}
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceErrors([Problem(Location(shown(path)), f"note lock is not valid JSON ({error}); delete it to start afresh")])
    return lock if isinstance(lock, dict) else {}


def build_time() -> int:
    """Now, or SOURCE_DATE_EPOCH when set, for times stamped on changed notes."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def render_exam(corpus: Corpus, options: Options, lock_path: Path) -> ExamBuild:
    """Every output of one exam, as bytes."""
    old_lock = read_lock(lock_path)
    deck = render_deck(corpus, old_lock, build_time())
    outputs = [
        Output("anki", f"{corpus.exam.id}.apkg", deck.data,
               {"notes": deck.notes, "cards": deck.cards, "by_kind": deck.by_kind}),
    ]
    for sheet in render_sheets(corpus, options.paper):
        outputs.append(Output("cheatsheet", f"cheatsheets/{sheet.name}.pdf", sheet.data,
                              {"domain": sheet.domain, "pages": 1, "paper": options.paper,
                               "facts": sheet.facts_shown}))
    for form in assemble_forms(corpus, options.forms, options.seed) if options.forms else []:
        info = {"form": form.letter, "seed": form.seed, "questions": [i.question.id for i in form.items],
                "by_domain": form.by_domain(), "by_type": form.by_type()}
        outputs.append(Output("booklet", f"mock/{form.name}.pdf", render_booklet(corpus, form, options.paper), info))
        outputs.append(Output("answer-key", f"mock/{form.name}-key.pdf", render_answer_key(corpus, form, options.paper),
                              info))
    return ExamBuild(corpus, outputs, deck.lock, lock_path, deck.lock != old_lock)


def write_exam(build: ExamBuild, out: Path) -> None:
    """Publish one exam's outputs with their manifest, then save its refreshed note lock."""
    manifest = {"exam": build.corpus.exam.id, "bank_size": len(build.corpus.questions),
                "outputs": [o.entry() for o in build.outputs]}
    publish(out, build.corpus.exam.id, {o.path: o.data for o in build.outputs}, manifest_bytes(manifest))
    if build.lock_changed:
        write_atomic(build.lock_path, (json.dumps(build.lock, indent=1, sort_keys=True) + "\n").encode())


def build(sources: Path, out: Path, options: Options, exam: str | None = None,
          on_wait: Callable[[], None] = lambda: None) -> list[ExamBuild]:
    """Load, validate and render everything first; write only when all of it succeeded.

    One build at a time holds `out`; a second one calls on_wait and waits for it.
    """
    corpora = load_corpora(sources, exam)
    builds = [render_exam(c, options, Path(c.folder) / LOCK_NAME) for c in corpora]
    with output_lock(out, on_wait):
        for exam_build in builds:
            write_exam(exam_build, out)
    return builds
