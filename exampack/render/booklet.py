"""Timed mock-exam booklets (cover, questions, answer sheet) and their separate answer keys."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

from ..cloze import plain
from ..forms import LETTERS, Form, FormItem
from ..model import Corpus, Exam
from ..templates import template_style
from .flowables import Together
from .fonts import BODY, BODY_BOLD, MONO, register_from_style
from .pdfmarkup import inline, mono

PAPERS = {"letter": LETTER, "a4": A4}
BOX_MM = 6  # write-in and flag boxes: big enough for a handwritten letter
ANSWER_COLUMN_MM = 84
ANSWER_ROWS_PER_COLUMN = 25  # fits a letter or A4 page under the sheet's heading
SCORE_TABLE_GROUPS = 3  # the score table lists every raw score, in this many side-by-side groups
TYPE_NAMES = {"multiple-choice": "Multiple choice", "multiple-response": "Multiple response",
              "ordering": "Ordering", "matching": "Matching", "performance-task": "Performance task"}


class _Styles:
    def __init__(self, style: dict) -> None:
        sizes, palette = style["sizes"], style["colors"]
        self.accent = colors.HexColor(palette["accent"])
        self.text = colors.HexColor(palette["text"])
        self.muted = colors.HexColor(palette["muted"])
        self.rule = colors.HexColor(palette["rule"])
        self.scenario_background = colors.HexColor(palette["scenario_background"])
        self.box = colors.HexColor(palette["answer_box"])
        self.footer_size = sizes["footer"]
        base = ParagraphStyle("base", fontName=BODY, bulletFontName=BODY, fontSize=sizes["body"],
                              leading=sizes["leading"], textColor=self.text)
        self.body = ParagraphStyle("body", parent=base, spaceAfter=4)
        self.option = ParagraphStyle("option", parent=base, leftIndent=32, bulletIndent=16, spaceAfter=2)
        self.title = ParagraphStyle("title", parent=base, fontName=BODY_BOLD, fontSize=sizes["title"],
                                    leading=sizes["title"] * 1.25, textColor=self.accent, spaceAfter=6)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=sizes["subtitle"],
                                       leading=sizes["subtitle"] * 1.3, textColor=self.muted, spaceAfter=10)
        self.heading = ParagraphStyle("heading", parent=base, fontName=BODY_BOLD, fontSize=sizes["heading"],
                                      leading=sizes["heading"] * 1.3, textColor=self.accent, spaceBefore=10,
                                      spaceAfter=5)
        self.question = ParagraphStyle("question", parent=base, leftIndent=16, firstLineIndent=-16, spaceBefore=8,
                                       spaceAfter=4)
        self.small = ParagraphStyle("small", parent=base, fontSize=sizes["small"], leading=sizes["small"] * 1.3,
                                    textColor=self.muted)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=sizes["small"] + 0.5,
                                   leading=(sizes["small"] + 0.5) * 1.3)
        self.scenario = ParagraphStyle("scenario", parent=base, backColor=self.scenario_background,
                                       borderPadding=6, spaceBefore=12, spaceAfter=10)
        self.why = ParagraphStyle("why", parent=base, leftIndent=32, fontSize=sizes["small"],
                                  leading=sizes["small"] * 1.3, spaceAfter=3)
        self.fact = ParagraphStyle("fact", parent=base, leftIndent=12, bulletIndent=2, fontSize=sizes["small"],
                                   leading=sizes["small"] * 1.3, textColor=self.muted)
        self.code = ParagraphStyle("code", parent=base, fontName=MONO, fontSize=sizes["small"],
                                   leading=sizes["small"] * 1.3, leftIndent=32, spaceAfter=4)


def _document(buffer: io.BytesIO, paper: str, title: str, subject: str, style: dict) -> BaseDocTemplate:
    width, height = PAPERS[paper]
    margin = style["margin_mm"] * mm
    document = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=margin, rightMargin=margin,
                               topMargin=margin, bottomMargin=margin, title=title, subject=subject,
                               author="exampack", creator="exampack", invariant=1,
                               initialFontName=BODY, initialFontSize=style["sizes"]["body"])
    frame = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return document


def _numbered_canvas(footer: str, styles: _Styles, margin: float) -> type[Canvas]:
    """A canvas class that writes "<footer> · Page x of y" on every page once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(BODY, styles.footer_size)
                self.setFillColor(styles.muted)
                self.drawString(margin, margin / 2, footer)
                self.drawRightString(width - margin, margin / 2, f"Page {number} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(document: Document, paper: str) -> bytes:
    """Lay out and draw a document, every page footed with "Page x of y"."""
    style = template_style("booklet.yaml")
    styles = _Styles(style)
    buffer = io.BytesIO()
    template = _document(buffer, paper, document.title, document.subject, style)
    template.build(document.story, canvasmaker=_numbered_canvas(document.footer, styles, style["margin_mm"] * mm))
    return buffer.getvalue()


def _boxes_table(labels: list[str], styles: _Styles, box_width: float = 40 * mm) -> Table:
    """Labelled empty boxes to write in (start and finish times)."""
    table = Table([[Paragraph(f"<b>{inline(label)}</b>", styles.body), ""] for label in labels],
                  colWidths=[35 * mm, box_width], rowHeights=[11 * mm] * len(labels), hAlign="LEFT")
    table.setStyle(TableStyle([("BOX", (1, 0), (1, -1), 1, styles.box), ("INNERGRID", (1, 0), (1, -1), 1, styles.box),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), BODY)]))
    return table


def pacing(total_questions: int, duration: int, review_minutes: int, every: int) -> list[tuple[int, int]]:
    """(question, minute) checkpoints: where to be by when, keeping time to review at the end."""
    pace = (duration - review_minutes) / total_questions
    numbers = list(range(every, total_questions, every)) + [total_questions]
    return [(n, math.ceil(n * pace)) for n in numbers]


def passing_score(exam: Exam) -> str:
    """The pass mark as the exam states it: "passing scaled score 720 of 1,000" or "passing score 66%"."""
    if exam.scaled:
        return f"passing scaled score {exam.score_pass} of {exam.score_max:,}"
    return f"passing score {exam.score_pass}%"


def _instructions(exam: Exam, minutes: int, count: int) -> list[str]:
    """The cover's instructions: only what is true of this exam and the question types it uses."""
    used = {t.type for t in exam.question_types}
    choice = exam.question_type("multiple-response")
    guessing = ("Wrong answers cost marks, so leave blank what you cannot answer." if exam.guessing_penalty else
                "An unanswered question is scored as wrong and there is no penalty for guessing, so answer every "
                "question.")
    lines = [(f"You have {minutes} minutes for {count} questions, about {minutes / count:.1f} minutes each. Time "
             "yourself."),
             f"Mark every answer on the answer sheet at the end of this booklet. {guessing}"]
    kinds = []
    if "multiple-choice" in used:
        kinds.append("Multiple choice: choose the one best answer.")
    if choice:
        asks = ("choose exactly as many answers as the question asks (\"Select TWO.\")" if choice.select
                else "choose every answer that applies")
        kinds.append(f"Multiple response: {asks}; all must be right to score.")
    if kinds:
        lines.append(" ".join(kinds))
    written = []
    if "ordering" in used:
        written.append("Ordering: write the letters of the steps in the correct order.")
    if "matching" in used:
        written.append("Matching: write the letter of the matching response next to each numbered prompt.")
    if written:
        lines.append(" ".join(written) + (" Both score" if len(written) == 2 else " It scores")
                     + " only when entirely right.")
    if "case-study" in used:
        lines.append("A case study gives one scenario followed by several questions about it; each is scored on "
                     "its own.")
    if "performance-task" in used:
        lines.append("Performance task: do the task on a practice system of your own, or write the commands you "
                     "would run in the space below it. Tick it on the answer sheet when every part is done; the key "
                     "lists the checks a grader makes and a model solution.")
    lines.append("The answer key is a separate document. Mark your sheet with it when time is up.")
    return lines


def _drawn_with(form: Form) -> str:
    return (f"Form {form.letter} was drawn from the question bank with seed {form.seed}; the same sources and seed "
            "always give the same form.")


def _cover(corpus: Corpus, form: Form, styles: _Styles, style: dict) -> list[Flowable]:
    exam = corpus.exam
    minutes = exam.duration_minutes
    count = len(form.items)
    story: list[Flowable] = [
        Paragraph(inline(exam.title), styles.title),
        Paragraph(f"{inline(exam.code)} practice exam · Form {form.letter}", styles.subtitle),
        Paragraph(f"<b>{count} questions · {minutes} minutes</b> · {passing_score(exam)}", styles.body),
        Paragraph("Instructions", styles.heading),
    ]
    instructions = _instructions(exam, minutes, count)
    story += [Paragraph(inline(text), styles.option, bulletText="•") for text in instructions]
    story.append(Paragraph("Pacing guide", styles.heading))
    checkpoints = pacing(count, minutes, style["review_minutes"], style["checkpoints_every"])
    rows = [["By minute", "Be at question", "Clock time"]] + [[str(m), str(q), ""] for q, m in checkpoints]
    rows.append([str(minutes), "Review done", ""])
    table = Table([[Paragraph(c, styles.cell) for c in row] for row in rows], colWidths=[30 * mm, 35 * mm, 35 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, styles.rule), ("FONT", (0, 0), (-1, -1), BODY),
                               ("BACKGROUND", (0, 0), (-1, 0), styles.scenario_background)]))
    story += [Paragraph(f"Keep about {style['review_minutes']} minutes at the end to review flagged questions.",
                        styles.small), Spacer(1, 4), table, Spacer(1, 10),
              Paragraph("Your times", styles.heading), _boxes_table(["Start time", "Finish time"], styles),
              Spacer(1, 10), Paragraph(_drawn_with(form), styles.small), PageBreak()]
    return story


def _question_flowables(item: FormItem, styles: _Styles, terms: tuple[str, ...]) -> list[Flowable]:
    q = item.question
    kind = TYPE_NAMES[q.type]
    parts: list[Flowable] = [Paragraph(f"<b>{item.number}.</b> {inline(q.stem, terms)} "
                                       f'<font size="{styles.small.fontSize}" color="#555555">({kind})</font>',
                                       styles.question)]
    if item.options:
        parts += [Paragraph(inline(o.text, terms), styles.option, bulletText=f"{LETTERS[i]}.")
                  for i, o in enumerate(item.options)]
    elif item.steps:
        parts += [Paragraph(inline(s, terms), styles.option, bulletText=f"{LETTERS[i]}.")
                  for i, s in enumerate(item.steps)]
    elif not q.pairs:
        if q.setup:
            parts.append(Paragraph(f"First run: {mono(q.setup)}", styles.option))
        parts.append(_WorkSpace(styles))
    else:
        parts.append(_pairs_table(
            [("Prompts", "Responses")] +
            [(f"{n}. {inline(p.prompt, terms)}", f"{LETTERS[n - 1]}. {inline(item.responses[n - 1], terms)}")
             for n, p in enumerate(q.pairs, 1)], styles))
    return parts


class _WorkSpace(Flowable):
    """A ruled box under a performance task, to write the commands in."""

    def __init__(self, styles: _Styles) -> None:
        super().__init__()
        self.styles = styles
        self.height = 48 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width - 16
        return available_width, self.height + 4

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.styles.rule)
        canvas.setLineWidth(0.5)
        canvas.rect(16, 0, self.width, self.height, stroke=1, fill=0)
        for line in range(1, int(self.height / (8 * mm))):
            canvas.line(20, line * 8 * mm, 12 + self.width, line * 8 * mm)


def _questions(form: Form, styles: _Styles, terms: tuple[str, ...]) -> list[Flowable]:
    """Every question; a case study's scenario and all its questions kept on one page, a new one when needed."""
    story: list[Flowable] = []
    shown_cases: set[str] = set()
    for item in form.items:
        q = item.question
        if not q.case:
            story.append(Together(*_question_flowables(item, styles, terms)))
        elif q.case not in shown_cases:
            shown_cases.add(q.case)
            parts = [i for i in form.items if i.question.case == q.case]
            head = Paragraph(f"<b>Case study: questions {parts[0].number}–{parts[-1].number} refer to this "
                             f"scenario.</b> {inline(q.scenario, terms)}", styles.scenario)
            story.append(Together(head, *[f for part in parts for f in _question_flowables(part, styles, terms)]))
    return story


class _AnswerRow(Flowable):
    """One answer-sheet line: the question number, bubbles or write-in boxes, and a flag-for-review box."""

    def __init__(self, item: FormItem, styles: _Styles, width: float) -> None:
        super().__init__()
        self.item, self.styles = item, styles
        self.width, self.height = width, 8.5 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, item, middle = self.canv, self.item, self.height / 2
        canvas.setFont(BODY_BOLD, 9)
        canvas.setFillColor(self.styles.text)
        canvas.drawRightString(9 * mm, middle - 3, str(item.number))
        canvas.setStrokeColor(self.styles.box)
        canvas.setLineWidth(0.7)
        box = BOX_MM * mm
        flag_x = self.width - box - 2 * mm
        canvas.setFont(BODY, 6.5)
        canvas.rect(flag_x, middle - box / 2, box, box, stroke=1, fill=0)
        canvas.drawCentredString(flag_x + box / 2, middle - 2.3, "F")
        canvas.setFont(BODY, 7)
        x = 13 * mm
        if item.options:
            for index in range(len(item.options)):
                canvas.circle(x, middle, 2.4 * mm, stroke=1, fill=0)
                canvas.drawCentredString(x, middle - 2.5, LETTERS[index])
                x += 6.6 * mm
            correct = sum(o.correct for o in item.options)
            if item.question.type == "multiple-response":
                canvas.drawString(x - 2 * mm, middle - 2.5, f"mark {correct}")
            return
        if not (item.steps or item.responses):
            canvas.rect(x - box / 2, middle - box / 2, box, box, stroke=1, fill=0)
            canvas.drawString(x + box / 2 + 1.5 * mm, middle - 2.5, "done")
            return
        labels = [str(n) for n in range(1, len(item.question.pairs) + 1)] if item.responses else [""] * len(item.steps)
        x = 12 * mm
        for label in labels:
            if label:
                canvas.drawRightString(x + 2.2 * mm, middle - 2.5, label)
                x += 2.8 * mm
            canvas.rect(x, middle - box / 2, box, box, stroke=1, fill=0)
            x += box + 1.2 * mm


def _answer_sheet(corpus: Corpus, form: Form, styles: _Styles) -> list[Flowable]:
    rows = [_AnswerRow(i, styles, ANSWER_COLUMN_MM * mm) for i in form.items]
    story: list[Flowable] = [PageBreak(), Paragraph(f"Answer sheet · Form {form.letter}", styles.heading),
                             Paragraph(_sheet_guide(corpus.exam) + " Tick F to flag a question for review. "
                                       "Name: ______________________", styles.small)]
    per_page = 2 * ANSWER_ROWS_PER_COLUMN
    for start in range(0, len(rows), per_page):
        page = rows[start:start + per_page]
        half = math.ceil(len(page) / 2)
        table = Table([[page[n], page[n + half] if n + half < len(page) else ""] for n in range(half)],
                      colWidths=["50%", "50%"])
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), BODY), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        story += [PageBreak()] if start else []
        story += [Spacer(1, 4), table]
    return story


def _sheet_guide(exam: Exam) -> str:
    """How to mark the answer sheet, for the question types the exam uses."""
    used = {t.type for t in exam.question_types}
    guide = []
    if used & {"multiple-choice", "multiple-response"}:
        guide.append("Fill one bubble per answer" + (" (as many as the question asks for multiple response)."
                                                     if "multiple-response" in used else "."))
    if "ordering" in used:
        guide.append("Ordering: write step letters in order, first on the left.")
    if "matching" in used:
        guide.append("Matching: write the response letter beside each prompt number.")
    if "performance-task" in used:
        guide.append("Performance task: tick done when every check of the task holds.")
    return " ".join(guide)


def _scoring_rules(exam: Exam) -> str:
    """The answer key's opening note: what scores, and how the keys read."""
    used = [t.type for t in exam.question_types]
    whole = [TYPE_NAMES[t].lower() for t in used if t in ("multiple-response", "ordering", "matching",
                                                           "performance-task")]
    notes = []
    if whole:
        listed = ", ".join(whole[:-1]) + (" and " if len(whole) > 1 else "") + whole[-1]
        notes.append(f"{listed[0].upper()}{listed[1:]} score only when entirely right.")
    notes.append("Wrong answers cost marks." if exam.guessing_penalty else "There is no penalty for guessing.")
    keys = []
    if "ordering" in used:
        keys.append("ordering keys list the step letters in order")
    if "matching" in used:
        keys.append("matching keys give prompt-letter pairs")
    if "performance-task" in used:
        keys.append("performance tasks list the checks and a model solution")
    if keys:
        notes.append(f"{keys[0][0].upper()}{keys[0][1:]}{''.join('; ' + k for k in keys[1:])}.")
    return " ".join(notes)


@dataclass(frozen=True)
class Document:
    """A multi-page PDF ready to build: metadata, footer and flowables."""

    title: str
    subject: str
    footer: str
    story: list[Flowable]


def booklet_document(corpus: Corpus, form: Form) -> Document:
    """The booklet a learner sits: cover, numbered questions, answer sheet; no answers anywhere."""
    style = template_style("booklet.yaml")
    register_from_style(style)
    styles = _Styles(style)
    exam = corpus.exam
    story = (_cover(corpus, form, styles, style) + _questions(form, styles, corpus.command_terms)
             + _answer_sheet(corpus, form, styles))
    return Document(f"{exam.code} practice exam — Form {form.letter}",
                    f"{exam.title}: {len(form.items)}-question timed practice exam",
                    f"{exam.code} practice exam · Form {form.letter}", story)


def render_booklet(corpus: Corpus, form: Form, paper: str) -> bytes:
    return build_pdf(booklet_document(corpus, form), paper)


def scaled_estimate(correct: int, total: int, low: int, high: int) -> int:
    """A linear estimate of the scaled score from raw correct answers (no official conversion is published)."""
    return round(low + (high - low) * correct / total)


def render_answer_key(corpus: Corpus, form: Form, paper: str) -> bytes:
    return build_pdf(answer_key_document(corpus, form), paper)


def answer_key_document(corpus: Corpus, form: Form) -> Document:
    """The separate key: answers with domain, task, explanations and facts; then a scoring worksheet."""
    style = template_style("booklet.yaml")
    register_from_style(style)
    styles = _Styles(style)
    exam = corpus.exam
    story: list[Flowable] = [
        Paragraph(f"Answer key · Form {form.letter}", styles.title),
        Paragraph(f"{inline(exam.title)} ({inline(exam.code)}) practice exam", styles.subtitle),
        Paragraph(inline(_scoring_rules(exam)), styles.small),
    ]
    rows = [["#", "Answer", "Domain", "Task", "Type"]] + [
        [str(i.number), i.key, i.question.domain, i.question.task, TYPE_NAMES[i.question.type]] for i in form.items]
    table = Table([[Paragraph(inline(c), styles.cell) for c in row] for row in rows], repeatRows=1,
                  colWidths=[12 * mm, 45 * mm, 18 * mm, 14 * mm, 38 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), BODY), ("LINEBELOW", (0, 0), (-1, -1), 0.3, styles.rule),
                               ("BACKGROUND", (0, 0), (-1, 0), styles.scenario_background),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [Paragraph("Answers", styles.heading), table, PageBreak(), Paragraph("Explanations", styles.heading)]
    for item in form.items:
        story.append(Together(*_explanation(corpus, item, styles)))
    story += [PageBreak()] + _worksheet(corpus, form, styles)
    return Document(f"{exam.code} practice exam — Form {form.letter} answer key",
                    f"{exam.title}: answer key and scoring worksheet",
                    f"{exam.code} practice exam · Form {form.letter} · ANSWER KEY", story)


def _explanation(corpus: Corpus, item: FormItem, styles: _Styles) -> list[Flowable]:
    q = item.question
    terms = corpus.command_terms
    domain = corpus.exam.domain(q.domain)
    task = next(t for t in domain.tasks if t.id == q.task)
    head = (f"<b>{item.number}. Answer: {inline(item.key)}</b> · {TYPE_NAMES[q.type]}"
            f"{' (case study)' if q.case else ''}")
    place = f"Domain {domain.number} {inline(domain.short)} · task {task.id} {inline(task.text)}"
    parts: list[Flowable] = [Paragraph(head, styles.question), Paragraph(place, styles.small),
                             Paragraph(f"<i>{inline(q.stem, terms)}</i>", styles.small)]
    for index, option in enumerate(item.options):
        verdict = "Right" if option.correct else "Wrong"
        parts.append(Paragraph(f"<b>{LETTERS[index]}.</b> {inline(option.text, terms)}", styles.option))
        parts.append(Paragraph(f"<b>{verdict}:</b> {inline(option.why, terms)}", styles.why))
    if q.checks:
        parts += [Paragraph("<b>Checks:</b>", styles.option)] + [
            Paragraph(inline(check, terms), styles.option, bulletText="•") for check in q.checks]
        parts += [Paragraph("<b>Model solution:</b>", styles.option),
                  Preformatted(q.solution.rstrip(), styles.code, maxLineLength=90, newLineChars="  ")]
    if q.explanation:
        parts.append(Paragraph(inline(q.explanation, terms), styles.option))
    if item.steps:
        order = "; ".join(f"{LETTERS[item.steps.index(s)]}. {inline(s, terms)}" for s in q.steps)
        parts.append(Paragraph(f"<b>Order:</b> {order}", styles.option))
    if item.responses:
        parts.append(_pairs_table(
            [("Prompts", "Matching responses")] +
            [(f"{n}. {inline(p.prompt, terms)}", f"{LETTERS[item.responses.index(p.match)]}. {inline(p.match, terms)}")
             for n, p in enumerate(q.pairs, 1)], styles))
    facts = {f.id: f for f in corpus.facts}
    decks = corpus.deck_names()
    parts += [Paragraph("<b>Study:</b>", styles.small)] + [
        Paragraph(f"{inline(plain(facts[f].text), corpus.code_terms(facts[f].refs))} "
                  f"<i>(deck {inline(decks[facts[f].domain])})</i>", styles.fact, bulletText="•")
        for f in q.facts]
    return parts


def _pairs_table(rows: list[tuple[str, str]], styles: _Styles) -> Table:
    """Prompts beside their responses, as the question prints them."""
    table = Table([[Paragraph(f"<b>{a}</b>" if r == 0 else a, styles.cell),
                    Paragraph(f"<b>{b}</b>" if r == 0 else b, styles.cell)] for r, (a, b) in enumerate(rows)],
                  colWidths=["48%", "48%"], hAlign="RIGHT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), BODY),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, styles.rule)]))
    return table


def _worksheet(corpus: Corpus, form: Form, styles: _Styles) -> list[Flowable]:
    exam = corpus.exam
    counts = form.by_domain()
    rows = [["Domain", "Questions", "Correct", "Percent"]]
    rows += [[f"{d.number}. {d.name}", str(counts.get(d.id, 0)), "", "%"] for d in exam.domains]
    rows.append(["Total", str(len(form.items)), "", "%"])
    table = Table([[Paragraph(inline(c), styles.cell) for c in row] for row in rows],
                  colWidths=[85 * mm, 22 * mm, 22 * mm, 22 * mm], rowHeights=[None] + [9 * mm] * (len(rows) - 1),
                  hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, styles.rule), ("FONT", (0, 0), (-1, -1), BODY),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), styles.scenario_background)]))
    total = len(form.items)
    marks = list(range(total + 1))
    if exam.scaled:
        def score(raw: int) -> str:
            return str(scaled_estimate(raw, total, exam.score_min, exam.score_max))
        needed = next(raw for raw in range(total + 1)
                      if scaled_estimate(raw, total, exam.score_min, exam.score_max) >= exam.score_pass)
        heading, column = "Estimated scaled score", "Estimated scaled score"
        explained = (f"<b>This is an estimate, not an official conversion.</b> {_unofficial(exam)}This worksheet "
                     f"maps your raw score linearly onto {exam.score_min}–{exam.score_max:,}: estimate = "
                     f"{exam.score_min} + {exam.score_max - exam.score_min} × correct ÷ {total}. Under that "
                     f"assumption the passing score of {exam.score_pass} needs about {needed} of {total} correct "
                     f"({100 * needed / total:.0f}%).")
    else:
        def score(raw: int) -> str:
            return "pass" if 100 * raw >= exam.score_pass * total else "not yet"
        needed = math.ceil(exam.score_pass * total / 100)
        heading, column = "Pass mark", "Result"
        explained = (f"The exam passes at {exam.score_pass}%: {needed} of this form's {total} questions. "
                     f"{_unofficial(exam)}")
    groups = SCORE_TABLE_GROUPS
    per_group = math.ceil(len(marks) / groups)
    chunks = [[[str(raw), f"{100 * raw / total:.0f}%", score(raw)] for raw in marks[g * per_group:(g + 1) * per_group]]
              for g in range(groups)]
    body = [[cell for chunk in chunks for cell in (chunk[r] if r < len(chunk) else ["", "", ""])]
            for r in range(per_group)]
    estimate_table = Table([[Paragraph(c, styles.cell) for c in row] for row in
                            [["Raw", "Percent", column.replace("Estimated scaled score", "Estimate")] * groups] + body],
                           colWidths=[12 * mm, 15 * mm, 27 * mm] * groups, hAlign="LEFT", repeatRows=1)
    estimate_table.setStyle(TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, styles.rule), ("FONT", (0, 0), (-1, -1), BODY),
         ("BACKGROUND", (0, 0), (-1, 0), styles.scenario_background), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
         ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]
        + [("LINEAFTER", (3 * g - 1, 0), (3 * g - 1, -1), 1.5, styles.text) for g in range(1, groups)]))
    only_total = (" A low domain percent shows where to study next; the real exam has no pass mark per domain, only "
                  "the total counts." if exam.score_model == "compensatory" else
                  " A low domain percent shows where to study next.")
    return [
        Paragraph("Scoring worksheet", styles.heading),
        Paragraph("Count one point per question answered entirely right, per domain, then in total. Percent = "
                  f"correct ÷ questions × 100.{only_total}", styles.body),
        table,
        Paragraph(heading, styles.heading),
        Paragraph(explained, styles.body),
        estimate_table,
    ]


def _unofficial(exam: Exam) -> str:
    """What the exam's own scoring adds that a practice form cannot: its note and its unscored items."""
    said = f"{inline(exam.score_note)} " if exam.score_note else ""
    if exam.unscored_questions:
        which = "marked as such" if exam.unscored_marked else "that you cannot identify"
        said += f"The real exam also has {exam.unscored_questions} unscored questions {which}. "
    return said
