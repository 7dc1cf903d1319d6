"""A build never loses a user's files, never hides an update from Anki, and fails whole or not at all."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from anki_engine import import_deck, new_collection, visible_text
from conftest import BUILD_EPOCH, REPO, TINY_FACTS, TINY_QUESTIONS, TinyCorpus, copy_real_sources

from exampack import fingerprint

LOCK = Path("sources/tiny/anki-notes.lock.json")
APKG = Path("dist/tiny/tiny.apkg")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def published(out: Path = Path("dist"), exam: str = "tiny") -> tuple[str, dict[str, bytes]]:
    """Where the published link points and what it holds."""
    return os.readlink(out / exam), tree(out / exam)


def build_command(*args: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), *args]


# 1. Never delete what the build did not make.

def test_a_folder_the_build_did_not_make_is_left_alone(tiny: TinyCorpus, run) -> None:
    Path("study/tiny").mkdir(parents=True)
    Path("study/tiny/mine.txt").write_text("my notes")
    result = run("--sources", "sources", "--out", "study")
    assert (result.code, result.err) == (2, ("build.py: error: study/tiny holds files the build did not make "
                                            "(study/tiny/mine.txt); move them away\n"))
    assert tree(Path("study")) == {"tiny/mine.txt": b"my notes"}
    assert not Path("study/.exampack.lock").exists()


@pytest.mark.parametrize(("out", "relation"), [("sources", "is"), ("sources/tiny/out", "lies inside"),
                                               (".", "holds")])
def test_an_output_folder_that_overlaps_the_sources_is_refused(tiny: TinyCorpus, run, out: str,
                                                               relation: str) -> None:
    before = tree(Path("sources"))
    result = run("--sources", "sources", "--out", out)
    assert (result.code, result.err) == (2, (f"build.py: error: --out {out} {relation} sources/, which the build "
                                            "reads; choose another output folder\n"))
    assert tree(Path("sources")) == before


def test_the_projects_own_folders_are_refused(tiny: TinyCorpus, run) -> None:
    result = run("--sources", "sources", "--out", str(REPO / "templates"))
    assert result.code == 2 and "which the build reads" in result.err
    assert not (REPO / "templates" / "tiny").exists()


def test_a_link_or_file_the_build_did_not_make_is_refused(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    Path("dist").mkdir()
    (tmp_path / "elsewhere").mkdir()
    Path("dist/tiny").symlink_to(tmp_path / "elsewhere")
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.startswith("build.py: error: dist/tiny is a link the build did not make")
    Path("dist/tiny").unlink()
    Path("dist/tiny").write_text("a file")
    result = run("--sources", "sources", "--out", "dist")
    assert (result.code, result.err) == (2, ("build.py: error: dist/tiny is a file the build did not make; "
                                            "move it away\n"))
    assert Path("dist/tiny").read_text() == "a file"


def test_an_output_folder_proven_by_its_manifest_is_replaced(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    shutil.copytree(Path("dist/tiny").resolve(), "old/tiny")
    assert run("--sources", "sources", "--out", "old", "--force", "-q").code == 0
    assert Path("old/tiny").is_symlink() and tree(Path("old/tiny")) == tree(Path("dist/tiny"))


# 2. A reverted edit still reaches Anki.

def git(*args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], check=True,
                   capture_output=True)


def test_a_reverted_edit_reaches_anki(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    git("init", "-q")
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    git("add", "sources")
    git("commit", "-q", "-m", "corpus")
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)

    tiny.write("facts/facts.yaml", TINY_FACTS.replace("Store raw data in", "Keep raw data in"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    git("commit", "-q", "-am", "edit")
    assert len(import_deck(col, APKG).updated) == 1

    git("revert", "--no-edit", "HEAD")
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    log = import_deck(col, APKG)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    (note,) = col.find_notes("raw")
    assert "Store raw data in Amazon S3." in visible_text(col.get_note(note).cards()[0].answer())

    git("commit", "-q", "-am", "lock after the revert")
    git("checkout", "-q", "HEAD~2")  # the edited text, with the lock of that commit
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    assert len(import_deck(col, APKG).updated) == 1
    assert "Keep raw data in" in visible_text(col.get_note(note).cards()[0].answer())
    col.close()


def test_a_deleted_lock_keeps_the_published_times(tiny: TinyCorpus, run, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    lock = LOCK.read_bytes()
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    LOCK.unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_EPOCH) + 500))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    assert LOCK.read_bytes() == lock
    log = import_deck(col, APKG)
    assert (len(log.new), len(log.updated)) == (0, 0)
    col.close()


def test_a_lock_reset_to_an_empty_list_is_an_error(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    LOCK.write_text("[]\n")
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "sources/tiny/anki-notes.lock.json:1:1: error: note lock: expected a mapping of notes and notetypes, got "
        "list; delete it to start afresh (note times then come from the last build in the output folder)")


# 5. A failed build changes nothing.

def immutable(path: Path, on: bool) -> bool:
    """Set or clear the immutable attribute; whether it could be set."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, check=False)
    return done.returncode == 0


def test_an_unwritable_lock_publishes_nothing(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    before = published()
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("Store raw data in", "Keep raw data in"))
    if shutil.which("chattr") is None or not immutable(LOCK, True):
        pytest.skip("chattr +i is not available here")
    try:
        done = subprocess.run(build_command("--sources", "sources", "--out", "dist"), capture_output=True, text=True,
                              check=False)
    finally:
        immutable(LOCK, False)
    assert (done.returncode, done.stderr) == (
        2, ("build.py: error: cannot write sources/tiny/anki-notes.lock.json: Operation not permitted; "
           "nothing was published\n"))
    assert published() == before
    assert [p.name for p in Path("sources/tiny").iterdir() if p.name.endswith(".tmp")] == []


# 6. Nothing skipped in silence.

def test_a_linked_facts_folder_inside_the_sources_is_read(tiny: TinyCorpus, run) -> None:
    shutil.move("sources/tiny/facts", "sources/shared-facts")
    Path("sources/tiny/facts").symlink_to("../shared-facts")
    assert run("--check", "--sources", "sources").out.startswith("ok   tiny: 3 facts")
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    facts = Path("sources/shared-facts/facts.yaml")
    facts.write_text(facts.read_text().replace("Store raw data in", "Keep raw data in"))
    assert run("--sources", "sources", "--out", "dist").out.startswith("wrote anki")


def test_an_upper_case_yaml_file_is_read(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/more.YAML", "facts:\n  - {id: d1-more, domain: d1, text: 'More {{c1::facts}}.', "
                                  "source: notes}\n")
    assert run("--check", "--sources", "sources").out.startswith("ok   tiny: 4 facts")


def test_an_exam_folder_linked_from_outside_the_sources_is_refused(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    shutil.move("sources/tiny", tmp_path / "outside")
    Path("sources/tiny").symlink_to(tmp_path / "outside")
    result = run("--check", "--sources", "sources")
    assert result.err.splitlines() == ["sources/tiny:1:1: error: exam folder is a link outside sources/",
                                       "1 error(s); nothing written"]


# 7. Newest sources win.

def test_an_older_build_finishing_last_does_not_publish(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    out = tmp_path / "dist"
    out.mkdir()
    facts = sources / "mla-c01" / "facts" / "d1-data-preparation.yaml"
    with open(out / ".exampack.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        older = subprocess.Popen(build_command("--sources", str(sources), "--out", str(out), "-q", "--force"),
                                 stderr=subprocess.PIPE, text=True)
        assert older.stderr.readline().startswith("build.py: waiting for another build")
        older.send_signal(signal.SIGSTOP)
        facts.write_text(facts.read_text().replace("Amazon S3 is", "Amazon S3 (newer) is", 1))
        fcntl.flock(held, fcntl.LOCK_UN)
    newer = subprocess.run(build_command("--sources", str(sources), "--out", str(out), "-q"),
                           capture_output=True, text=True, check=False)
    assert (newer.returncode, newer.stderr) == (0, "")
    after_newer = published(out, "mla-c01")
    older.send_signal(signal.SIGCONT)
    assert older.wait() == 2
    message = older.stderr.read()
    assert message.startswith(f"build.py: error: {out}/mla-c01 holds a build of sources read after this build "
                              "read its own")
    assert message.endswith("Run the build again to build the sources as they are now.\n")
    assert published(out, "mla-c01") == after_newer


# 8. No tracebacks.

@pytest.mark.parametrize(("lock", "message"), [
    ('{"notes": []}', "1:2: error: note lock: notes must be a mapping, got list"),
    ('{"notes": {"fact:d1-bucket": {"hash": "' + "a" * 64 + '", "mod": 1e20}}}',
     "1:107: error: note lock: notes['fact:d1-bucket'].mod must be whole seconds from 0 to 9999999999, got 1e+20"),
    ("{", "1:2: error: note lock is not valid JSON (Expecting property name enclosed in double quotes)"),
])
def test_a_lock_of_the_wrong_shape_is_a_located_error(tiny: TinyCorpus, run, lock: str, message: str) -> None:
    LOCK.write_text(lock)
    result = run("--check", "--sources", "sources")
    assert result.code == 2
    assert result.err.splitlines() == [
        (f"sources/tiny/anki-notes.lock.json:{message}; delete it to start afresh (note times then come from the "
        "last build in the output folder)"), "1 error(s); nothing written"]


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_a_lock_that_is_not_a_file_is_an_error_not_a_hang(tiny: TinyCorpus, run, kind: str) -> None:
    if kind == "folder":
        LOCK.mkdir()
    else:
        LOCK.symlink_to("/dev/zero")
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("domain: d1", "domain: d7", 1))
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines() == [
        ("sources/tiny/anki-notes.lock.json:1:1: error: note lock is not a regular file; delete it to start afresh "
        "(note times then come from the last build in the output folder)"),
        ("sources/tiny/facts/facts.yaml:3:13: error: facts[0].domain: unknown domain 'd7'; exam.yaml defines d1, d2, "
        "overview"),
        "2 error(s); nothing written"]


def select_three(options: int) -> str:
    """A multiple-response question of the tiny exam with this many options, three of them right."""
    listed = "".join(f"      - {{text: Option number {n} of many, correct: {str(n < 3).lower()}, why: reason {n}}}\n"
                     for n in range(options))
    return f"""\
  - id: q-many
    type: multiple-response
    domain: d1
    task: "1.1"
    stem: Which options apply? Select THREE.
    options:
{listed}    explanation: Three apply.
    facts: [d1-bucket]
"""


def test_too_many_options_is_a_source_error(tiny: TinyCorpus, run) -> None:
    tiny.write("questions/questions.yaml", TINY_QUESTIONS + select_three(27))
    result = run("--check", "--sources", "sources")
    assert result.code == 2
    assert result.err.splitlines()[0].endswith(
        "error: questions[5].options: multiple response needs 5 to 8 options, found 27")


def test_the_most_options_a_question_may_have_fit_the_answer_sheet(tiny: TinyCorpus, run) -> None:
    tiny.write("questions/questions.yaml",
               "questions:\n  - id: q-4" + TINY_QUESTIONS.split("  - id: q-4")[1] + select_three(8))
    assert run("--sources", "sources", "--out", "dist", "--forms", "1", "-q").code == 0
    with pdfplumber.open("dist/tiny/mock/form-a.pdf") as pdf:
        sheet = pdf.pages[-1]
        row = [c for c in sheet.chars if abs(c["top"] - next(d for d in sheet.chars if d["text"] == "H")["top"]) < 2]
        assert "".join(c["text"] for c in row).startswith("1FABCDEFGHmark 3")
        assert max(c["x1"] for c in sheet.chars) < sheet.width - 9 / 25.4 * 72


def test_a_long_exam_id_is_a_source_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    monkeypatch.chdir(tmp_path)
    from conftest import write_tiny
    exam = "x" * 248
    write_tiny(tmp_path, exam)
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines()[0] == f"sources/{exam}/exam.yaml:2:5: error: id: 248 characters; the limit is 64"


@pytest.mark.parametrize("value", ["", "abc", "1e20", "-5"])
def test_a_bad_source_date_epoch_is_a_usage_error(tiny: TinyCorpus, run, monkeypatch: pytest.MonkeyPatch,
                                                  value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("--sources", "sources", "--out", "dist")
    assert (result.code, result.err) == (2, (f"build.py: error: SOURCE_DATE_EPOCH is {value!r}: give whole seconds "
                                            "since 1970 (0 to 9999999999), or unset it\n"))
    assert not Path("dist").exists()


def _small_files_only() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_publishes_nothing(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    before = published()
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("Store raw data in", "Keep raw data in"))
    done = subprocess.run(build_command("--sources", "sources", "--out", "dist", "--force"), capture_output=True,
                          text=True, preexec_fn=_small_files_only, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("build.py: error: cannot write dist/.tiny.builds/build-")
    assert done.stderr.endswith(": File too large; nothing was published\n")
    assert published() == before
    assert sorted(p.name for p in Path("dist/.tiny.builds").iterdir()) == sorted(
        [before[0].split("/")[-1], before[0].split("/")[-1] + ".state.json"])


def test_a_read_only_output_folder_is_a_message(tiny: TinyCorpus, run) -> None:
    Path("dist").mkdir()
    if shutil.which("chattr") is None or not immutable(Path("dist"), True):
        pytest.skip("chattr +i is not available here")
    try:
        result = run("--sources", "sources", "--out", "dist")
    finally:
        immutable(Path("dist"), False)
    assert (result.code, result.err) == (2, ("build.py: error: cannot write dist/.exampack.lock: Operation not "
                                            "permitted; nothing was published\n"))


def test_an_output_that_is_a_file_is_a_message(tiny: TinyCorpus, run) -> None:
    Path("dist").write_text("x")
    result = run("--sources", "sources", "--out", "dist")
    assert (result.code, result.err) == (2, "build.py: error: --out dist is not a folder\n")


# 9. Smaller.

def test_the_published_build_and_the_one_before_it_are_kept(tiny: TinyCorpus, run) -> None:
    links = []
    for word in ("Keep", "Hold", "Put"):
        tiny.write("facts/facts.yaml", TINY_FACTS.replace("Store raw data in", f"{word} raw data in"))
        assert run("--sources", "sources", "--out", "dist", "-q").code == 0
        links.append(os.readlink("dist/tiny").split("/")[-1])
    kept = sorted(p.name for p in Path("dist/.tiny.builds").iterdir())
    assert kept == sorted([links[1], links[1] + ".state.json", links[2], links[2] + ".state.json"])


def test_partial_builds_are_cleaned_by_the_next_build(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    Path("dist/.tiny.builds/build-interrupted/mock").mkdir(parents=True)
    Path("dist/.tiny.builds/build-interrupted/tiny.apkg").write_bytes(b"half")
    result = run("--sources", "sources", "--out", "dist")
    assert result.out.startswith("tiny is up to date")
    assert not Path("dist/.tiny.builds/build-interrupted").exists()


def test_an_upgraded_output_library_makes_the_outputs_stale(tiny: TinyCorpus, run,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    assert run("--sources", "sources", "--out", "dist").out.startswith("tiny is up to date")
    real_version = fingerprint.metadata.version
    monkeypatch.setattr(fingerprint.metadata, "version",
                        lambda name: "99.0" if name == "reportlab" else real_version(name))
    fingerprint.pipeline_digest.cache_clear()
    try:
        result = run("--sources", "sources", "--out", "dist")
    finally:
        fingerprint.pipeline_digest.cache_clear()
    assert result.out.startswith("wrote anki")


# 10. Retired notes reach the learner.

def test_a_removed_fact_is_retired_in_place(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    (bucket,) = col.find_notes("raw")
    kept = TINY_FACTS.split("  - id: d1-copy")[1]
    tiny.write("questions/questions.yaml", TINY_QUESTIONS.replace("facts: [d1-bucket]", "facts: [d1-copy]"))
    tiny.write("facts/facts.yaml", "facts:\n  - id: d1-copy" + kept.replace(
        "    refs: [s3-cp]\n", "    refs: [s3-cp]\n    replaces: [d1-bucket]\n", 1))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    log = import_deck(col, APKG)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    assert col.find_notes("tag:tiny::retired") == [bucket]
    card = col.get_note(bucket).cards()[0]
    shown = visible_text(card.answer())
    assert "This card is retired: its fact d1-bucket is no longer part of the TINY-01 pack." in shown
    assert "Replaced by: Copy a folder with aws s3 cp and --recursive." in shown
    assert "tag:tiny::retired" in shown
    lock = json.loads(LOCK.read_text())
    assert "fact:d1-bucket" in lock["notes"]
    assert run("--sources", "sources", "--out", "dist").out.startswith("tiny is up to date")
    col.close()


def test_a_new_learner_gets_retired_notes_in_their_own_subdeck(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("  - id: d1-bucket", "  - id: d1-bucket-renamed", 1))
    tiny.write("questions/questions.yaml", TINY_QUESTIONS.replace("facts: [d1-bucket]", "facts: [d1-copy]"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    retired = col.find_cards("tag:tiny::retired")
    assert len(retired) == 1
    assert col.decks.name(col.get_card(retired[0]).did) == "Tiny::Retired"
    col.close()
