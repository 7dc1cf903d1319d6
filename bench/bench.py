"""The build's speed: whole builds, each stage against its library's floor, and a scale series.

    python bench/bench.py        (or `make bench`)

Every figure is the median of 5 runs; a short stage's run averages several calls. Whole builds run in a fresh process, interpreter
start included. A stage's floor is the library doing the same work with no pipeline
around it: genanki writing the same notes (fields, tags, GUIDs from the same ids);
reportlab laying out and drawing the same flowables. A stage and its floor are timed
in alternation, so drift in the machine's speed weighs on both alike.
"""

from __future__ import annotations

import gc
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import genanki
from generate import generate

from exampack.forms import assemble_forms
from exampack.load import load_exam_sources
from exampack.notelock import LOCK_NAME, read_note_lock
from exampack.pipeline import Options
from exampack.render.anki import plan_deck, render_deck
from exampack.render.booklet import answer_key_document, booklet_document, build_pdf
from exampack.render.cheatsheet import draw_sheet, fit_sheet, render_sheet, sheet_layout
from exampack.validate import check_and_assemble

RUNS = 5
EXAM = "mla-c01"
NOW = 1764000000


def median(action: Callable[[], object], setup: Callable[[], object] | None = None, repeat: int = 1) -> float:
    """Median over RUNS runs of the seconds one call of action takes."""
    return statistics.median(median_once(action, setup, repeat) for _ in range(RUNS))


def paired(stage: Callable[[], object], floor: Callable[[], object], floor_setup: Callable[[], object],
           repeat: int = 1) -> tuple[float, float]:
    """Medians of a stage and of its floor, timed in alternation so that drift in the machine's speed
    weighs on both alike."""
    stage_times, floor_times = [], []
    for _ in range(RUNS):
        stage_times.append(median_once(stage, None, repeat))
        floor_times.append(median_once(floor, floor_setup, repeat))
    return statistics.median(stage_times), statistics.median(floor_times)


def median_once(action: Callable[[], object], setup: Callable[[], object] | None, repeat: int) -> float:
    """Seconds one call of action takes, averaged over `repeat` calls, each after an untimed setup."""
    total = 0.0
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        action()
        total += time.perf_counter() - started
        gc.enable()
    return total / repeat


def build_command(sources: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--sources", str(sources), "--out", str(out), "-q", *extra]


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(NOW)})


def measured_run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one build in a fresh process."""
    probe = ("import resource, runpy, sys; sys.argv = sys.argv[1:]; "
             "code = 0\ntry:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
             "except SystemExit as exit_:\n    code = exit_.code\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe, *command[1:]], check=True, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": str(NOW)})
    elapsed = time.perf_counter() - started
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def whole_builds(work: Path) -> list[tuple[str, float]]:
    sources = work / "sources"
    shutil.copytree(ROOT / "sources", sources)
    out = work / "dist"
    facts = sources / EXAM / "facts" / "d1-data-preparation.yaml"
    original = facts.read_text(encoding="utf-8")
    edits = iter(range(1000))

    def edit_one_fact() -> None:
        facts.write_text(original.replace("Amazon S3 is", f"Amazon S3 (edit {next(edits)}) is", 1), encoding="utf-8")

    full = median(lambda: run(build_command(sources, out, "--force")), lambda: shutil.rmtree(out, ignore_errors=True))
    run(build_command(sources, out))
    unchanged = median(lambda: run(build_command(sources, out)))
    one_fact = median(lambda: run(build_command(sources, out)), edit_one_fact)
    return [("full build (fresh process)", full), ("no-change rebuild", unchanged),
            ("rebuild after a one-fact edit", one_fact)]


def stages() -> list[tuple[str, float, float | None]]:
    folder = ROOT / "sources" / EXAM
    sources, _ = load_exam_sources(folder, ROOT / "sources")
    corpus, _ = check_and_assemble(sources)
    lock, _, _ = read_note_lock(folder / LOCK_NAME)
    plan = plan_deck(corpus, [lock], NOW)
    forms = assemble_forms(corpus, corpus.exam.default_forms, Options().seed)
    rows: list[tuple[str, float, float | None]] = [
        ("load (read YAML, schemas)", median(lambda: load_exam_sources(folder, ROOT / "sources"), repeat=5), None),
        ("validate (cross-checks)", median(lambda: check_and_assemble(sources), repeat=20), None),
    ]

    def genanki_floor() -> None:
        deck = genanki.Deck(1 << 30, corpus.exam.deck)
        for note in plan.notes:
            deck.add_note(genanki.Note(model=note.model, fields=list(note.fields), tags=list(note.tags),
                                       guid=genanki.guid_for(corpus.exam.id, *note.key.split(":"))))
        genanki.Package(deck).write_to_file(io.BytesIO(), timestamp=NOW)

    rows.append(("anki deck", *paired(lambda: render_deck(plan_deck(corpus, [lock], NOW)), genanki_floor,
                                      lambda: None, repeat=20)))
    domains = (None, *corpus.exam.domains)
    layouts: list = []
    day = "2025-11-24"
    geometry = {d: fit_sheet(corpus, d, "letter", day)[1:] for d in domains}
    rows.append(("cheat sheets (5)", *paired(
        lambda: [render_sheet(corpus, d, "letter", day) for d in domains],
        lambda: [draw_sheet(layout) for layout in layouts],
        lambda: layouts.__setitem__(slice(None), [sheet_layout(corpus, d, "letter", day, geometry[d][1], geometry[d][0])
                                                  for d in domains]), repeat=3)))
    documents: list = []

    def make_documents() -> None:
        documents[:] = [make(corpus, form) for form in forms for make in (booklet_document, answer_key_document)]

    rows.append(("booklets and keys (4)", *paired(
        lambda: [build_pdf(make(corpus, form), "letter") for form in assemble_forms(corpus, corpus.exam.default_forms, Options().seed)
                 for make in (booklet_document, answer_key_document)],
        lambda: [build_pdf(document, "letter") for document in documents], make_documents)))
    return rows


def scale_series(work: Path) -> list[tuple[int, int, float, float]]:
    rows = []
    for factor in (1, 10, 100):
        sources = work / f"scale-{factor}"
        generate(ROOT / "sources" / EXAM, sources, factor)
        seconds, peak = measured_run(build_command(sources, work / f"scale-{factor}-out", "--force"))
        notes = json.loads((work / f"scale-{factor}-out" / EXAM / "manifest.json").read_text())["outputs"][0]["notes"]
        rows.append((factor, notes, seconds, peak))
    return rows


def main() -> None:
    print(f"exampack benchmark · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        print("\n| build | median of 5 |\n|---|---|")
        for name, seconds in whole_builds(work):
            print(f"| {name} | {seconds:.2f} s |")
        print("\n| stage | median of 5 | floor | ratio to floor |\n|---|---|---|---|")
        for name, seconds, floor in stages():
            if floor is None:
                print(f"| {name} | {seconds * 1000:.0f} ms | | |")
            else:
                print(f"| {name} | {seconds * 1000:.0f} ms | {floor * 1000:.0f} ms | {seconds / floor:.2f}× |")
        print("\n| corpus | notes | wall time | peak RSS | time per 1× |\n|---|---|---|---|---|")
        series = scale_series(work)
        for factor, notes, seconds, peak in series:
            print(f"| {factor}× | {notes:,} | {seconds:.2f} s | {peak:.0f} MiB | {seconds / series[0][2] / factor:.2f} |")


if __name__ == "__main__":
    main()
