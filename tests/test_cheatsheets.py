"""Cheat sheets: one printable page each, embedded fonts, legible sizes, the domain's content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import TINY_FACTS, TinyCorpus, copy_real_sources
from pdf_reader import fonts, page_sizes, set_columns, smallest_text_size, squeezed, text
from pypdf import PdfReader
from reportlab.lib.units import mm

from exampack.cli import main
from exampack.cloze import answers
from exampack.pipeline import load_corpora
from exampack.templates import template_style

SHEETS = ["overview", "d1-data-preparation", "d2-model-development", "d3-deployment-orchestration",
          "d4-monitoring-security"]
LETTER_LANDSCAPE = (792.0, 612.0)
A4_LANDSCAPE = (841.89, 595.28)


def sheet(real_build: Path, name: str) -> Path:
    return real_build / "cheatsheets" / f"{name}.pdf"


def sheet_text(path: Path) -> str:
    """A sheet's text read column by column, as a person reads it."""
    style = template_style("cheatsheet.yaml")
    margin, gutter = style["margin_mm"] * mm, style["gutter_mm"] * mm
    read = text(path, set_columns(path, style["columns"], margin, gutter), margin, gutter)
    read = re.sub(r"([.:/])-\n", r"\1", read)  # a name broken after '.', ':' or '/' reads whole
    return re.sub(r"([a-z])-\n([A-Z])", r"\1\2", read)  # so does one too long for a column, broken between humps


def test_manifest_lists_five_one_page_sheets(real_build: Path) -> None:
    manifest = json.loads((real_build / "manifest.json").read_text())
    sheets = [o for o in manifest["outputs"] if o["kind"] == "cheatsheet"]
    assert [Path(o["path"]).stem for o in sheets] == SHEETS
    assert [o["domain"] for o in sheets] == [None, "d1", "d2", "d3", "d4"]
    assert {(o["pages"], o["paper"]) for o in sheets} == {(1, "letter")}


@pytest.mark.parametrize("name", SHEETS)
def test_sheet_is_one_letter_landscape_page(real_build: Path, name: str) -> None:
    assert page_sizes(sheet(real_build, name)) == [LETTER_LANDSCAPE]


@pytest.mark.parametrize("name", SHEETS)
def test_every_font_is_embedded(real_build: Path, name: str) -> None:
    used = fonts(sheet(real_build, name))
    assert used and all(used.values()), used
    assert any("Mono" in font for font in used)


@pytest.mark.parametrize("name", SHEETS)
def test_no_text_is_smaller_than_six_and_a_half_points(real_build: Path, name: str) -> None:
    """Prose never goes below 6.5 pt; a flag too long for a column at that size is set smaller, down to 6 pt,
    so that it stays whole on one line."""
    with pdfplumber.open(sheet(real_build, name)) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    assert min(c["size"] for c in chars if "Mono" not in c["fontname"]) >= 6.5 - 1e-6
    assert min(c["size"] for c in chars) >= 6.0 - 1e-6


@pytest.mark.parametrize("name", SHEETS)
def test_metadata_names_the_sheet(real_build: Path, name: str) -> None:
    info = PdfReader(sheet(real_build, name)).metadata
    assert info.title.startswith("MLA-C01 — ")
    assert info.subject and info.author == "exampack"


@pytest.mark.parametrize("domain", ["d1", "d2", "d3", "d4"])
def test_domain_sheet_shows_the_domains_key_terms(real_build: Path, domain: str) -> None:
    (corpus,) = load_corpora(real_build.parent.parent / "sources", "mla-c01")
    name = next(s for s in SHEETS if s.startswith(domain))
    read = sheet_text(sheet(real_build, name)).casefold()
    shown, words = squeezed(read), set(re.findall(r"[a-z0-9]+", read))
    tabled = corpus.tabled_facts(domain)
    listed = [a for f in corpus.facts_of(domain) if f.sheet and f.id not in tabled for a in answers(f.text)]
    assert [t for t in listed if squeezed(t).casefold() not in shown] == []
    # A table cell may wrap, and a row reads across its cells: each word of a cited answer is there.
    cited = [a for f in corpus.facts if f.id in tabled for a in answers(f.text)]
    assert [t for t in cited if not set(re.findall(r"[a-z0-9]+", t.casefold())) <= words] == []
    for command in corpus.commands_of(domain):
        assert squeezed(command.invocation) in shown
        for flag in command.flags:
            assert flag.flag in shown
    other = next(s for s in SHEETS if s.startswith("d") and not s.startswith(domain))
    assert squeezed(corpus.exam.domain(domain).name) not in squeezed(sheet_text(sheet(real_build, other)))


def test_overview_shows_format_weights_types_matrix_and_tips(real_build: Path) -> None:
    shown = squeezed(sheet_text(sheet(real_build, "overview")))
    for expected in ["130 minutes", "65: 50 scored, 15 unscored", "pass at 720", "— 28%", "— 26%", "— 22%", "— 24%",
                     "Multiple response", "Ordering", "Matching", "Case study",
                     "Which inference option for which workload", "Serverless Inference", "Exam tips"]:
        assert squeezed(expected) in shown, expected


def test_a4_gives_a4_pages_and_builds_are_byte_identical(tmp_path: Path) -> None:
    sources = copy_real_sources(tmp_path)
    for out in ("a", "b"):
        assert main(["--sources", str(sources), "--out", str(tmp_path / out), "--paper", "a4", "-q"]) == 0
    for name in SHEETS:
        first = (tmp_path / "a/mla-c01/cheatsheets" / f"{name}.pdf")
        assert page_sizes(first) == [pytest.approx(A4_LANDSCAPE, abs=0.01)]
        assert first.read_bytes() == (tmp_path / "b/mla-c01/cheatsheets" / f"{name}.pdf").read_bytes()
    manifest = json.loads((tmp_path / "a/mla-c01/manifest.json").read_text())
    assert {o["paper"] for o in manifest["outputs"] if o["kind"] == "cheatsheet"} == {"a4"}


def test_an_oversized_domain_fails_with_its_overflow_and_writes_nothing(tiny: TinyCorpus, run) -> None:
    long_fact = """\
  - id: d2-long-{n}
    domain: d2
    task: "2.1"
    text: Fact number {n} about a very long topic that needs many words to explain in full on a sheet, {{{{c1::term {n}}}}}, and then continues for a good while longer than any real fact should.
    source: notes
"""
    tiny.write("facts/facts.yaml", TINY_FACTS + "".join(long_fact.format(n=n) for n in range(260)))
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    message = result.err.strip()
    assert message.startswith("build.py: error: cheat sheet tiny/d2-second does not fit on one page at 6.5 pt: ")
    assert "mm of column overflow" in message
    assert not Path("dist").exists()


def test_markup_in_a_fact_is_printed_not_interpreted(tiny: TinyCorpus, run) -> None:
    hostile = TINY_FACTS + """\
  - id: d1-markup
    domain: d1
    task: "1.1"
    text: "Tags <font size=40>big</font> and <a href='http://x'>link</a> & <img src=x/> stay {{c1::literal}}."
    source: notes
"""
    tiny.write("facts/facts.yaml", hostile)
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    shown = " ".join(sheet_text(Path("dist/tiny/cheatsheets/d1-first.pdf")).split())
    assert "<font size=40>big</font>" in shown and "<a href='http://x'>link</a> & <img src=x/>" in shown
    assert smallest_text_size(Path("dist/tiny/cheatsheets/d1-first.pdf")) >= 6.5


@pytest.mark.parametrize("domain", ["d1", "d2", "d3", "d4"])
def test_every_flag_and_api_name_of_a_sheet_is_whole_on_one_line(real_build: Path, domain: str) -> None:
    """A name breaks only after '.', ':' or '/', where the line ends with a hyphen; never inside a name.

    A flag too wide for a column at the sheet's size is set smaller rather than broken.
    """
    (corpus,) = load_corpora(real_build.parent.parent / "sources", "mla-c01")
    name = next(s for s in SHEETS if s.startswith(domain))
    lines = sheet_text(sheet(real_build, name)).splitlines()
    flags = {f.flag for c in corpus.commands_of(domain) for f in c.flags}
    names = flags | {n for t in corpus.api_of(domain) for n in (t.shape, t.member, *(v.value for v in t.values)) if n}
    broken = sorted(n for n in names if not any(n in line for line in lines))
    assert broken == []


def test_the_overview_says_each_format_fact_once(real_build: Path) -> None:
    shown = " ".join(sheet_text(sheet(real_build, "overview")).split())
    for said in ("130 minutes", "720", "compensatory", "Data Preparation for Machine Learning (ML)"):
        assert shown.count(said) == 1, said
