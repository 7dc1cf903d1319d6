"""The command-line contract: options, exit codes, manifest, and any exam with no code change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, TinyCorpus, write_tiny


def test_help_explains_every_option(run) -> None:
    result = run("--help")
    assert result.code == 0
    for option in ("--sources", "--out", "--exam", "--check", "--paper", "-q", "Exit status"):
        assert option in result.out


def test_check_validates_and_writes_nothing(tiny: TinyCorpus, run) -> None:
    result = run("--check", "--sources", "sources", "--out", "dist")
    assert result.code == 0
    assert result.out.startswith("ok   tiny: 3 facts, 1 commands, 1 API terms, 5 questions")
    assert not Path("dist").exists()
    assert not (tiny.folder / "anki-notes.lock.json").exists()


def test_build_writes_outputs_and_a_manifest(tiny: TinyCorpus, run) -> None:
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("wrote anki        dist/tiny/tiny.apkg (notes 5, cards 6")
    assert lines[-1].startswith("done in ")
    manifest = json.loads(Path("dist/tiny/manifest.json").read_text())
    assert manifest["exam"] == "tiny"
    anki = next(o for o in manifest["outputs"] if o["kind"] == "anki")
    assert (anki["path"], anki["notes"], anki["cards"]) == ("tiny.apkg", 5, 6)
    import hashlib
    for output in manifest["outputs"]:
        assert hashlib.sha256(Path("dist/tiny", output["path"]).read_bytes()).hexdigest() == output["sha256"]


def test_quiet_prints_nothing(tiny: TinyCorpus, run) -> None:
    result = run("--sources", "sources", "--out", "dist", "-q")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_a_second_exam_builds_with_no_code_change(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    write_tiny(tmp_path, "other")
    result = run("--sources", "sources", "--out", "dist", "-q")
    assert result.code == 0
    assert Path("dist/tiny/tiny.apkg").exists() and Path("dist/other/other.apkg").exists()
    assert run("--sources", "sources", "--out", "only", "--exam", "other", "-q").code == 0
    assert sorted(p.name for p in Path("only").iterdir() if not p.name.startswith(".")) == ["other"]


def test_unknown_exam_is_a_usage_error(tiny: TinyCorpus, run) -> None:
    result = run("--sources", "sources", "--exam", "nope")
    assert result.code == 2
    assert result.err == "build.py: error: no exam 'nope' under sources (found: tiny)\n"


def test_bad_option_is_a_usage_error(run) -> None:
    result = run("--paper", "a3")
    assert result.code == 2
    assert "invalid choice: 'a3'" in result.err


def test_exam_id_must_match_its_folder(tiny: TinyCorpus, run) -> None:
    exam = (tiny.folder / "exam.yaml").read_text().replace("id: tiny", "id: tinier")
    tiny.write("exam.yaml", exam)
    result = run("--check", "--sources", "sources")
    assert result.err.splitlines()[0] == (
        "sources/tiny/exam.yaml:2:5: error: id: exam id 'tinier' must match its folder name 'tiny'")


def test_build_py_runs_as_a_script_with_a_clean_error(tiny: TinyCorpus) -> None:
    tiny.write("facts/facts.yaml", "facts: [\n")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--sources", "sources"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("sources/tiny/facts/facts.yaml:2:1: error: YAML syntax:")
    assert "Traceback" not in done.stderr


def test_no_change_rebuild_keeps_the_published_build(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    published = Path("dist/tiny").resolve()
    result = run("--sources", "sources", "--out", "dist")
    assert result.out.splitlines()[0] == "tiny is up to date in dist/tiny"
    assert Path("dist/tiny").resolve() == published


def test_one_fact_edit_rebuilds_only_what_depends_on_it(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    facts = (tiny.folder / "facts/facts.yaml").read_text()
    tiny.write("facts/facts.yaml", facts.replace("Store raw data in", "Keep raw data in"))
    result = run("--sources", "sources", "--out", "dist")
    verbs = {line.split()[2]: line.split()[0] for line in result.out.splitlines() if line.startswith(("wrote", "kept"))}
    assert verbs == {
        "dist/tiny/tiny.apkg": "wrote", "dist/tiny/cheatsheets/overview.pdf": "kept",
        "dist/tiny/cheatsheets/d1-first.pdf": "wrote", "dist/tiny/cheatsheets/d2-second.pdf": "kept",
        "dist/tiny/mock/form-a.pdf": "kept", "dist/tiny/mock/form-a-key.pdf": "wrote",
        "dist/tiny/mock/form-b.pdf": "kept", "dist/tiny/mock/form-b-key.pdf": "wrote",
        "dist/tiny/practice.html": "wrote", "dist/tiny/manifest.json": "wrote"}
    incremental = {p.name: p.read_bytes() for p in Path("dist/tiny").rglob("*") if p.is_file()}
    assert run("--sources", "sources", "--out", "full", "--force", "-q").code == 0
    full = {p.name: p.read_bytes() for p in Path("full/tiny").rglob("*") if p.is_file()}
    assert incremental == full


def test_force_renders_everything(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    result = run("--sources", "sources", "--out", "dist", "--force")
    assert [line.split()[0] for line in result.out.splitlines()[:-1]] == ["wrote"] * 10
