"""Mock exams: the bank, forms on the blueprint, booklets without answers, keys that match them."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REAL_SOURCES, TinyCorpus, copy_real_sources
from pdf_reader import fonts, squeezed, text

from exampack.cli import main
from exampack.errors import BuildFailure
from exampack.forms import LETTERS, assemble_forms, blueprint
from exampack.model import Corpus
from exampack.pipeline import DEFAULT_SEED, load_corpora


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    (found,) = load_corpora(REAL_SOURCES, "mla-c01")
    return found


def manifest(real_build: Path) -> dict:
    return json.loads((real_build / "manifest.json").read_text())


def test_bank_fills_four_disjoint_forms_with_every_type(corpus: Corpus) -> None:
    questions = corpus.questions
    assert len(questions) >= 280
    kinds = Counter(q.type for q in questions)
    assert kinds["multiple-response"] / len(questions) >= 0.20
    assert kinds["ordering"] >= 6 and kinds["matching"] >= 6
    assert len({q.case for q in questions if q.case}) >= 8
    per_domain = Counter(q.domain for q in questions)
    for domain, needed in blueprint(corpus.exam).items():
        assert per_domain[domain] >= 4 * needed
    forms = assemble_forms(corpus, 4, DEFAULT_SEED)
    used = [i.question.id for form in forms for i in form.items]
    assert len(forms) == 4 and len(used) == len(set(used)) == 4 * corpus.exam.total_questions


@pytest.mark.parametrize("count", [2, 3, 4])
def test_case_studies_spread_evenly_over_the_forms(corpus: Corpus, count: int) -> None:
    cases = [len({i.question.case for i in form.items if i.question.case})
             for form in assemble_forms(corpus, count, DEFAULT_SEED)]
    assert max(cases) - min(cases) <= 1 and min(cases) >= 1, cases


def test_every_question_traces_to_existing_facts(corpus: Corpus) -> None:
    fact_ids = {f.id for f in corpus.facts}
    for question in corpus.questions:
        assert question.facts and set(question.facts) <= fact_ids, question.id


def test_blueprint_is_the_largest_remainder_of_the_weights(corpus: Corpus) -> None:
    assert blueprint(corpus.exam) == {"d1": 18, "d2": 17, "d3": 14, "d4": 16}


def test_two_forms_on_the_blueprint_share_no_question(real_build: Path) -> None:
    data = manifest(real_build)
    booklets = [o for o in data["outputs"] if o["kind"] == "booklet"]
    keys = [o for o in data["outputs"] if o["kind"] == "answer-key"]
    assert [(o["path"], o["form"], o["seed"]) for o in booklets] == [
        ("mock/form-a.pdf", "A", DEFAULT_SEED), ("mock/form-b.pdf", "B", DEFAULT_SEED)]
    assert [o["path"] for o in keys] == ["mock/form-a-key.pdf", "mock/form-b-key.pdf"]
    for booklet in booklets:
        assert booklet["by_domain"] == {"d1": 18, "d2": 17, "d3": 14, "d4": 16}
        assert len(booklet["questions"]) == len(set(booklet["questions"])) == 65
        assert sum(booklet["by_type"].values()) == 65
    assert not set(booklets[0]["questions"]) & set(booklets[1]["questions"])
    assert data["bank_size"] >= 130


def test_case_study_questions_stay_together(corpus: Corpus) -> None:
    for form in assemble_forms(corpus, 2, 7):
        cases = [i.question.case for i in form.items]
        for case in set(cases) - {None}:
            positions = [n for n, c in enumerate(cases) if c == case]
            assert positions == list(range(positions[0], positions[0] + len(positions)))


def test_another_seed_gives_another_form_and_the_same_seed_the_same(corpus: Corpus) -> None:
    first = [i.question.id for i in assemble_forms(corpus, 2, 1)[0].items]
    again = [i.question.id for i in assemble_forms(corpus, 2, 1)[0].items]
    other = [i.question.id for i in assemble_forms(corpus, 2, 2)[0].items]
    assert first == again and first != other


def test_same_seed_builds_byte_identical_pdfs(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    for out in ("a", "b"):
        assert main(["--sources", str(sources), "--out", str(tmp_path / out), "--seed", "5", "-q"]) == 0
    for name in ("form-a", "form-a-key", "form-b", "form-b-key"):
        first = (tmp_path / "a/mla-c01/mock" / f"{name}.pdf").read_bytes()
        assert first == (tmp_path / "b/mla-c01/mock" / f"{name}.pdf").read_bytes()


def test_booklet_holds_every_question_and_no_answer(real_build: Path, corpus: Corpus) -> None:
    by_id = {q.id: q for q in corpus.questions}
    for booklet in (o for o in manifest(real_build)["outputs"] if o["kind"] == "booklet"):
        shown = text(real_build / booklet["path"])
        cursor = shown.index("Pacing guide")
        for number in range(1, 66):
            cursor = shown.index(f"\n{number}. ", cursor) + 1
        flat = squeezed(shown)
        for question_id in booklet["questions"]:
            question = by_id[question_id]
            assert squeezed(question.stem) in flat
            for option in question.options:
                assert squeezed(option.why) not in flat, question_id
            if question.explanation:
                assert squeezed(question.explanation) not in flat
        assert "Answer:" not in shown and "ANSWER KEY" not in shown and "Correct:" not in shown
        assert "Page 1 of" in shown and f"Form {booklet['form']}" in shown
        assert "130 minutes" in shown and "65 questions" in shown and "Start time" in shown
        assert "Answer sheet" in shown and "Pacing guide" in shown


def test_key_matches_the_shuffled_options(real_build: Path, corpus: Corpus) -> None:
    forms = assemble_forms(corpus, 2, DEFAULT_SEED)
    for form in forms:
        booklet = squeezed(re.sub(r"([.:/])-\n", r"\1", text(real_build / f"mock/{form.name}.pdf")))
        key = text(real_build / f"mock/{form.name}-key.pdf")
        printed = dict(re.findall(r"^(\d+)\. Answer: (.+?) · ", key, re.MULTILINE))
        cursor = 0
        for item in form.items:
            assert printed[str(item.number)] == item.key
            q = item.question
            if item.options:
                chosen = {item.options[LETTERS.index(letter)].text for letter in item.key.split(", ")}
                assert chosen == {o.text for o in q.options if o.correct}
                for letter, option in zip(LETTERS, item.options):
                    found = booklet.find(squeezed(f"{letter}.{option.text}"), cursor)
                    assert found >= 0, (form.name, item.number, letter)
                    cursor = found
            elif item.steps:
                assert [item.steps[LETTERS.index(letter)] for letter in item.key.split()] == list(q.steps)
            else:
                pairs = dict(pair.split("-") for pair in item.key.split())
                assert [item.responses[LETTERS.index(pairs[str(n)])] for n in range(1, len(q.pairs) + 1)] == [
                    p.match for p in q.pairs]


def test_key_has_explanations_facts_and_an_honest_scaled_estimate(real_build: Path) -> None:
    key = text(real_build / "mock/form-a-key.pdf")
    assert "Scoring worksheet" in key and "This is an estimate, not an official conversion." in key
    assert "AWS publishes no table" in key
    for domain in ("Data Preparation for Machine Learning (ML)", "ML Model Development"):
        assert domain in key
    assert key.count("Study:") == 65


@pytest.mark.parametrize("name", ["form-a", "form-a-key", "form-b", "form-b-key"])
def test_every_font_is_embedded(real_build: Path, name: str) -> None:
    used = fonts(real_build / "mock" / f"{name}.pdf")
    assert used and all(used.values()), used


def test_a_bank_too_small_for_disjoint_forms_is_a_clear_error(tiny: TinyCorpus, run) -> None:
    result = run("--sources", "sources", "--out", "dist", "--forms", "3")
    assert result.code == 2
    assert result.err == (
        "build.py: error: tiny: the question bank cannot fill 3 forms that share no question: domain d2 has 2 "
        "questions and 3 forms need 3; add questions or use --forms 2\n")
    assert not Path("dist").exists()


def test_forms_zero_builds_no_booklet(tiny: TinyCorpus, run) -> None:
    assert run("--sources", "sources", "--out", "dist", "--forms", "0", "-q").code == 0
    assert not Path("dist/tiny/mock").exists()


def test_check_reports_a_bank_too_small_for_the_forms(tiny: TinyCorpus, run) -> None:
    result = run("--check", "--sources", "sources", "--forms", "3")
    assert result.code == 2
    assert result.err.startswith("build.py: error: tiny: the question bank cannot fill 3 forms")


def test_every_seed_to_1000_fills_two_exact_forms_with_whole_case_studies(corpus: Corpus) -> None:
    plan = blueprint(corpus.exam)
    parts = Counter(q.case for q in corpus.questions if q.case)
    landed: set[tuple[str, str]] = set()
    for seed in range(1001):
        first, second = assemble_forms(corpus, 2, seed)
        assert first.by_domain() == second.by_domain() == plan, seed
        assert not {i.question.id for i in first.items} & {i.question.id for i in second.items}, seed
        for form in (first, second):
            on_form = Counter(i.question.case for i in form.items if i.question.case)
            assert all(on_form[case] == parts[case] for case in on_form), (seed, form.name)
            landed |= {(case, form.letter) for case in on_form}
    assert landed == {(case, letter) for case in parts for letter in "AB"}


def test_seed_14_builds_its_two_forms(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    out = tmp_path / "dist"
    assert main(["--sources", str(sources), "--out", str(out), "--seed", "14", "-q"]) == 0
    assert (out / "mla-c01/mock/form-a.pdf").exists() and (out / "mla-c01/mock/form-b.pdf").exists()


def test_a_domain_that_fills_the_forms_only_by_splitting_a_case_study_is_a_clear_error(corpus: Corpus) -> None:
    d3 = [q for q in corpus.questions if q.domain == "d3"][:30]
    assert len(d3) == 30 and blueprint(corpus.exam)["d3"] == 14
    regrouped = [replace(q, case=f"d3-five-{n // 5}" if n < 25 else None) for n, q in enumerate(d3)]
    bank = replace(corpus, questions=tuple(q for q in corpus.questions if q.domain != "d3") + tuple(regrouped))
    for seed in range(50):
        (form,) = assemble_forms(bank, 1, seed)
        on_form = Counter(i.question.case for i in form.items if i.question.domain == "d3")
        assert sorted(on_form.values()) == [4, 5, 5] and on_form[None] == 4, seed
    with pytest.raises(BuildFailure) as failure:
        assemble_forms(bank, 2, 1)
    assert str(failure.value) == (
        "mla-c01: domain d3: its case studies (sizes 5, 5, 5, 5, 5) and 5 standalone questions cannot make 2 forms of "
        "exactly 14 without splitting a case study; add standalone questions")
