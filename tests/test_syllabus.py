"""The official content outline as a source: every item taught by a fact and tested by a question,
every in-scope service listed by a fact, or the build says which is missing and where."""

from __future__ import annotations

from conftest import REAL_SOURCES, TINY_FACTS, TINY_QUESTIONS, TinyCorpus

from exampack.pipeline import load_corpora

SYLLABUS = """\
items:
  - {id: 1.1-k1, text: storing raw data}
  - {id: 2.1-s1, text: choosing the tuning objective}
services:
  - {id: s3, name: Amazon S3}
  - {id: sagemaker, name: Amazon SageMaker AI}
"""


def cited(tiny: TinyCorpus, *, drop_question_tag: bool = False, drop_service: bool = False) -> None:
    """The tiny exam with a syllabus, its facts and questions citing its items."""
    tiny.write("syllabus.yaml", SYLLABUS)
    facts = TINY_FACTS.replace("    source: notes#d1-1\n", "    source: notes#d1-1\n    syllabus: [1.1-k1]\n"
                               + ("" if drop_service else "    services: [s3]\n"))
    facts = facts.replace("    extra: Accuracy is maximized.\n",
                          "    extra: Accuracy is maximized.\n    syllabus: [2.1-s1]\n    services: [sagemaker]\n")
    tiny.write("facts/facts.yaml", facts)
    questions = TINY_QUESTIONS.replace('task: "1.1"\n', 'task: "1.1"\n    syllabus: [1.1-k1]\n')
    if not drop_question_tag:
        questions = questions.replace('task: "2.1"\n', 'task: "2.1"\n    syllabus: [2.1-s1]\n')
    tiny.write("questions/questions.yaml", questions)


def test_check_reports_full_coverage(tiny: TinyCorpus, run) -> None:
    cited(tiny)
    result = run("--sources", "sources", "--check")
    assert result.code == 0, result.err
    assert "tiny syllabus: 2/2 items taught by facts and tested by questions, 2/2 services in facts" in result.out


def test_an_item_no_question_tests_is_an_error_at_the_item(tiny: TinyCorpus, run) -> None:
    cited(tiny, drop_question_tag=True)
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert result.err.splitlines()[0] == ("sources/tiny/syllabus.yaml:3:5: error: syllabus item 2.1-s1: no question "
                                          "tests it")


def test_a_service_no_fact_lists_is_an_error_at_the_service(tiny: TinyCorpus, run) -> None:
    cited(tiny, drop_service=True)
    result = run("--sources", "sources", "--check")
    assert result.code == 2
    assert result.err.splitlines()[0] == ("sources/tiny/syllabus.yaml:5:5: error: service s3 (Amazon S3): no fact "
                                          "lists it under services")


def test_an_unknown_item_and_a_syllabus_an_exam_lacks_are_located_errors(tiny: TinyCorpus, run) -> None:
    cited(tiny)
    tiny.write("questions/questions.yaml", TINY_QUESTIONS.replace("  - id: q-1\n",
                                                                  "  - id: q-1\n    syllabus: [1.1-k9]\n"))
    result = run("--sources", "sources", "--check")
    assert result.code == 2
    assert result.err.splitlines()[0] == ("sources/tiny/questions/questions.yaml:3:16: error: questions[0].syllabus[0]: "
                                          "unknown syllabus item '1.1-k9'")
    (tiny.folder / "syllabus.yaml").unlink()
    result = run("--sources", "sources", "--check")
    assert "1.1-k1 cites a syllabus item, but this exam has no syllabus.yaml" in result.err


def test_the_mla_c01_syllabus_is_the_official_outline_and_fully_covered() -> None:
    """133 knowledge and skill items and 88 in-scope services, each taught (and each item tested)."""
    (corpus,) = load_corpora(REAL_SOURCES, "mla-c01")
    assert corpus.syllabus is not None
    assert len(corpus.syllabus.items) == 133 and len(corpus.syllabus.services) == 88
    taught = {i for f in corpus.facts for i in f.syllabus}
    tested = {i for q in corpus.questions for i in q.syllabus}
    assert {i.id for i in corpus.syllabus.items} <= taught & tested
    assert {s.id for s in corpus.syllabus.services} <= {s for f in corpus.facts for s in f.services}
