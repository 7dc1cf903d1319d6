"""One-page landscape cheat sheets: one per domain and one exam overview, measured before they are drawn."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Table, TableStyle

from ..errors import BuildFailure
from ..model import Corpus, Domain, Fact
from ..sheetcontent import format_rows, question_type_lines, sheet_facts, sheet_name
from ..templates import template_style
from .fonts import BODY, BODY_BOLD, register_from_style
from .pdfmarkup import fact_markup, inline, mono

PAPERS = {"letter": LETTER, "a4": A4}


class _Styles:
    """Paragraph styles built from templates/cheatsheet.yaml."""

    def __init__(self, style: dict, accent: colors.Color) -> None:
        sizes, palette = style["sizes"], style["colors"]
        text = colors.HexColor(palette["text"])
        self.accent = accent
        base = ParagraphStyle("base", fontName=BODY, bulletFontName=BODY)
        self.body = ParagraphStyle("body", parent=base, fontName=BODY, fontSize=sizes["body"], leading=sizes["leading"],
                                   textColor=text, spaceAfter=style["space_after_fact"])
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=6, bulletIndent=0,
                                     bulletFontName=BODY_BOLD)
        self.heading = ParagraphStyle("heading", parent=base, fontName=BODY_BOLD, fontSize=sizes["heading"],
                                      leading=sizes["heading"] + 2.5, textColor=colors.HexColor(palette["heading_text"]),
                                      backColor=accent, borderPadding=(1.2, 2, 1.6, 2),
                                      spaceBefore=style["space_before_heading"] + 1.5, spaceAfter=3)
        self.title = ParagraphStyle("title", parent=base, fontName=BODY_BOLD, fontSize=sizes["title"], leading=sizes["title"] + 2,
                                    textColor=accent)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontName=BODY, fontSize=sizes["subtitle"],
                                       leading=sizes["subtitle"] + 2, textColor=colors.HexColor(palette["muted"]))
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=sizes["table"], leading=sizes["table"] + 1.2,
                                   spaceAfter=0)
        self.stripe = colors.HexColor(palette["table_stripe"])
        self.rule = colors.HexColor(palette["rule"])


class _Together(Flowable):
    """A heading and the first item under it: moved to the next column whole, never split."""

    def __init__(self, *parts: Flowable) -> None:
        super().__init__()
        self.parts = parts
        self.heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.heights = [p.wrap(available_width, available_height)[1] for p in self.parts]
        spacing = sum(p.getSpaceBefore() + p.getSpaceAfter() for p in self.parts[1:]) + self.parts[0].getSpaceAfter()
        self.width, self.height = available_width, sum(self.heights) + spacing
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.parts[-1].getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for index, (part, height) in enumerate(zip(self.parts, self.heights)):
            if index:
                y -= part.getSpaceBefore()
            y -= height
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()


def grouped(story: list[Flowable], headings: set[int]) -> list[Flowable]:
    """The story with each heading bound to the flowable after it."""
    result: list[Flowable] = []
    skip = False
    for index, flowable in enumerate(story):
        if skip:
            skip = False
            continue
        if id(flowable) in headings and index + 1 < len(story):
            result.append(_Together(flowable, story[index + 1]))
            skip = True
        else:
            result.append(flowable)
    return result


def _accent(style: dict, domain: Domain | None) -> colors.Color:
    """The overview's accent, or the domain's by its place in the exam."""
    palette = style["colors"]
    if domain is None:
        return colors.HexColor(palette["overview_accent"])
    accents = palette["domain_accents"]
    return colors.HexColor(accents[(domain.number - 1) % len(accents)])


def _fact(corpus: Corpus, fact: Fact) -> str:
    return fact_markup(fact.text, corpus.code_terms(fact.refs))


def _section(heading: str, bullets: list[str], styles: _Styles) -> list[Flowable]:
    """A heading band over its bullets (paragraph markup); nothing when there are no bullets."""
    if not bullets:
        return []
    return [Paragraph(heading, styles.heading)] + [Paragraph(b, styles.bullet, bulletText="•") for b in bullets]


def domain_story(corpus: Corpus, domain: Domain, styles: _Styles) -> list[Flowable]:
    """The flowables of a domain sheet: facts by task statement, then commands and API names."""
    facts = sheet_facts(corpus, domain)
    story: list[Flowable] = []
    for task in domain.tasks:
        story += _section(f"{task.id} {inline(task.text)}",
                          [_fact(corpus, f) for f in facts if f.task == task.id], styles)
    story += _section("More", [_fact(corpus, f) for f in facts if f.task is None], styles)
    story += _section("Commands", [
        f"{mono(' '.join((c.invocation, *c.arguments)))}: {inline(c.purpose)}. "
        + "; ".join(f"{mono(f.usage)} {inline(f.does)}" for f in c.flags)
        for c in corpus.commands_of(domain.id)], styles)
    story += _section("API names and values", [
        f"{mono(t.name)}: {inline(t.meaning)}. " + "; ".join(f"{mono(v.value)} {inline(v.means)}" for v in t.values)
        for t in corpus.api_of(domain.id)], styles)
    return story


def overview_story(corpus: Corpus, styles: _Styles, column_width: float) -> list[Flowable]:
    """The flowables of the exam overview sheet."""
    exam = corpus.exam
    rows = format_rows(exam)
    story: list[Flowable] = [Paragraph("Format", styles.heading),
                             _table(styles, [("", "")] + rows, column_width, header=False, widths=(0.26, 0.74))]
    story += _section("Domains and weights", [
        f"<b>{d.number}. {inline(d.name)} — {d.weight}%</b> " + "; ".join(f"{t.id} {inline(t.text.rstrip('.'))}"
                                                                      for t in d.tasks)
        for d in exam.domains], styles)
    story += _section("Question types", [f"<b>{inline(name)}</b>: {inline(rule)}"
                                         for name, rule in question_type_lines(exam)], styles)
    for table in exam.tables:
        story += [Paragraph(inline(table.title), styles.heading),
                  _table(styles, [table.columns, *table.rows], column_width, header=True)]
    shown = sheet_facts(corpus, None)
    story += _section("Exam tips", [_fact(corpus, f) for f in shown if f.tip], styles)
    story += _section("Good to know", [_fact(corpus, f) for f in shown if not f.tip], styles)
    return story


def _column_fractions(rows: list, width: float, size: float) -> tuple[float, ...]:
    """Column shares that fit each column's longest word, the rest shared by its longest cell."""
    columns = list(zip(*rows))
    padding = 5
    least = [max(stringWidth(w, BODY_BOLD, size) for cell in col for w in str(cell).split() or [""]) + padding
             for col in columns]
    longest = [max(stringWidth(str(cell), BODY, size) for cell in col) for col in columns]
    spare = max(width - sum(least), 0)
    return tuple((least[i] + spare * longest[i] / sum(longest)) / width for i in range(len(columns)))


def _table(styles: _Styles, rows: list, width: float, *, header: bool, widths: tuple[float, ...] | None = None) -> Table:
    fractions = widths or _column_fractions(rows, width, styles.cell.fontSize)
    body = rows if header else rows[1:]
    cells = [[Paragraph(f"<b>{inline(c)}</b>" if header and r == 0 else inline(c), styles.cell) for c in row]
             for r, row in enumerate(body)]
    table = Table(cells, colWidths=[width * f for f in fractions])
    commands = [("FONT", (0, 0), (-1, -1), BODY, styles.cell.fontSize), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LINEBELOW", (0, 0), (-1, -1), 0.3, styles.rule)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), styles.stripe))
    table.setStyle(TableStyle(commands))
    return table


@dataclass(frozen=True)
class SheetLayout:
    """A sheet ready to draw: its flowables, titles and page geometry."""

    name: str
    title: str
    subtitle: str
    metadata_title: str
    subject: str
    story: list[Flowable]
    styles: _Styles
    page: tuple[float, float]
    margin: float
    gutter: float
    columns: int
    body_size: float

    @property
    def column_width(self) -> float:
        return (self.page[0] - 2 * self.margin - (self.columns - 1) * self.gutter) / self.columns


def sheet_layout(corpus: Corpus, domain: Domain | None, paper: str) -> SheetLayout:
    """The flowables and geometry of one sheet, styled from templates/cheatsheet.yaml."""
    style = template_style("cheatsheet.yaml")
    register_from_style(style)
    exam = corpus.exam
    styles = _Styles(style, _accent(style, domain))
    page = landscape(PAPERS[paper])
    margin, gutter, columns = style["margin_mm"] * mm, style["gutter_mm"] * mm, style["columns"]
    column_width = (page[0] - 2 * margin - (columns - 1) * gutter) / columns
    if domain:
        title = f"Domain {domain.number}: {domain.name}"
        subtitle = (f"{exam.code} cheat sheet · {domain.weight}% of scored content · "
                    f"tasks {', '.join(t.id for t in domain.tasks)}")
        story = domain_story(corpus, domain, styles)
    else:
        title = f"{exam.title} ({exam.code})"
        subtitle = "Exam overview cheat sheet"
        story = overview_story(corpus, styles, column_width)
    return SheetLayout(f"{exam.id}/{sheet_name(domain)}", title, subtitle, f"{exam.code} — {title}",
                       f"{exam.title}: one-page cheat sheet", story, styles, page, margin, gutter, columns,
                       style["sizes"]["body"])


def draw_sheet(layout: SheetLayout) -> bytes:
    """Draw a laid-out sheet on one page; BuildFailure, naming the overflow, if it does not fit."""
    common = template_style("pdf-common.yaml")
    width, height = layout.page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, invariant=1, pageCompression=1,
                    initialFontName=BODY, initialFontSize=layout.body_size)
    canvas.setTitle(layout.metadata_title)
    canvas.setSubject(layout.subject)
    canvas.setAuthor(common["author"])
    canvas.setCreator(common["creator"])
    header_height = _draw_header(canvas, layout.styles, layout.title, layout.subtitle, width, height, layout.margin)
    top = height - layout.margin - header_height
    frames = [Frame(layout.margin + i * (layout.column_width + layout.gutter), layout.margin, layout.column_width,
                    top - layout.margin, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for i in range(layout.columns)]
    headings = {id(f) for f in layout.story if isinstance(f, Paragraph) and f.style is layout.styles.heading}
    remaining = grouped(layout.story, headings)
    for frame in frames:
        frame.addFromList(remaining, canvas)
        if not remaining:
            break
    if remaining:
        overflow = sum(f.wrap(layout.column_width, height)[1] for f in remaining)
        raise BuildFailure(
            f"cheat sheet {layout.name} does not fit on one page at {layout.body_size} pt: "
            f"{len(remaining)} block(s), {overflow / mm:.0f} mm of column overflow "
            f"(about {overflow / (top - layout.margin):.1f} columns); mark facts with sheet: false or shorten them")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_sheet(corpus: Corpus, domain: Domain | None, paper: str) -> bytes:
    """One cheat sheet as PDF bytes; BuildFailure if it does not fit on one page at the styled size."""
    return draw_sheet(sheet_layout(corpus, domain, paper))


def _draw_header(canvas: Canvas, styles: _Styles, title: str, subtitle: str, width: float, height: float,
                 margin: float) -> float:
    """Title and subtitle across the top, with an accent rule; the height used."""
    usable = width - 2 * margin
    title_par = Paragraph(inline(title), styles.title)
    _, title_height = title_par.wrap(usable, height)
    title_par.drawOn(canvas, margin, height - margin - title_height)
    sub_par = Paragraph(inline(subtitle), styles.subtitle)
    _, sub_height = sub_par.wrap(usable, height)
    y = height - margin - title_height - sub_height
    sub_par.drawOn(canvas, margin, y)
    canvas.setStrokeColor(styles.accent)
    canvas.setLineWidth(1.2)
    canvas.line(margin, y - 2.5, width - margin, y - 2.5)
    return title_height + sub_height + 6
