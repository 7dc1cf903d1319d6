"""The build: load and validate every exam, render each output to bytes, then write."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .errors import Location, Problem, SourceErrors, UsageError
from .fingerprint import fingerprint, inputs_digest
from .forms import Form, assemble_forms
from .load import find_exams, load_exam_sources, shown
from .model import Corpus, Domain
from .render.anki import plan_deck, render_deck
from .schemas import SCHEMA_DIR
from .sheetcontent import sheet_facts, sheet_inputs, sheet_name
from .templates import TEMPLATE_DIR
from .validate import check_and_assemble
from .write import manifest_bytes, output_lock, publish, sha256, write_atomic

LOCK_NAME = "anki-notes.lock.json"
ANKI_TEMPLATES = ("anki/card.css", "anki/cloze-front.html", "anki/cloze-back.html", "anki/flag-meaning-front.html",
                  "anki/flag-meaning-back.html", "anki/flag-name-front.html", "anki/flag-name-back.html",
                  "anki/command-front.html", "anki/command-back.html")
SHEET_TEMPLATES = ("cheatsheet.yaml", "pdf-common.yaml")
BOOKLET_TEMPLATES = ("booklet.yaml",)
DEFAULT_SEED = 1


@dataclass(frozen=True)
class Options:
    """Everything besides the sources that shapes the outputs."""

    paper: str = "letter"
    forms: int = 2
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
    """What one exam's build writes: its outputs and refreshed note lock."""

    corpus: Corpus
    outputs: list[Output]
    lock: dict[str, Any]
    lock_path: Path
    lock_changed: bool
    manifest: bytes


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
    return load_folders(exam_folders(sources, exam), sources)


def load_folders(folders: list[Path], sources: Path) -> list[Corpus]:
    """The corpora of these exam folders, validated; SourceErrors lists all problems."""
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


def exam_inputs(folder: Path, options: Options, lock: dict[str, Any]) -> str:
    """The digest of everything an exam's outputs come from: its files and note lock, templates, schemas,
    pipeline and options."""
    return inputs_digest((folder, TEMPLATE_DIR, SCHEMA_DIR), options, folder / LOCK_NAME, lock_bytes(lock))


def lock_bytes(lock: dict[str, Any]) -> bytes:
    """The note lock as it is saved."""
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode() if lock else b""


def is_current(published: Path, inputs: str) -> bool:
    """Whether the published build was made from these inputs and its files are intact."""
    try:
        manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
        return manifest.get("inputs") == inputs and all(
            sha256((published / o["path"]).read_bytes()) == o["sha256"] for o in manifest["outputs"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def read_lock(path: Path) -> dict[str, Any]:
    """The note lock of an exam, or an empty one; a broken lock is a source error."""
    if not path.exists():
        return {}
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        message = f"note lock is not valid JSON ({error}); delete it to start afresh"
        raise SourceErrors([Problem(Location(shown(path)), message)]) from error
    return lock if isinstance(lock, dict) else {}


def build_time() -> int:
    """Now, or SOURCE_DATE_EPOCH when set, for times stamped on changed notes."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def plan_exam(corpus: Corpus, options: Options, old_lock: dict[str, Any]) -> tuple[list[Planned], dict[str, Any]]:
    """Every output of one exam with its fingerprint, and the refreshed note lock."""
    deck = plan_deck(corpus, old_lock, build_time())
    planned = [Planned("anki", f"{corpus.exam.id}.apkg",
                       {"notes": len(deck.notes), "cards": deck.cards, "by_kind": deck.by_kind},
                       fingerprint(ANKI_TEMPLATES, deck.identity()), partial(render_deck, deck))]
    for domain in (None, *corpus.exam.domains):
        planned.append(Planned(
            "cheatsheet", f"cheatsheets/{sheet_name(domain)}.pdf",
            {"domain": domain.id if domain else None, "pages": 1, "paper": options.paper,
             "facts": len(sheet_facts(corpus, domain))},
            fingerprint(SHEET_TEMPLATES, options.paper, sheet_inputs(corpus, domain)),
            partial(_render_sheet, corpus, domain, options.paper)))
    for form in assemble_forms(corpus, options.forms, options.seed) if options.forms else []:
        info = {"form": form.letter, "seed": form.seed, "questions": [i.question.id for i in form.items],
                "by_domain": form.by_domain(), "by_type": form.by_type()}
        inputs = fingerprint(BOOKLET_TEMPLATES, options.paper, corpus.exam, form)
        planned.append(Planned("booklet", f"mock/{form.name}.pdf", info, inputs,
                               partial(_render_booklet, corpus, form, options.paper)))
        planned.append(Planned("answer-key", f"mock/{form.name}-key.pdf", info, inputs,
                               partial(_render_answer_key, corpus, form, options.paper)))
    return planned, deck.lock


# The PDF renderers load reportlab on first use, so a rebuild with nothing to render never imports it.
def _render_sheet(corpus: Corpus, domain: Domain | None, paper: str) -> bytes:
    from .render.cheatsheet import render_sheet
    return render_sheet(corpus, domain, paper)


def _render_booklet(corpus: Corpus, form: Form, paper: str) -> bytes:
    from .render.booklet import render_booklet
    return render_booklet(corpus, form, paper)


def _render_answer_key(corpus: Corpus, form: Form, paper: str) -> bytes:
    from .render.booklet import render_answer_key
    return render_answer_key(corpus, form, paper)


def previous_outputs(folder: Path) -> dict[str, tuple[str, bytes]]:
    """The last published build of an exam: path -> (fingerprint, bytes), for files that still match."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        entries = [(o["path"], o["fingerprint"], o["sha256"]) for o in manifest["outputs"]]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    found = {}
    for path, recorded, digest in entries:
        try:
            data = (folder / path).read_bytes()
        except OSError:
            continue
        if sha256(data) == digest:
            found[path] = (recorded, data)
    return found


_PENDING: list[Callable[[], bytes]] = []


def render_all(renders: list[Callable[[], bytes]]) -> list[bytes]:
    """Run the renders, on every core when there are several; results in order."""
    workers = min(len(renders), os.cpu_count() or 1)
    if workers < 2:
        return [render() for render in renders]
    # Workers are forked after this is set, so they find the renders here instead of
    # receiving the whole corpus pickled.
    _PENDING[:] = renders
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(_render_pending, range(len(renders))))
    finally:
        _PENDING.clear()


def _render_pending(index: int) -> bytes:
    return _PENDING[index]()


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the build that forked it is killed, instead of waiting forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def render_exam(corpus: Corpus, options: Options, lock_path: Path, old_lock: dict[str, Any],
                previous_folder: Path | None) -> ExamBuild:
    """Every output of one exam as bytes, reusing the previous build's file wherever its fingerprint holds."""
    planned, lock = plan_exam(corpus, options, old_lock)
    previous = previous_outputs(previous_folder) if previous_folder else {}
    kept = {p.path: previous[p.path][1] for p in planned
            if p.path in previous and previous[p.path][0] == p.fingerprint}
    rendered = iter(render_all([p.render for p in planned if p.path not in kept]))
    outputs = [Output(p.kind, p.path, kept[p.path], p.info, p.fingerprint, rendered=False) if p.path in kept
               else Output(p.kind, p.path, next(rendered), p.info, p.fingerprint, rendered=True) for p in planned]
    inputs = exam_inputs(Path(corpus.folder), options, lock)
    manifest = manifest_bytes({"exam": corpus.exam.id, "bank_size": len(corpus.questions), "inputs": inputs,
                               "outputs": [o.entry() for o in outputs]})
    return ExamBuild(corpus, outputs, lock, lock_path, lock != old_lock, manifest)


def write_exam(build: ExamBuild, out: Path) -> None:
    """Publish one exam's outputs with their manifest, then save its refreshed note lock."""
    publish(out, build.corpus.exam.id, {o.path: o.data for o in build.outputs}, build.manifest)
    if build.lock_changed:
        write_atomic(build.lock_path, lock_bytes(build.lock))


@dataclass(frozen=True)
class BuildResult:
    """The exams built, and the names of those already up to date."""

    built: list[ExamBuild]
    current: list[str]


def build(sources: Path, out: Path, options: Options, exam: str | None = None,
          on_wait: Callable[[], None] = lambda: None, force: bool = False) -> BuildResult:
    """Load, validate and render everything that changed; write only when all of it succeeded.

    An exam whose inputs match its published build is left alone. One build at a time holds
    `out`; a second one calls on_wait and waits for it.
    """
    folders = exam_folders(sources, exam)
    locks = {f.name: read_lock(f / LOCK_NAME) for f in folders}
    stale = [f for f in folders if force or not is_current(out / f.name, exam_inputs(f, options, locks[f.name]))]
    corpora = load_folders(stale, sources) if stale else []
    builds = [render_exam(c, options, Path(c.folder) / LOCK_NAME, locks[c.exam.id], None if force else out / c.exam.id)
              for c in corpora]
    with output_lock(out, on_wait):
        for exam_build in builds:
            write_exam(exam_build, out)
    return BuildResult(builds, [f.name for f in folders if f not in stale])
