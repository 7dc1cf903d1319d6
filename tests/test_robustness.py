"""A build never hurts: any bytes give messages, kills leave whole outputs, concurrent builds wait."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from anki_engine import import_deck, new_collection
from conftest import REPO, TINY_QUESTIONS, copy_real_sources, write_tiny
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_reader import text
from pypdf import PdfReader

from exampack.errors import SourceErrors
from exampack.pipeline import load_corpora

KILLS = 20
KILL_SECONDS = 60


def check_published(exam_folder: Path, scratch: Path) -> int:
    """Every file of a published build matches its manifest and opens in a real reader; files checked."""
    manifest = json.loads((exam_folder / "manifest.json").read_text())
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    present = {p.relative_to(exam_folder).as_posix() for p in exam_folder.rglob("*") if p.is_file()}
    assert present == set(listed) | {"manifest.json"}
    for relative, digest in listed.items():
        path = exam_folder / relative
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, relative
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) >= 1
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        else:
            col = new_collection(scratch / f"anki-{random.random()}")
            assert len(import_deck(col, path).new) == manifest["outputs"][0]["notes"]
            col.close()
    return len(listed)


def leftover_processes(marker: str) -> list[int]:
    """Processes still running whose command line mentions marker (workers of killed builds)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_builds_killed_at_random_moments_leave_whole_outputs(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    out = tmp_path / "dist"
    command = [sys.executable, str(REPO / "build.py"), "--sources", str(sources), "--out", str(out), "-q", "--force"]
    assert subprocess.run(command).returncode == 0
    rng = random.Random(20261127)
    kills = checked = corrupt = 0
    started = time.monotonic()
    while kills < KILLS and time.monotonic() - started < KILL_SECONDS:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        try:
            checked += check_published(out / "mla-c01", tmp_path)
        except AssertionError:
            corrupt += 1
    print(f"kill test: {kills} kills, {checked} outputs checked, {corrupt} corrupt")
    time.sleep(1)
    assert leftover_processes(str(out)) == []
    assert kills >= 10 and corrupt == 0
    assert subprocess.run(command).returncode == 0
    current = os.readlink(out / "mla-c01").split("/")[-1]
    kept = sorted(p.name for p in (out / ".mla-c01.builds").iterdir())
    builds = [name for name in kept if not name.endswith(".state.json")]
    assert current in builds and len(builds) <= 2  # the published build and the one before it
    assert kept == sorted(builds + [f"{name}.state.json" for name in builds])


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    out = tmp_path / "dist"
    command = [sys.executable, str(REPO / "build.py"), "--sources", str(sources), "--out", str(out), "-q"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert first.wait() == 0 and second.wait() == 0
    messages = first.stderr.read() + second.stderr.read()
    assert messages in ("", f"build.py: waiting for another build writing to {out}/\n")
    assert check_published(out / "mla-c01", tmp_path) == 11


def test_markup_in_questions_is_printed_in_booklets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    monkeypatch.chdir(tmp_path)
    tiny = write_tiny(tmp_path)
    tiny.write("questions/questions.yaml", TINY_QUESTIONS.replace(
        "stores raw data for q-1.", "stores <font size=30>raw</font> data & <img src=x/> for q-1."))
    assert run("--sources", "sources", "--out", "dist", "--forms", "1", "-q").code == 0
    shown = " ".join(text(Path("dist/tiny/mock/form-a.pdf")).split())
    assert "stores <font size=30>raw</font> data & <img src=x/> for q-1." in shown


FACT_KEYS = st.sampled_from(["id", "domain", "task", "text", "source", "refs", "extra", "sheet", "x"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(["d1", "1.1", "{{c1::x}}", "{{c0::}}", "notes", "s3-cp", "--recursive"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FACT_KEYS, inner, max_size=6),
                      max_leaves=20)


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    write_tiny(root)
    return root


def _load_with(root: Path, data: bytes) -> None:
    (root / "sources/tiny/facts/facts.yaml").write_bytes(data)
    try:
        load_corpora(root / "sources")
    except SourceErrors as errors:
        for problem in errors.problems:
            assert problem.location.line >= 1 and problem.location.column >= 1
            assert str(problem).startswith(f"{problem.location.path}:{problem.location.line}:")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_a_corpus_or_located_messages(fuzz_root: Path, data: bytes) -> None:
    _load_with(fuzz_root, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.dictionaries(st.sampled_from(["facts", "questions"]), VALUES, max_size=2))
def test_any_yaml_shape_gives_a_corpus_or_located_messages(fuzz_root: Path, value: dict) -> None:
    _load_with(fuzz_root, yaml.safe_dump(value, allow_unicode=True).encode())
