"""Any exam, any command line: a Kubernetes lab exam and a second AWS exam build, check and verify
with no code change, and say nothing that belongs to another exam or vendor."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from anki_engine import import_deck, new_collection, visible_text
from conftest import BUILD_EPOCH, REAL_SOURCES, REPO
from pdf_reader import text

from exampack.cli import main

FIXTURES = REPO / "tests" / "exams"
AWS_WORDING = re.compile(r"\bAWS\b|\baws\b|Amazon|MLA-C01|SageMaker|scaled score|botocore")
MLA_WORDING = re.compile(r"MLA-C01|Machine Learning Engineer|SageMaker")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture exams copied to a sources folder and built once; the output folder."""
    root = tmp_path_factory.mktemp("exams")
    shutil.copytree(FIXTURES, root / "sources")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        assert main(["--sources", str(root / "sources"), "--out", str(root / "dist"), "-q"]) == 0
    return root / "dist"


def deck_text(apkg: Path, scratch: Path) -> tuple[str, list]:
    """Everything a learner reads on the deck's cards, and the collection's notes."""
    col = new_collection(scratch)
    log = import_deck(col, apkg)
    assert not log.conflicting and not col.get_empty_cards().notes
    shown = [visible_text(card.question()) + " " + visible_text(card.answer())
             for card in (col.get_card(i) for i in col.find_cards(""))]
    notes = [col.get_note(n) for n in col.find_notes("")]
    decks = sorted(d.name for d in col.decks.all_names_and_ids())
    col.close()
    return "\n".join(shown + decks), notes


def test_check_and_verify_report_every_exam(run, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "sources")
    check = run("--check", "--sources", str(tmp_path / "sources"))
    assert (check.code, check.out.splitlines()) == (0, [
        "ok   cka: 46 facts, 12 commands, 7 API terms, 28 questions",
        "ok   dea-c01: 17 facts, 2 commands, 2 API terms, 17 questions"])
    verify = run("--verify", "--sources", str(tmp_path / "sources"))
    assert verify.code == 0, verify.err
    lines = verify.out.splitlines()
    assert lines[0] == ("verified cka: 8 kubectl commands, 28 flags against kubectl v1.36.2 (tools/kubectl.yaml); "
                        "3 kubeadm commands, 7 flags against kubeadm v1.31 (tools/kubeadm.yaml); 7 kubernetes API "
                        "members, 20 enum values against kubernetes v1.36 (tools/kubernetes-api.yaml)")
    assert lines[1] == "unverified cka: 1 etcdctl command, 4 flags (no reference for etcdctl is pinned)"
    assert lines[2].startswith("verified dea-c01: 2 aws commands, 9 flags against AWS CLI 1.46.3")


def test_a_wrong_flag_is_reported_against_the_pinned_reference(run, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "cka", sources / "cka")
    for path in [sources / "cka" / "commands.yaml", *(sources / "cka" / "facts").glob("*.yaml")]:
        path.write_text(path.read_text().replace("--ignore-daemonsets", "--ignore-deamonsets"))
    result = run("--verify", "--sources", str(sources))
    assert result.code == 2
    assert re.fullmatch(r".*/commands\.yaml:\d+:\d+: error: kubectl drain has no flag --ignore-deamonsets in kubectl "
                        r"v1\.36\.2 \(tools/kubectl\.yaml\); did you mean --ignore-daemonsets\?",
                        result.err.splitlines()[0])
    assert "AWS" not in result.err


def test_a_kubernetes_exam_prints_no_aws_wording(built: Path) -> None:
    pdfs = sorted((built / "cka").rglob("*.pdf"))
    assert len(pdfs) == 6 + 2
    for pdf in pdfs:
        found = AWS_WORDING.search(" ".join(text(pdf).split()))
        assert found is None, f"{pdf.name}: {found.group(0)!r}"


def test_a_kubernetes_exam_states_its_own_format(built: Path) -> None:
    cover = " ".join(text(built / "cka/mock/form-a.pdf").split())
    assert "17 questions · 120 minutes · passing score 66%" in cover
    assert "Performance task: do the task on a practice system of your own" in cover
    assert "Multiple response" not in cover and "Ordering" not in cover and "case study" not in cover
    key = " ".join(text(built / "cka/mock/form-a-key.pdf").split())
    assert "The exam passes at 66%: 12 of this form's 17 questions." in key
    assert "Model solution:" in key and "Checks:" in key
    assert "unscored" not in key
    overview = " ".join(text(built / "cka/cheatsheets/overview.pdf").split())
    assert "percent correct; pass at 66%" in overview and "The Linux Foundation" in overview
    assert "17, all scored" in overview


def test_every_domain_sheet_has_its_own_accent(built: Path) -> None:
    def accent(pdf: Path) -> tuple:
        with pdfplumber.open(pdf) as document:
            fills = [r["non_stroking_color"] for r in document.pages[0].rects
                     if r["non_stroking_color"] and len(set(r["non_stroking_color"])) > 1]  # not a grey stripe
        return tuple(max(set(map(tuple, fills)), key=fills.count))

    sheets = sorted((built / "cka/cheatsheets").glob("d*.pdf"))
    assert [s.name for s in sheets] == ["d1-storage.pdf", "d2-troubleshooting.pdf", "d3-workloads-scheduling.pdf",
                                        "d4-cluster-architecture.pdf", "d5-services-networking.pdf"]
    colours = [accent(s) for s in sheets] + [accent(built / "cka/cheatsheets/overview.pdf")]
    assert len(set(colours)) == 6


def test_a_kubernetes_deck_teaches_kubectl_not_aws(built: Path, tmp_path: Path) -> None:
    shown, notes = deck_text(built / "cka/cka.apkg", tmp_path / "anki")
    assert AWS_WORDING.search(shown) is None
    assert "CKA::5 Services & Networking" in shown
    flag = next(n for n in notes if "Flag" in n and n["Flag"].startswith("-n, --namespace"))
    assert flag["Flag"] == "-n, --namespace NAMESPACE"
    assert any("cka::troubleshooting" in n.tags for n in notes)
    drain = next(n for n in notes if "Text" in n and "kubectl drain" in n["Text"])
    assert "<code>kubectl drain</code>" in drain["Text"]


def test_a_second_aws_exam_says_nothing_of_the_first(built: Path, tmp_path: Path) -> None:
    for pdf in sorted((built / "dea-c01").rglob("*.pdf")):
        assert MLA_WORDING.search(" ".join(text(pdf).split())) is None, pdf.name
    shown, _ = deck_text(built / "dea-c01/dea-c01.apkg", tmp_path / "anki")
    assert MLA_WORDING.search(shown) is None
    cover = " ".join(text(built / "dea-c01/mock/form-a.pdf").split())
    assert "8 questions · 130 minutes · passing scaled score 720 of 1,000" in cover


def test_a_repository_with_several_exams_builds_checks_and_verifies(run, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REAL_SOURCES, sources)
    shutil.copytree(FIXTURES / "cka", sources / "cka")
    assert run("--check", "--sources", str(sources), "-q").code == 0
    assert run("--verify", "--sources", str(sources), "-q").code == 0
    assert run("--sources", str(sources), "--out", str(tmp_path / "dist"), "-q").code == 0
    assert sorted(p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")) == ["cka", "mla-c01"]


def test_messages_name_the_exam(run, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES, sources)
    result = run("--check", "--sources", str(sources), "--forms", "3")
    assert result.code == 2
    assert result.err.splitlines() == [
        ("build.py: error: cka: the question bank cannot fill 3 forms that share no question: domain storage has 3 "
        "questions and 3 forms need 6; add questions or use --forms 1"),
        ("build.py: error: dea-c01: the question bank cannot fill 3 forms that share no question: domain d1 has 6 "
        "questions and 3 forms need 9; add questions or use --forms 2")]
