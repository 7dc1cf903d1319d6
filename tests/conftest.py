"""Shared fixtures: tiny corpora written into tmp_path, and builds run through the CLI."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from exampack.cli import main

REPO = Path(__file__).resolve().parent.parent
REAL_SOURCES = REPO / "sources"
BUILD_EPOCH = "1764000000"

TINY_EXAM = """\
# yaml-language-server: $schema=../../schema/exam.schema.json
id: {exam}
code: TINY-01
title: Tiny Certification
issuer: Tiny Board
deck: Tiny
duration_minutes: 20
questions: {{total: 2, scored: 1, unscored: 1}}
score: {{scale: scaled, min: 100, max: 1000, pass: 700, model: compensatory, guessing_penalty: false}}
domains:
  - id: d1
    name: First Domain
    short: First
    slug: first
    weight: 60
    tasks:
      - {{id: "1.1", text: Do the first thing.}}
  - id: d2
    name: Second Domain
    short: Second
    slug: second
    weight: 40
    tasks:
      - {{id: "2.1", text: Do the second thing.}}
question_types:
  - {{type: multiple-choice, rule: One of four.}}
  - {{type: multiple-response, rule: Two or more of five or more.}}
  - {{type: ordering, rule: Steps in order.}}
  - {{type: matching, rule: Prompts to responses.}}
  - {{type: case-study, rule: A scenario with questions.}}
tools:
  - {{program: aws, verify: aws-cli}}
apis:
  - {{api: aws, verify: botocore}}
references:
  notes: Tiny notes
"""

TINY_FACTS = """\
facts:
  - id: d1-bucket
    domain: d1
    task: "1.1"
    text: Store raw data in {{c1::Amazon S3}}.
    source: notes#d1-1
  - id: d1-copy
    domain: d1
    text: Copy a folder with aws s3 cp and {{c1::--recursive}}.
    source: notes
    refs: [s3-cp]
  - id: d2-objective
    domain: d2
    task: "2.1"
    text: Tuning a loss metric sets the objective Type to {{c1::Minimize}}.
    extra: Accuracy is maximized.
    source: notes
    refs: [objective-type]
"""

TINY_COMMANDS = """\
commands:
  - id: s3-cp
    domain: d1
    program: aws
    command: s3 cp
    services: [s3]
    purpose: copy files to and from S3
    example: aws s3 cp ./data s3://bucket/ --recursive
    source: notes
    flags:
      - flag: --recursive
        does: copies subfolders too
"""

TINY_API = """\
api:
  - id: objective-type
    domain: d2
    api: aws
    service: sagemaker
    shape: HyperParameterTuningJobObjective
    member: Type
    meaning: minimize or maximize
    values:
      - {value: Minimize, means: for losses}
    source: notes
"""


def _question(qid: str, domain: str, task: str) -> str:
    return f"""\
  - id: {qid}
    type: multiple-choice
    domain: {domain}
    task: "{task}"
    stem: A company stores raw data for {qid}. Which service should it use?
    options:
      - {{text: Amazon S3, correct: true, why: durable and cheap}}
      - {{text: Amazon EBS, why: block storage for one instance}}
      - {{text: Amazon RDS, why: a relational database}}
      - {{text: Amazon ElastiCache, why: an in-memory cache}}
    facts: [d1-bucket]
"""


TINY_QUESTIONS = "questions:\n" + "".join(
    _question(f"q-{n}", "d1" if n <= 3 else "d2", "1.1" if n <= 3 else "2.1") for n in range(1, 6)
)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@dataclass
class TinyCorpus:
    """A tiny exam written under root/sources/<exam>."""

    root: Path
    exam: str = "tiny"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def folder(self) -> Path:
        return self.sources / self.exam

    def write(self, relative: str, text: str) -> Path:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


def write_tiny(root: Path, exam: str = "tiny") -> TinyCorpus:
    """Write a tiny valid exam under root/sources/exam."""
    corpus = TinyCorpus(root, exam)
    corpus.write("exam.yaml", TINY_EXAM.format(exam=exam))
    corpus.write("facts/facts.yaml", TINY_FACTS)
    corpus.write("commands.yaml", TINY_COMMANDS)
    corpus.write("api.yaml", TINY_API)
    corpus.write("questions/questions.yaml", TINY_QUESTIONS)
    return corpus


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TinyCorpus:
    """A tiny valid exam; the working directory is its root, so paths print relative."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    return write_tiny(tmp_path)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Run build.py's main with arguments; its exit code and printed output."""
    def invoke(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    return invoke


def copy_real_sources(root: Path) -> Path:
    """A private copy of the real sources, so builds never touch the committed note lock."""
    target = root / "sources"
    shutil.copytree(REAL_SOURCES, target)
    return target


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built once into a temporary dist; returns dist/<exam> for mla-c01."""
    root = tmp_path_factory.mktemp("real")
    sources = copy_real_sources(root)
    out = root / "dist"
    assert main(["--sources", str(sources), "--out", str(out), "-q"]) == 0
    return out / "mla-c01"
