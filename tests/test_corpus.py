"""The MLA-C01 corpus itself: it covers the study guide and follows the official exam facts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REAL_SOURCES

from exampack.cloze import answers
from exampack.model import Corpus
from exampack.pipeline import load_corpora

STUDY_GUIDE = Path(__file__).parent / "data" / "mla-c01-study-guide.txt"


def study_guide_items() -> list[str]:
    """Every bullet, tip, FAQ question and the intro of the study guide, as source anchors."""
    items, section, counts = ["intro-1"], None, Counter()
    for line in STUDY_GUIDE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"Domain (\d):", line)
        if heading:
            section = f"d{heading.group(1)}"
        elif line.startswith("AWS MLA-C01 exam tips"):
            section = "tips"
        elif line.startswith("Study guide FAQ"):
            section = "faq"
        elif section and (line.startswith("- ") or (section == "faq" and line.endswith("?"))):
            counts[section] += 1
            items.append(f"{section}-{counts[section]}")
    return items


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    (found,) = load_corpora(REAL_SOURCES, "mla-c01")
    return found


def test_study_guide_has_the_expected_shape() -> None:
    counts = Counter(item.rsplit("-", 1)[0] for item in study_guide_items())
    assert counts == {"intro": 1, "d1": 14, "d2": 14, "d3": 14, "d4": 14, "tips": 5, "faq": 4}


# Study-guide items no card teaches, and why.
NOT_TAUGHT = {"faq-4": "an opinion about the exam's focus, not a fact a question can ask"}


def test_every_study_guide_item_is_the_source_of_a_fact(corpus: Corpus) -> None:
    cited = {f.source.split("#")[1] for f in corpus.facts if f.source.startswith("study-guide#")}
    missing = [item for item in study_guide_items() if item not in cited and item not in NOT_TAUGHT]
    assert missing == []


def test_domain_bullets_are_split_into_atomic_facts(corpus: Corpus) -> None:
    per_bullet = Counter(f.source for f in corpus.facts if re.match(r"study-guide#d\d-", f.source))
    assert len(corpus.facts) >= 150
    assert sum(per_bullet.values()) / len(per_bullet) >= 1.5


def test_exam_follows_the_official_facts(corpus: Corpus) -> None:
    exam = corpus.exam
    assert (exam.duration_minutes, exam.total_questions, exam.scored_questions) == (130, 65, 50)
    assert (exam.score_min, exam.score_max, exam.score_pass) == (100, 1000, 720)
    assert [(d.id, d.weight) for d in exam.domains] == [("d1", 28), ("d2", 26), ("d3", 22), ("d4", 24)]
    assert [d.name for d in exam.domains] == [
        "Data Preparation for Machine Learning (ML)",
        "ML Model Development",
        "Deployment and Orchestration of ML Workflows",
        "ML Solution Monitoring, Maintenance, and Security",
    ]
    assert [t.id for d in exam.domains for t in d.tasks] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"]


def test_weight_order_follows_the_exam_guide_not_the_faq(corpus: Corpus) -> None:
    order = next(f for f in corpus.facts if f.id == "exam-weight-order")
    assert answers(order.text) == ["monitoring and security"]
    assert "then deployment and orchestration" in order.text


def test_every_task_statement_has_facts(corpus: Corpus) -> None:
    tasks = Counter(f.task for f in corpus.facts if f.task)
    for domain in corpus.exam.domains:
        for task in domain.tasks:
            assert tasks[task.id] >= 5, task.id


def test_cloze_answers_are_short(corpus: Corpus) -> None:
    long_answers = [(f.id, a) for f in corpus.facts for a in answers(f.text) if len(a.split()) > 6]
    assert long_answers == []


def test_command_entries_are_structured(corpus: Corpus) -> None:
    assert len(corpus.commands) >= 20
    assert sum(len(c.flags) for c in corpus.commands) >= 40
    for command in corpus.commands:
        assert command.example.startswith(command.invocation + " ")
        for flag in command.flags:
            assert flag.flag in command.example or len(command.flags) > 1, (command.id, flag.flag)


def test_committed_note_lock_is_current(tmp_path: Path) -> None:
    """A build of the corpus as committed stamps no new note times: the lock was committed with it."""
    from conftest import copy_real_sources

    from exampack.cli import main

    sources = copy_real_sources(tmp_path)
    lock = sources / "mla-c01" / "anki-notes.lock.json"
    before = lock.read_bytes()
    assert main(["--sources", str(sources), "--out", str(tmp_path / "dist"), "--forms", "0", "-q"]) == 0
    assert lock.read_bytes() == before


def test_no_two_blanks_of_a_fact_give_each_other_away() -> None:
    """Two deletions joined only by "and" or "or" are one answer in two halves: each card shows the other half."""
    (corpus,) = load_corpora(REAL_SOURCES, "mla-c01")
    paired = [f.id for f in corpus.facts if re.search(r"\}\}(,)? (and|or) \{\{c[0-9]+::", f.text)]
    assert paired == []
