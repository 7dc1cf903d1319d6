"""One test per kind of source error: the exact message, exit status 2, nothing written."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import TINY_FACTS, TinyCorpus

FACTS = "sources/tiny/facts/facts.yaml"
# Cases that cannot live as a plain file: made by the tests below.
GENERATED_CASES = ["symlink-outside-sources", "file-over-size-limit", "python-tag-never-runs", "every-problem-in-one-run",
                   "bom-and-latin1-together"]


BAD_INPUTS = Path(__file__).parent / "bad_inputs"


def read_case(path: Path) -> tuple[str, bytes, list[str]]:
    """A bad-input case: the file it replaces in the tiny exam, its bytes, and the messages expected.

    Each case file starts with `# target: <path in the exam folder>` and one `# expect: <message>`
    line per problem; the rest of the file is the input, byte for byte.
    """
    raw = path.read_bytes()
    target, expected = "", []
    while raw.startswith(b"# target: ") or raw.startswith(b"# expect: "):
        line, raw = raw.split(b"\n", 1)
        key, value = line.decode().split(": ", 1)
        if key == "# target":
            target = value
        else:
            expected.append(value)
    return target, raw, expected


CASES = sorted(BAD_INPUTS.glob("*.yaml"))


def test_there_are_at_least_forty_bad_input_cases() -> None:
    assert len(CASES) + len(GENERATED_CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_gets_its_exact_messages_and_nothing_is_written(tiny: TinyCorpus, run, case: Path) -> None:
    target, data, expected = read_case(case)
    (tiny.folder / target).parent.mkdir(parents=True, exist_ok=True)
    (tiny.folder / target).write_bytes(data)
    started = time.perf_counter()
    result = run("--sources", "sources", "--out", "dist")
    assert time.perf_counter() - started < 1.0
    assert result.code == 2
    assert result.err.splitlines() == expected + [f"{len(expected)} error(s); nothing written"]
    assert "Traceback" not in result.err
    assert not Path("dist").exists()


def test_every_problem_is_reported_in_one_run(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("domain: d1", "domain: d7").replace("{{c1::Amazon S3}}", "S3"))
    result = run("--check", "--sources", "sources")
    assert result.code == 2
    assert result.err.splitlines() == [
        f"{FACTS}:3:13: error: facts[0].domain: unknown domain 'd7'; exam.yaml defines d1, d2, overview",
        f"{FACTS}:5:11: error: facts[0].text: cloze: no cloze deletion; mark the key term as {{{{c1::term}}}}",
        f"{FACTS}:8:13: error: facts[1].domain: unknown domain 'd7'; exam.yaml defines d1, d2, overview",
        "3 error(s); nothing written",
    ]


def test_bom_and_latin1_together_are_both_reported(tiny: TinyCorpus, run) -> None:
    (tiny.folder / "facts/bom.yaml").write_bytes(b"\xef\xbb\xbf" + TINY_FACTS.encode())
    (tiny.folder / "facts/latin1.yaml").write_bytes(b"facts:\n  - id: caf\xe9\n")
    result = run("--check", "--sources", "sources")
    assert result.err.splitlines()[:2] == [
        "sources/tiny/facts/bom.yaml:1:1: error: file starts with a UTF-8 byte order mark; save it without one",
        "sources/tiny/facts/latin1.yaml:2:12: error: file is not valid UTF-8; save it as UTF-8",
    ]
    assert result.code == 2


def test_symlink_outside_sources_is_refused(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(TINY_FACTS)
    (tiny.folder / "facts/linked.yaml").symlink_to(outside)
    result = run("--check", "--sources", "sources")
    assert result.err.splitlines()[0] == "sources/tiny/facts/linked.yaml:1:1: error: symbolic link points outside sources/"
    assert result.code == 2


def test_failed_build_keeps_the_last_good_output(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    before = {p: p.read_bytes() for p in Path("dist").rglob("*") if p.is_file()}
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("{{c1::Amazon S3}}", "S3"))
    assert run("--sources", "sources", "--out", "dist").code == 2
    after = {p: p.read_bytes() for p in Path("dist").rglob("*") if p.is_file()}
    assert after == before


def test_file_over_the_size_limit_is_refused(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/huge.yaml", "facts:\n" + "# padding\n" * 110_000)
    result = run("--check", "--sources", "sources")
    assert result.err.splitlines() == [
        "sources/tiny/facts/huge.yaml:1:1: error: file is 1,100,007 bytes; the limit is 1,000,000",
        "1 error(s); nothing written"]


def test_python_tag_is_refused_and_never_runs(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tiny.write("facts/facts.yaml", f"facts: !!python/object/apply:os.system ['touch {marker}']\n")
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "sources/tiny/facts/facts.yaml:1:8: error: tag !!python/object/apply:os.system is not allowed; "
        "sources are plain YAML")
    assert not marker.exists()


def test_alias_bomb_is_rejected_fast_and_small(tiny: TinyCorpus, run) -> None:
    _, data, _ = read_case(BAD_INPUTS / "alias-bomb.yaml")
    tiny.write("facts/facts.yaml", data.decode())
    tracemalloc.start()
    started = time.perf_counter()
    result = run("--check", "--sources", "sources")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.code == 2
    assert elapsed < 1.0 and peak < 20_000_000
