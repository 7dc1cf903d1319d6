"""One test per kind of source error: the exact message, exit status 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_API, TINY_COMMANDS, TINY_FACTS, TINY_QUESTIONS, TinyCorpus

FACTS = "sources/tiny/facts/facts.yaml"
QUESTIONS = "sources/tiny/questions/questions.yaml"


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


MC_OPTIONS = """\
    options:
      - {text: Amazon S3, correct: true, why: durable and cheap}
      - {text: Amazon EBS, why: block storage for one instance}
      - {text: Amazon RDS, why: a relational database}
      - {text: Amazon ElastiCache, why: an in-memory cache}
"""

CASES = [
    ("yaml-syntax", "facts/facts.yaml", replaced(TINY_FACTS, "refs: [s3-cp]", "refs: [s3-cp"),
     f"{FACTS}:12:7: error: YAML syntax: expected ',' or ']', but got ':' (while parsing a flow sequence)"),
    ("tab-indent", "facts/facts.yaml", replaced(TINY_FACTS, "    domain: d1\n    task", "\tdomain: d1\n    task"),
     f"{FACTS}:3:1: error: YAML syntax: tabs are not allowed for indentation; use spaces"),
    ("duplicate-key", "facts/facts.yaml", replaced(TINY_FACTS, "    task: \"1.1\"\n", "    task: \"1.1\"\n    domain: d2\n"),
     f"{FACTS}:5:5: error: duplicate key 'domain' (first defined at line 3)"),
    ("unknown-field", "facts/facts.yaml", replaced(TINY_FACTS, "    source: notes#d1-1", "    source: notes#d1-1\n    extras: more"),
     f"{FACTS}:7:5: error: facts[0]: unknown field 'extras' (did you mean 'extra'?)"),
    ("missing-field", "facts/facts.yaml", replaced(TINY_FACTS, "    source: notes#d1-1\n", ""),
     f"{FACTS}:2:5: error: facts[0]: missing required field 'source'"),
    ("wrong-type", "facts/facts.yaml", replaced(TINY_FACTS, 'task: "1.1"', "task: 1.1"),
     f"{FACTS}:4:11: error: facts[0].task: expected a string, got float 1.1; quote it"),
    ("duplicate-id", "facts/more.yaml", TINY_FACTS.split("  - id: d1-copy")[0],
     "sources/tiny/facts/more.yaml:2:9: error: facts[0].id: duplicate id 'd1-bucket' (first used at "
     f"{FACTS}:2:9)"),
    ("unknown-domain", "facts/facts.yaml", replaced(TINY_FACTS, "domain: d1", "domain: d9"),
     f"{FACTS}:3:13: error: facts[0].domain: unknown domain 'd9'; exam.yaml defines d1, d2, overview"),
    ("unknown-task", "facts/facts.yaml", replaced(TINY_FACTS, 'task: "1.1"', 'task: "1.9"'),
     f"{FACTS}:4:11: error: facts[0].task: unknown task '1.9'; exam.yaml defines 1.1, 2.1"),
    ("task-of-other-domain", "facts/facts.yaml", replaced(TINY_FACTS, 'task: "1.1"', 'task: "2.1"'),
     f"{FACTS}:4:11: error: facts[0].task: task 2.1 belongs to d2, not d1"),
    ("cloze-none", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "Amazon S3"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: no cloze deletion; mark the key term as {{{{c1::term}}}}"),
    ("cloze-unbalanced", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "{{c1::Amazon S3}"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: '{{{{' at character 19 is not closed by '}}}}'"),
    ("cloze-stray-close", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "{c1::Amazon S3}}"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: '}}}}' at character 33 closes no '{{{{'"),
    ("cloze-c0", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "{{c0::Amazon S3}}"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: deletions are numbered from c1; c0 is not allowed"),
    ("cloze-gap", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "{{c1::Amazon}} {{c3::S3}}"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: deletions skip c2; number them c1, c2, ... without gaps"),
    ("cloze-empty", "facts/facts.yaml", replaced(TINY_FACTS, "Store raw data in {{c1::Amazon S3}}.", "\"Store raw data in {{c1:: }}.\""),
     f"{FACTS}:5:11: error: facts[0].text: cloze: deletion c1 has an empty answer"),
    ("cloze-not-deletion", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::Amazon S3}}", "{{Amazon S3}}"),
     f"{FACTS}:5:11: error: facts[0].text: cloze: '{{{{Amazon S3}}}}' is not a deletion; write {{{{c1::answer}}}}"),
    ("unknown-ref", "facts/facts.yaml", replaced(TINY_FACTS, "refs: [s3-cp]", "refs: [s3-copy]"),
     f"{FACTS}:11:12: error: facts[1].refs[0]: unknown command or API term 's3-copy'"),
    ("flag-not-on-command", "facts/facts.yaml", replaced(TINY_FACTS, "{{c1::--recursive}}", "{{c1::--recursiv}}"),
     f"{FACTS}:9:11: error: facts[1].text: flag --recursiv is not a flag of aws s3 cp"),
    ("flag-without-command", "facts/facts.yaml", replaced(TINY_FACTS, "    refs: [s3-cp]\n", ""),
     f"{FACTS}:9:11: error: facts[1].text: flag --recursive names no command; add the command's id to refs"),
    ("unknown-reference", "facts/facts.yaml", replaced(TINY_FACTS, "source: notes#d1-1", "source: guide#d1-1"),
     f"{FACTS}:6:13: error: facts[0].source: unknown reference 'guide'; exam.yaml references: notes"),
    ("duplicate-command", "commands.yaml", TINY_COMMANDS + TINY_COMMANDS.split("\n", 1)[1].replace("id: s3-cp", "id: s3-cp-2"),
     "sources/tiny/commands.yaml:15:14: error: commands[1].command: aws s3 cp is already described at "
     "sources/tiny/commands.yaml:2:5"),
    ("stray-file", "notes/todo.yaml", "todo: write more\n",
     "sources/tiny/notes/todo.yaml:1:1: error: not a known source file; an exam folder holds exam.yaml, "
     "commands.yaml, api.yaml and YAML files under facts/, questions/, commands/ or api/"),
    ("mc-three-options", "questions/questions.yaml",
     replaced(TINY_QUESTIONS, "      - {text: Amazon ElastiCache, why: an in-memory cache}\n", ""),
     f"{QUESTIONS}:8:7: error: questions[0].options: multiple choice needs exactly 4 options, found 3"),
    ("mc-two-correct", "questions/questions.yaml",
     replaced(TINY_QUESTIONS, "{text: Amazon EBS, why", "{text: Amazon EBS, correct: true, why"),
     f"{QUESTIONS}:8:7: error: questions[0].options: multiple choice needs exactly 1 correct option, found 2"),
    ("mc-no-correct", "questions/questions.yaml",
     replaced(TINY_QUESTIONS, "{text: Amazon S3, correct: true, why", "{text: Amazon S3, why"),
     f"{QUESTIONS}:8:7: error: questions[0].options: multiple choice needs exactly 1 correct option, found 0"),
    ("duplicate-option", "questions/questions.yaml",
     replaced(TINY_QUESTIONS, "{text: Amazon RDS,", "{text: Amazon EBS,"),
     f"{QUESTIONS}:10:16: error: questions[0].options[2].text: duplicate option 'Amazon EBS'"),
    ("unknown-fact", "questions/questions.yaml", replaced(TINY_QUESTIONS, "facts: [d1-bucket]", "facts: [d1-buckets]"),
     f"{QUESTIONS}:12:13: error: questions[0].facts[0]: unknown fact 'd1-buckets'"),
    ("mr-select-count", "questions/questions.yaml",
     "questions:\n  - id: mr\n    type: multiple-response\n    domain: d1\n    task: \"1.1\"\n"
     "    stem: Which two? Select TWO.\n    options:\n"
     "      - {text: a, correct: true, why: w}\n      - {text: b, correct: true, why: w}\n"
     "      - {text: c, correct: true, why: w}\n      - {text: d, why: w}\n      - {text: e, why: w}\n"
     "    facts: [d1-bucket]\n",
     f"{QUESTIONS}:6:11: error: questions[0].stem: stem says \"Select TWO.\" but 3 options are correct"),
    ("mr-no-count", "questions/questions.yaml",
     "questions:\n  - id: mr\n    type: multiple-response\n    domain: d1\n    task: \"1.1\"\n"
     "    stem: Which ones apply?\n    options:\n"
     "      - {text: a, correct: true, why: w}\n      - {text: b, correct: true, why: w}\n"
     "      - {text: c, why: w}\n      - {text: d, why: w}\n      - {text: e, why: w}\n"
     "    facts: [d1-bucket]\n",
     f"{QUESTIONS}:6:11: error: questions[0].stem: a multiple-response stem must end with \"Select TWO.\" (or THREE, ...)"),
    ("ordering-two-steps", "questions/questions.yaml",
     "questions:\n  - id: order\n    type: ordering\n    domain: d1\n    task: \"1.1\"\n"
     "    stem: Put in order.\n    steps: [split, fit]\n    explanation: because\n    facts: [d1-bucket]\n",
     f"{QUESTIONS}:7:12: error: questions[0].steps: ordering needs 3 to 5 steps, found 2"),
    ("matching-duplicate-match", "questions/questions.yaml",
     "questions:\n  - id: match\n    type: matching\n    domain: d1\n    task: \"1.1\"\n    stem: Match them.\n"
     "    pairs:\n      - {prompt: a, match: x}\n      - {prompt: b, match: y}\n      - {prompt: c, match: x}\n"
     "    explanation: because\n    facts: [d1-bucket]\n",
     f"{QUESTIONS}:10:28: error: questions[0].pairs[2].match: duplicate match 'x'"),
    ("field-not-for-type", "questions/questions.yaml",
     "questions:\n  - id: order\n    type: ordering\n    domain: d1\n    task: \"1.1\"\n"
     "    stem: Put in order.\n    steps: [split, fit, apply]\n    options: []\n    explanation: because\n"
     "    facts: [d1-bucket]\n",
     f"{QUESTIONS}:8:5: error: questions[0].options: field 'options' is not used by type ordering"),
    ("case-one-part", "questions/questions.yaml",
     "questions:\n  - id: case\n    type: case-study\n    domain: d1\n    task: \"1.1\"\n"
     "    scenario: A company.\n    parts:\n      - id: case-a\n        type: multiple-choice\n"
     "        task: \"1.1\"\n        stem: Which?\n" + MC_OPTIONS.replace("    ", "        ", 1).replace("\n      -", "\n          -")
     + "        facts: [d1-bucket]\n",
     f"{QUESTIONS}:8:7: error: questions[0].parts: a case study needs 2 or more questions, found 1"),
    ("empty-file", "facts/empty.yaml", "# nothing yet\n",
     "sources/tiny/facts/empty.yaml:1:1: error: file is empty"),
    ("alias", "facts/facts.yaml", replaced(TINY_FACTS, "    source: notes#d1-1", "    source: &src notes#d1-1"),
     f"{FACTS}:6:13: error: YAML anchors are not supported (&src)"),
    ("python-tag", "facts/facts.yaml", replaced(TINY_FACTS, "    extra: Accuracy", "    extra: !!python/object/apply:os.system [echo]\n    x: Accuracy"),
     f"{FACTS}:16:12: error: tag !!python/object/apply:os.system is not allowed; sources are plain YAML"),
]


@pytest.mark.parametrize("relative,text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_source_error_is_reported_at_its_place(tiny: TinyCorpus, run, relative: str, text: str, expected: str) -> None:
    tiny.write(relative, text)
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines() == [expected, "1 error(s); nothing written"]
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


def test_bad_bytes_are_reported(tiny: TinyCorpus, run) -> None:
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
