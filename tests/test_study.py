"""Study material that reads like the best: whole case studies, answer sheets and keys a student can use,
and never a character drawn as an empty box."""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber
import pytest
from conftest import REAL_SOURCES, TINY_FACTS, TinyCorpus

from exampack.cloze import plain
from exampack.forms import assemble_forms
from exampack.glyphs import drawable
from exampack.model import Corpus
from exampack.pipeline import load_corpora
from exampack.render.booklet import render_booklet

MM = 72 / 25.4


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    (found,) = load_corpora(REAL_SOURCES, "mla-c01")
    return found


def page_texts(pdf: Path | bytes) -> list[str]:
    import io
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def split_case_studies(seed: int) -> list[str]:
    """The case studies of a seed's forms whose scenario and questions are not on one page."""
    (corpus,) = load_corpora(REAL_SOURCES, "mla-c01")
    split = []
    for form in assemble_forms(corpus, 2, seed):
        pages = page_texts(render_booklet(corpus, form, "letter"))
        for index, page in enumerate(pages):
            for first, last in re.findall(r"Case study: questions (\d+)–(\d+)", page):
                missing = [n for n in range(int(first), int(last) + 1) if not re.search(rf"(?m)^{n}\. ", page)]
                if missing:
                    split.append(f"seed {seed} form {form.letter} page {index + 1}: questions {missing} elsewhere")
    return split


def test_a_case_study_is_on_one_page_in_the_printed_booklets() -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        split = [s for found in pool.map(split_case_studies, range(1, 7)) for s in found]
    assert split == []


def test_every_case_study_fits_one_page_for_seeds_1_to_50(corpus: Corpus) -> None:
    """The layout keeps a case study whole when it fits a page; here every one fits, on either paper."""
    from reportlab.lib.units import mm

    from exampack.render import booklet
    from exampack.render.flowables import Together
    from exampack.templates import template_style
    style = template_style("booklet.yaml")
    booklet.register_from_style(style)
    styles = booklet._Styles(style)
    margin = style["margin_mm"] * mm
    width, height = (min(booklet.LETTER[0], booklet.A4[0]) - 2 * margin,
                     min(booklet.LETTER[1], booklet.A4[1]) - 2 * margin)
    cases = 0
    for seed in range(1, 51):
        for form in assemble_forms(corpus, 2, seed):
            for block in booklet._questions(form, styles, corpus.command_terms):
                content = block.parts if isinstance(block, Together) else []
                if content and "Case study" in getattr(content[0], "text", ""):
                    cases += 1
                    needed = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content)
                    assert needed <= height, (seed, form.letter, content[0].text[:60])
    assert cases >= 100


def test_no_pdf_draws_a_character_its_font_lacks(real_build: Path) -> None:
    body, mono = drawable()
    checked = 0
    for pdf in sorted(real_build.rglob("*.pdf")):
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                for char in page.chars:
                    covered = mono if "Plex" in char["fontname"] else body
                    assert all(ord(c) in covered for c in char["text"]), (pdf.name, char["text"], char["fontname"])
                    checked += 1
    assert checked > 100_000


def test_a_character_the_fonts_cannot_draw_is_a_located_error(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("Store raw data in", "Store raw λ data in"))
    result = run("--check", "--sources", "sources")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "sources/tiny/facts/facts.yaml:5:11: error: the PDFs' body font cannot draw U+03BB λ; write it another way")


def test_the_answer_sheet_has_flag_boxes_mark_counts_and_room_to_write(real_build: Path, corpus: Corpus) -> None:
    (form, _) = assemble_forms(corpus, 2, 1)
    with pdfplumber.open(real_build / "mock/form-a.pdf") as document:
        start = next(i for i, page in enumerate(document.pages) if "Answer sheet" in (page.extract_text() or ""))
        sheet = document.pages[start:]
        text = "\n".join(page.extract_text() or "" for page in sheet)
        boxes = [r for page in sheet for r in page.rects if abs(r["width"] - r["height"]) < 0.5]
    responses = [i for i in form.items if i.question.type == "multiple-response"]
    assert text.count("mark ") == len(responses)
    for item in responses:
        assert re.search(rf"(?m)^.*\b{item.number} A B C D E.*mark {sum(o.correct for o in item.options)}", text)
    write_in = sum(len(i.steps) + len(i.responses) for i in form.items)
    assert len(boxes) == len(form.items) + write_in  # a flag box on every row, a box per step or prompt
    assert min(r["width"] for r in boxes) >= 6 * MM - 0.5


def test_the_seed_is_small_print_not_the_headline(real_build: Path) -> None:
    cover = page_texts(real_build / "mock/form-a.pdf")[0]
    assert "seed" not in "\n".join(cover.splitlines()[:4])
    assert "Form A was drawn from the question bank with seed 1" in " ".join(cover.split())


def test_the_key_teaches_every_option_and_where_to_study(real_build: Path, corpus: Corpus) -> None:
    (form, _) = assemble_forms(corpus, 2, 1)
    key = " ".join("\n".join(page_texts(real_build / "mock/form-a-key.pdf")).split())
    facts = {f.id: f for f in corpus.facts}
    decks = corpus.deck_names()
    for item in form.items[:20]:
        for option in item.options:
            assert " ".join(option.text.split())[:40] in key
        for fact_id in item.question.facts:
            fact = facts[fact_id]
            assert " ".join(plain(fact.text).split())[:40] in key
            assert f"(deck {decks[fact.domain]})" in key
    assert key.count("Right:") >= 65 and "Wrong:" in key and "→" not in key


def test_the_score_table_lists_every_raw_score(real_build: Path) -> None:
    worksheet = page_texts(real_build / "mock/form-a-key.pdf")[-1]
    raws = {int(raw) for raw, _ in re.findall(r"(?<![\d%])(\d+) (\d+)% ", worksheet)}
    assert raws == set(range(66))


def test_new_cards_come_domain_by_domain_in_task_order_logistics_last(real_build: Path, corpus: Corpus,
                                                                      tmp_path: Path) -> None:
    from anki_engine import import_deck, new_collection
    col = new_collection(tmp_path / "anki")
    import_deck(col, real_build / "mla-c01.apkg")
    order = {d.id: d.number for d in corpus.exam.domains}
    tasks = {t.id: n for d in corpus.exam.domains for n, t in enumerate(d.tasks)}
    seen = []
    for card_id in col.db.list("select id from cards where queue = 0 order by due, ord"):
        tags = col.get_card(card_id).note().tags
        domain = next(t.split("::")[1] for t in tags if t.startswith("mla-c01::") and "task" not in t)
        task = next((t.split("::task-")[1].replace("-", ".") for t in tags if "::task-" in t), None)
        seen.append((order.get(domain, 99), tasks.get(task, 99) if domain != "overview" else 99))
    col.close()
    import json
    cards = json.loads((real_build / "manifest.json").read_text())["outputs"][0]["cards"]
    assert len(seen) == cards and seen == sorted(seen)
    assert seen[0] == (1, 0) and seen[-1][0] == 99


def test_anki_finds_no_duplicate_notes_and_every_flag_card_shows_its_flag(real_build: Path, corpus: Corpus,
                                                                         tmp_path: Path) -> None:
    import anki.lang
    from anki_engine import import_deck, new_collection, visible_text
    anki.lang.set_lang("en_US")
    col = new_collection(tmp_path / "anki")
    import_deck(col, real_build / "mla-c01.apkg")
    assert col.find_dupes("Command", "") == [] and col.find_dupes("Text", "") == []
    flags = {(c.invocation, f.flag) for c in corpus.commands for f in c.flags}
    shown = set()
    for card_id in col.find_cards('"note:exampack CLI flag" card:1'):
        card = col.get_card(card_id)
        front, back = visible_text(card.question()), visible_text(card.answer())
        command, flag = front.removeprefix("What does this flag do? ").rsplit(" ", 1)
        example = back.split(card.note()["Does"].replace("&#x27;", "'"), 1)[1]
        assert flag in example.split(), (front, example)
        shown.add((command, flag))
    col.close()
    assert shown == flags


SHEET_NAMES = ["overview", "d1-data-preparation", "d2-model-development", "d3-deployment-orchestration",
               "d4-monitoring-security"]


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_a_sheet_keeps_nine_mm_margins_and_says_exam_pack_and_build_date(real_build: Path, name: str) -> None:
    import datetime

    with pdfplumber.open(real_build / "cheatsheets" / f"{name}.pdf") as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        lines = (page.extract_text() or "").splitlines()
    assert min(c["x0"] for c in chars) >= 9 * MM - 0.5
    assert max(c["x1"] for c in chars) <= float(page.width) - 9 * MM + 0.5
    assert min(c["top"] for c in chars) >= 9 * MM - 0.5
    assert max(c["bottom"] for c in chars) <= float(page.height) - 9 * MM + 0.5
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert lines[-1] == f"MLA-C01 study pack 2026.11 · built {today} · exampack 0.1.0"


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_every_column_of_a_sheet_holds_text(real_build: Path, name: str) -> None:
    """The sheet is set in as many columns as its content fills: the last one is never empty."""
    from pdf_reader import set_columns

    from exampack.templates import template_style
    style = template_style("cheatsheet.yaml")
    path = real_build / "cheatsheets" / f"{name}.pdf"
    columns = set_columns(path, style["columns"], style["margin_mm"] * MM, style["gutter_mm"] * MM)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        width = float(page.width)
        body = [c for c in page.chars if c["text"].strip() and 70 < c["top"] < float(page.height) - 40]
    column = (width - 2 * style["margin_mm"] * MM - (columns - 1) * style["gutter_mm"] * MM) / columns
    last_column_starts = width - style["margin_mm"] * MM - column
    assert sum(1 for c in body if c["x0"] >= last_column_starts - 0.5) > 100


SHEET_TABLE = """\
tables:
  - id: storage
    domain: d1
    task: "1.1"
    title: Where data goes
    columns: [Data, Store, Copy with]
    rows:
      - [raw files, "{d1-bucket}", "{d1-copy}"]
      - [archives, "Glacier tier of {d1-bucket}", a lifecycle rule]
"""


def test_a_sheet_table_prints_the_answers_of_the_facts_it_cites_and_follows_their_edits(tiny: TinyCorpus,
                                                                                        run) -> None:
    tiny.write("sheets.yaml", SHEET_TABLE)
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    (text,) = page_texts(Path("dist/tiny/cheatsheets/d1-first.pdf"))
    assert "Where data goes" in text
    assert "raw files Amazon S3 --recursive" in text
    assert "archives Glacier tier of Amazon S3 a lifecycle rule" in text
    assert "Store raw data in" not in text, "a fact the table prints is not listed again"
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("{{c1::Amazon S3}}", "{{c1::S3 buckets}}"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    (text,) = page_texts(Path("dist/tiny/cheatsheets/d1-first.pdf"))
    assert "raw files S3 buckets --recursive" in text and "Amazon S3" not in text


def test_a_gist_is_what_the_sheet_lists_with_its_answer_in_bold(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace(
        "    text: Store raw data in {{c1::Amazon S3}}.\n",
        "    text: Store raw data in {{c1::Amazon S3}}.\n    gist: raw data lake on amazon s3\n"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    with pdfplumber.open("dist/tiny/cheatsheets/d1-first.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        bold = "".join(c["text"] for c in page.chars if "Bold" in c["fontname"])
    assert "raw data lake on amazon s3" in text and "Store raw data in" not in text
    assert "amazon s3" in bold


def test_a_sheet_table_too_wide_for_a_column_is_an_error_at_the_table(tiny: TinyCorpus, run) -> None:
    word = "Incomprehensibilities-Characteristically"  # one word no column can hold beside five others
    tiny.write("sheets.yaml", SHEET_TABLE.replace("columns: [Data, Store, Copy with]", f"columns: [{word}, {word}, {word}, {word}, {word}, {word}]").replace(
        '      - [raw files, "{d1-bucket}", "{d1-copy}"]\n      - [archives, "Glacier tier of {d1-bucket}", a lifecycle rule]\n',
        '      - [a, b, c, d, e, "{d1-bucket}"]\n      - [a, b, c, d, e, "{d1-copy}"]\n'))
    result = run("--sources", "sources", "--out", "dist")
    assert result.code == 2
    assert re.fullmatch(r"build\.py: error: sources/tiny/sheets\.yaml:2:5: sheet table storage: its longest words need "
                        r"\d+ mm side by side, wider than the \d+ mm column; shorten them or use fewer columns\n",
                        result.err)
    assert not Path("dist").exists()


def test_a_character_the_fonts_cannot_draw_in_a_gist_or_a_table_is_a_located_error(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace(
        "    text: Store raw data in {{c1::Amazon S3}}.\n",
        "    text: Store raw data in {{c1::Amazon S3}}.\n    gist: raw data → Amazon S3\n"))
    tiny.write("sheets.yaml", SHEET_TABLE.replace("a lifecycle rule", "a lifecycle rule ✓"))
    result = run("--sources", "sources", "--check")
    assert result.code == 2
    assert "sources/tiny/facts/facts.yaml:6:11: error: the PDFs' body font cannot draw U+2192 →" in result.err
    assert "sources/tiny/sheets.yaml:2:5: error: the PDFs' body font cannot draw U+2713 ✓" in result.err
