"""The build: load and validate every exam, render each output to bytes, then write."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .errors import BuildFailure, Problem, SourceErrors, UsageError
from .fingerprint import PACKAGE, fingerprint, inputs_digest
from .forms import Form, assemble_forms
from .glyphs import undrawable
from .load import find_exams, load_exam_sources, shown, source_files
from .model import Corpus, Domain
from .notelock import LOCK_NAME, MAX_MOD, NoteLock, lock_bytes, published_note_lock, read_note_lock
from .parallel import run_all
from .render.anki import plan_deck, render_deck
from .schemas import SCHEMA_DIR
from .sheetcontent import sheet_facts, sheet_inputs, sheet_name
from .templates import TEMPLATE_DIR
from .validate import check_and_assemble
from .write import (
    MANIFEST_NAME,
    Publication,
    check_out_folder,
    manifest_bytes,
    output_lock,
    prune_builds,
    publish,
    published_folder,
    read_state,
    sha256,
)

PROJECT_FOLDERS = (PACKAGE, TEMPLATE_DIR, SCHEMA_DIR, PACKAGE.parent / "tests", PACKAGE.parent / ".git")
ANKI_TEMPLATES = ("anki/card.css", "anki/cloze-front.html", "anki/cloze-back.html", "anki/flag-meaning-front.html",
                  "anki/flag-meaning-back.html", "anki/flag-name-front.html", "anki/flag-name-back.html",
                  "anki/command-front.html", "anki/command-back.html")
SHEET_TEMPLATES = ("cheatsheet.yaml", "pdf-common.yaml")
BOOKLET_TEMPLATES = ("booklet.yaml",)
PRACTICE_TEMPLATES = ("practice/page.html", "practice/practice.css", "practice/practice.js")
DEFAULT_SEED = 1
RENDER_ORDER = ("answer-key", "booklet", "cheatsheet", "anki", "practice")


@dataclass(frozen=True)
class Options:
    """Everything besides the sources that shapes the outputs."""

    paper: str = "letter"
    forms: int | None = None  # None: each exam's own default
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class Output:
    """One file of a build: where it goes (relative to the exam's folder) and its manifest entry."""

    kind: str
    path: str
    data: bytes
    info: dict[str, Any]
    fingerprint: str
    rendered: bool

    def entry(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "sha256": sha256(self.data), **self.info,
                "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Planned:
    """An output before rendering: its fingerprint decides whether render() must run."""

    kind: str
    path: str
    info: dict[str, Any]
    fingerprint: str
    render: Callable[[], bytes]


@dataclass(frozen=True)
class ExamBuild:
    """What one exam's build writes: its outputs, manifest and refreshed note lock."""

    corpus: Corpus
    outputs: list[Output]
    inputs: str
    lock: NoteLock
    lock_path: Path
    lock_changed: bool
    manifest: bytes


@dataclass(frozen=True)
class LoadedExam:
    """One exam's validated corpus and its note lock."""

    corpus: Corpus
    lock: NoteLock
    lock_raw: bytes


def exam_folders(sources: Path, exam: str | None = None) -> list[Path]:
    """The folders of every exam under sources, or of the one named."""
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
    return folders


def load_corpora(sources: Path, exam: str | None = None) -> list[Corpus]:
    """Every exam under sources (or the one named), validated; SourceErrors lists all problems."""
    return [loaded.corpus for loaded in load_folders(exam_folders(sources, exam), sources)]


LockFile = tuple[NoteLock, bytes, list[Problem]]


def load_folders(folders: list[Path], sources: Path, locks: dict[str, LockFile] | None = None) -> list[LoadedExam]:
    """The corpora and note locks of these exam folders, validated; SourceErrors lists all problems.

    locks holds note locks the caller has read already, by exam folder name.
    """
    problems: list[Problem] = []
    loaded = []
    for folder in folders:
        lock, raw, lock_problems = locks[folder.name] if locks else read_note_lock(folder / LOCK_NAME)
        exam_sources, found = load_exam_sources(folder, sources)
        problems += lock_problems + found
        if found:
            continue
        corpus, found = check_and_assemble(exam_sources)
        problems += found + (undrawable(corpus) if corpus else [])
        if corpus and not lock_problems:
            loaded.append(LoadedExam(corpus, lock, raw))
    if problems:
        raise SourceErrors(problems)
    return loaded


def protected_folders(sources: Path) -> list[Path]:
    """Folders an output folder must not be, hold or lie in: the sources and the project's own."""
    return [sources, *(f for f in PROJECT_FOLDERS if f.exists())]


def exam_inputs(folder: Path, sources: Path, options: Options, lock: bytes) -> str:
    """The digest of everything an exam's outputs come from: its files and note lock, templates, schemas,
    pipeline and options."""
    files, _ = source_files(folder, sources)
    trees = [(folder, [f for f in files if f != folder / LOCK_NAME])]
    trees += [(tree, sorted(p for p in tree.rglob("*") if p.is_file())) for tree in (TEMPLATE_DIR, SCHEMA_DIR)]
    return inputs_digest(trees, options, lock)


@dataclass(frozen=True)
class PublishedBuild:
    """An exam's published build: what it was made from (None unless every file is intact), and each
    intact file with its fingerprint."""

    inputs: str | None = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def read_published(folder: Path | None) -> PublishedBuild:
    """The published build in folder, read and checked against its manifest; empty when there is none."""
    if folder is None:
        return PublishedBuild()
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        inputs = str(manifest["inputs"])
        entries = [(o["path"], o["fingerprint"], o["sha256"]) for o in manifest["outputs"]]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return PublishedBuild()
    files = {}
    for path, recorded, digest in entries:
        try:
            data = (folder / path).read_bytes()
        except OSError:
            continue
        if sha256(data) == digest:
            files[path] = (recorded, data)
    return PublishedBuild(inputs if len(files) == len(entries) else None, files)


def build_time() -> int:
    """Now, or SOURCE_DATE_EPOCH when set, for times stamped on changed notes."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return int(time.time())
    if not value.isascii() or not value.isdigit() or int(value) > MAX_MOD:
        raise UsageError(f"SOURCE_DATE_EPOCH is {value!r}: give whole seconds since 1970 "
                         f"(0 to {MAX_MOD}), or unset it")
    return int(value)


def plan_exam(corpus: Corpus, options: Options, known: list[NoteLock], now: int) -> tuple[list[Planned], NoteLock]:
    """Every output of one exam with its fingerprint, and the refreshed note lock."""
    deck = plan_deck(corpus, known, now)
    planned = [Planned("anki", f"{corpus.exam.id}.apkg",
                       {"notes": len(deck.notes), "cards": deck.cards, "by_kind": deck.by_kind},
                       fingerprint(ANKI_TEMPLATES, deck.identity()), partial(render_deck, deck))]
    for domain in (None, *corpus.exam.domains):
        planned.append(Planned(
            "cheatsheet", f"cheatsheets/{sheet_name(domain)}.pdf",
            {"domain": domain.id if domain else None, "pages": 1, "paper": options.paper,
             "facts": len(sheet_facts(corpus, domain))},
            fingerprint(SHEET_TEMPLATES, options.paper, sheet_inputs(corpus, domain)),
            partial(_render_sheet, corpus, domain, options.paper, _day(now))))
    count = corpus.exam.default_forms if options.forms is None else options.forms
    forms = assemble_forms(corpus, count, options.seed) if count else []
    for form in forms:
        info = {"form": form.letter, "seed": form.seed, "questions": [i.question.id for i in form.items],
                "by_domain": form.by_domain(), "by_type": form.by_type()}
        inputs = fingerprint(BOOKLET_TEMPLATES, options.paper, corpus.exam, form, corpus.command_terms)
        cited = {f for item in form.items for f in item.question.facts}
        key_inputs = fingerprint(BOOKLET_TEMPLATES, inputs, [(f, corpus.code_terms(f.refs), corpus.deck_names())
                                                             for f in corpus.facts if f.id in cited])
        planned.append(Planned("booklet", f"mock/{form.name}.pdf", info, inputs,
                               partial(_render_booklet, corpus, form, options.paper)))
        planned.append(Planned("answer-key", f"mock/{form.name}-key.pdf", info, key_inputs,
                               partial(_render_answer_key, corpus, form, options.paper)))
    planned.append(Planned("practice", "practice.html",
                           {"questions": len(corpus.questions), "forms": [f.letter for f in forms]},
                           fingerprint(PRACTICE_TEMPLATES, corpus.exam, corpus.questions, forms, corpus.facts,
                                       corpus.deck_names()),
                           partial(_render_practice, corpus, forms)))
    return planned, deck.lock


def _render_practice(corpus: Corpus, forms: list[Form]) -> bytes:
    from .render.practice import render_practice
    return render_practice(corpus, forms)


# The PDF renderers load reportlab on first use, so a rebuild with nothing to render never imports it.
def _day(seconds: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def _render_sheet(corpus: Corpus, domain: Domain | None, paper: str, built: str) -> bytes:
    from .render.cheatsheet import render_sheet
    return render_sheet(corpus, domain, paper, built)


def _render_booklet(corpus: Corpus, form: Form, paper: str) -> bytes:
    from .render.booklet import render_booklet
    return render_booklet(corpus, form, paper)


def _render_answer_key(corpus: Corpus, form: Form, paper: str) -> bytes:
    from .render.booklet import render_answer_key
    return render_answer_key(corpus, form, paper)


def render_exam(loaded: LoadedExam, sources: Path, options: Options, published: Path | None,
                previous: PublishedBuild, now: int) -> ExamBuild:
    """Every output of one exam as bytes, reusing a previous file wherever its fingerprint holds."""
    corpus = loaded.corpus
    planned, lock = plan_exam(corpus, options, [loaded.lock, published_note_lock(read_state(published))], now)
    kept = {p.path: previous.files[p.path][1] for p in planned
            if p.path in previous.files and previous.files[p.path][0] == p.fingerprint}
    # Longest first, so the last output to finish does not start last.
    pending = sorted((p for p in planned if p.path not in kept), key=lambda p: RENDER_ORDER.index(p.kind))
    rendered = dict(zip((p.path for p in pending), run_all([p.render for p in pending])))
    outputs = [Output(p.kind, p.path, kept[p.path], p.info, p.fingerprint, rendered=False) if p.path in kept
               else Output(p.kind, p.path, rendered[p.path], p.info, p.fingerprint, rendered=True) for p in planned]
    new_lock = lock_bytes(lock)
    inputs = exam_inputs(Path(corpus.folder), sources, options, new_lock)
    manifest = manifest_bytes({"exam": corpus.exam.id, "bank_size": len(corpus.questions), "inputs": inputs,
                               "outputs": [o.entry() for o in outputs]})
    return ExamBuild(corpus, outputs, inputs, lock, Path(corpus.folder) / LOCK_NAME, new_lock != loaded.lock_raw,
                     manifest)


@dataclass(frozen=True)
class BuildResult:
    """The exams built, and the names of those already up to date."""

    built: list[ExamBuild]
    current: list[str]


def build(sources: Path, out: Path, options: Options, exam: str | None = None,
          on_wait: Callable[[], None] = lambda: None, force: bool = False) -> BuildResult:
    """Load, validate and render everything that changed; write only when all of it succeeded.

    An exam whose inputs match its published build is left alone. One build at a time holds
    `out`; a second one calls on_wait and waits for it. Nothing the build did not make is
    ever removed or replaced, and outputs of newer sources are never replaced by older ones.
    """
    now = build_time()
    check_out_folder(out, protected_folders(sources))
    folders = exam_folders(sources, exam)
    read_at = time.time_ns()
    published = {f.name: published_folder(out, f.name) for f in folders}
    previous = {name: read_published(folder) for name, folder in published.items()}
    locks = {f.name: read_note_lock(f / LOCK_NAME) for f in folders}
    stale = [f for f in folders
             if force or previous[f.name].inputs != exam_inputs(f, sources, options, locks[f.name][1])]
    loaded = load_folders(stale, sources, locks) if stale else []
    builds = [render_exam(item, sources, options, published[item.corpus.exam.id],
                          PublishedBuild() if force else previous[item.corpus.exam.id], now) for item in loaded]
    with output_lock(out, on_wait):
        fresh = [b for b in builds if _publishable(out, b, read_at, force)]
        publish(out, [Publication(b.corpus.exam.id, {o.path: o.data for o in b.outputs}, b.manifest,
                                  {"sources_read_ns": read_at, "anki_notes": b.lock}) for b in fresh],
                {b.lock_path: lock_bytes(b.lock) for b in builds if b.lock_changed})
        for folder in folders:
            prune_builds(out, folder.name)
    built = {b.corpus.exam.id for b in fresh}
    return BuildResult(fresh, [f.name for f in folders if f.name not in built])


def _publishable(out: Path, exam_build: ExamBuild, read_at: int, force: bool) -> bool:
    """Whether to publish a build: not when another build published the same inputs meanwhile (unless
    forced); BuildFailure when the published build was made from sources read after this build read its own."""
    exam_id = exam_build.corpus.exam.id
    published = published_folder(out, exam_id)
    if not force and read_published(published).inputs == exam_build.inputs:
        return False
    newer = read_state(published).get("sources_read_ns")
    if isinstance(newer, int) and newer > read_at:
        raise BuildFailure(
            f"{shown(out / exam_id)} holds a build of sources read after this build read its own "
            f"(at {_clock(newer)}, this build at {_clock(read_at)}); nothing was published, so the newer "
            "outputs stay. Run the build again to build the sources as they are now.")
    return True


def _clock(ns: int) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ns / 1e9)) + f".{ns // 1_000_000 % 1000:03d}"
