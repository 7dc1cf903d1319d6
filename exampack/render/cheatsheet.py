"""One-page landscape cheat sheets: one per domain and one exam overview, measured before they are drawn."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Table, TableStyle

from .. import __version__
from ..cloze import answers
from ..errors import BuildFailure
from ..markup import name_parts
from ..model import Corpus, Domain, Fact, SheetTable
from ..sheetcontent import format_rows, question_type_lines, sheet_facts, sheet_name
from ..templates import template_style
from .flowables import Together
from .fonts import BODY, BODY_BOLD, MONO, register_from_style
from .pdfmarkup import SOFT_HYPHEN, fact_markup, gist_markup, inline, mono

PAPERS = {"letter": LETTER, "a4": A4}


class _Styles:
    """Paragraph styles built from templates/cheatsheet.yaml."""

    def __init__(self, style: dict, accent: colors.Color, size: float) -> None:
        sizes, palette = style["sizes"], style["colors"]
        leading = sizes["leading"] * size / sizes["body"]
        text = colors.HexColor(palette["text"])
        self.accent = accent
        base = ParagraphStyle("base", fontName=BODY, bulletFontName=BODY)
        self.body = ParagraphStyle("body", parent=base, fontName=BODY, fontSize=size, leading=leading,
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
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=size, leading=size + 1.2,
                                   spaceAfter=0)
        self.hanging_cell = ParagraphStyle("hanging_cell", parent=self.cell, leftIndent=8, firstLineIndent=-8)
        self.caption = ParagraphStyle("caption", parent=self.cell, fontName=BODY_BOLD, textColor=accent, spaceBefore=1.5,
                                      spaceAfter=1)
        self.footer = ParagraphStyle("footer", parent=base, fontSize=sizes["footer"], leading=sizes["footer"] + 1,
                                     textColor=colors.HexColor(palette["muted"]))
        self.stripe = colors.HexColor(palette["table_stripe"])
        self.rule = colors.HexColor(palette["rule"])


def grouped(story: list[Flowable], headings: set[int]) -> list[Flowable]:
    """The story with each heading bound to the flowable after it."""
    result: list[Flowable] = []
    skip = False
    for index, flowable in enumerate(story):
        if skip:
            skip = False
            continue
        if id(flowable) in headings and index + 1 < len(story):
            result.append(Together(flowable, story[index + 1]))
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
    """A fact as the sheet lists it: its gist when it has one, else its sentence; answers in bold."""
    terms = corpus.code_terms(fact.refs)
    return gist_markup(fact.gist, answers(fact.text), terms) if fact.gist else fact_markup(fact.text, terms)


def _bullets(markups: list[str], styles: _Styles) -> list[Flowable]:
    return [Paragraph(m, styles.bullet, bulletText="•") for m in markups]


def _section(heading: str, blocks: list[Flowable], styles: _Styles) -> list[Flowable]:
    """A heading band over its blocks; nothing when there are none."""
    return [Paragraph(heading, styles.heading), *blocks] if blocks else []


def _sheet_table(corpus: Corpus, table: SheetTable, styles: _Styles, width: float) -> Flowable:
    """A comparison table under its caption, kept together."""
    refs = tuple(r for f in corpus.facts if f.id in table.facts for r in f.refs)
    caption = Paragraph(inline(table.title), styles.caption)
    body = _table(styles, [table.columns, *table.rows], width, header=True, terms=corpus.code_terms(refs),
                  name=f"{table.where}: sheet table {table.id}")
    return Together(caption, body)


def domain_story(corpus: Corpus, domain: Domain, styles: _Styles, width: float) -> list[Flowable]:
    """The flowables of a domain sheet: by task statement its tables and fact gists, then each command's
    flags and the API names as tables."""
    facts = sheet_facts(corpus, domain)
    tables = corpus.tables_of(domain.id)
    story: list[Flowable] = []
    for task in domain.tasks:
        blocks = [_sheet_table(corpus, t, styles, width) for t in tables if t.task == task.id]
        story += _section(f"{task.id} {inline(task.text)}",
                          blocks + _bullets([_fact(corpus, f) for f in facts if f.task == task.id], styles), styles)
    story += _section("More", _bullets([_fact(corpus, f) for f in facts if f.task is None], styles), styles)
    commands, api = corpus.commands_of(domain.id), corpus.api_of(domain.id)
    codes = [f.usage for c in commands for f in c.flags] + [v.value for t in api for v in t.values]
    code_width = _code_width(codes, width, styles)
    story += _section("Commands", [
        _reference_table(styles, width, code_width, mono(" ".join((c.invocation, *c.arguments))), inline(c.purpose),
                         [(f.usage, inline(f.does)) for f in c.flags])
        for c in commands], styles)
    story += _section("API names and values", [
        _reference_table(styles, width, code_width, mono(t.name), inline(t.meaning),
                         [(v.value, inline(v.means)) for v in t.values])
        for t in api], styles)
    return story


def overview_story(corpus: Corpus, styles: _Styles, width: float) -> list[Flowable]:
    """The flowables of the exam overview sheet."""
    exam = corpus.exam
    rows = format_rows(exam)
    story: list[Flowable] = [Paragraph("Format", styles.heading),
                             _table(styles, [("", "")] + rows, width, header=False, widths=(0.26, 0.74))]
    story += _section("Domains and weights", _bullets([
        f"<b>{d.number}. {inline(d.name)} — {d.weight}%</b> " + "; ".join(f"{t.id} {inline(t.text.rstrip('.'))}"
                                                                      for t in d.tasks)
        for d in exam.domains], styles), styles)
    story += _section("Question types", _bullets([f"<b>{inline(name)}</b>: {inline(rule)}"
                                                  for name, rule in question_type_lines(exam)], styles), styles)
    for table in exam.tables:
        story += [Paragraph(inline(table.title), styles.heading),
                  _table(styles, [table.columns, *table.rows], width, header=True, name=f"exam.yaml table {table.title!r}")]
    shown = sheet_facts(corpus, None)
    story += _section("Exam tips", _bullets([_fact(corpus, f) for f in shown if f.tip], styles), styles)
    story += _section("Good to know", _bullets([_fact(corpus, f) for f in shown if not f.tip], styles), styles)
    return story


CODE_SHARE = 0.35
SMALLEST_CODE = 6.0
PADDING = 2


CODE_CELL_PADDING = 2 * PADDING + 0.5


def _cell_width(code: str, size: float) -> float:
    """The width of a table cell that holds code whole on one line at `size` points."""
    return stringWidth(code, MONO, size) + CODE_CELL_PADDING


def _code_width(codes: list[str], width: float, styles: _Styles) -> float:
    """One width for the code column of every reference table on a sheet: the widest flag or value that
    takes no more than CODE_SHARE of the column; wider ones get a row of their own."""
    needed = [_cell_width(code, styles.cell.fontSize) for code in codes]
    return max([n for n in needed if n <= width * CODE_SHARE], default=width * CODE_SHARE)


def _wide_code_row(code: str, text: str, width: float, styles: _Styles) -> Paragraph:
    """A code too wide for the code column, with its meaning run on after it and later lines indented.
    It stays whole on its line, set smaller if need be; only an API value too long for a whole column
    even at the smallest code size breaks, between camel-case humps, with a hyphen at the break."""
    size = styles.cell.fontSize
    needed = stringWidth(code, MONO, size)
    room = width - CODE_CELL_PADDING
    if needed > room:
        size = max(room / needed * size, SMALLEST_CODE)
        if size == SMALLEST_CODE and code.startswith("-"):
            raise BuildFailure(f"{code} is too long to print whole in a cheat-sheet column, even at "
                               f"{SMALLEST_CODE} pt")
    printed = SOFT_HYPHEN.join(escape(part) for part in name_parts(code, humps=True))
    return Paragraph(f'<font face="{MONO}" size="{size:.2f}">{printed}</font> {text}', styles.hanging_cell)


def _reference_table(styles: _Styles, width: float, code_width: float, title: str, about: str,
                     rows: list[tuple[str, str]]) -> Table:
    """A command or API name over its flags or values: a code | meaning row each. A code too wide for its
    column takes a row of its own, with its meaning under it."""
    cells: list[list[Flowable | str]] = [[Paragraph(f"<b>{title}</b> {about}", styles.cell), ""]]
    spans: list[int] = [0]
    code_style = ParagraphStyle("code", parent=styles.cell, fontName=MONO)
    for code, text in rows:
        if _cell_width(code, styles.cell.fontSize) <= code_width:
            cells.append([Paragraph(escape(code), code_style), Paragraph(text, styles.cell)])
        else:
            spans.append(len(cells))
            cells.append([_wide_code_row(code, text, width, styles), ""])
    table = Table(cells, colWidths=[code_width, width - code_width])
    commands = [("FONT", (0, 0), (-1, -1), BODY, styles.cell.fontSize), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING), ("TOPPADDING", (0, 0), (-1, -1), 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6), ("BACKGROUND", (0, 0), (-1, 0), styles.stripe),
                ("LINEBELOW", (0, -1), (-1, -1), 0.3, styles.rule)]
    commands += [("SPAN", (0, row), (1, row)) for row in spans]
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 2
    return table


def _column_fractions(rows: list, width: float, size: float, name: str) -> tuple[float, ...]:
    """Column shares that fit each column's longest word, the rest shared by its longest cell; TooWide,
    naming the table, when those words do not fit side by side."""
    columns = list(zip(*rows))
    padding = 5
    least = [max(stringWidth(w, BODY_BOLD, size) for cell in col for w in str(cell).split() or [""]) + padding
             for col in columns]
    longest = [max(stringWidth(str(cell), BODY, size) for cell in col) for col in columns]
    if sum(least) > width:
        raise TooWide(f"{name}: its longest words need {sum(least) / mm:.0f} mm side by side, wider than the "
                      f"{width / mm:.0f} mm column; shorten them or use fewer columns")
    spare = width - sum(least)
    return tuple((least[i] + spare * longest[i] / sum(longest)) / width for i in range(len(columns)))


def _table(styles: _Styles, rows: list, width: float, *, header: bool, widths: tuple[float, ...] | None = None,
           terms: tuple[str, ...] = (), name: str = "table") -> Table:
    fractions = widths or _column_fractions(rows, width, styles.cell.fontSize, name)
    body = rows if header else rows[1:]
    cells = [[Paragraph(f"<b>{inline(c)}</b>" if header and r == 0 else inline(c, terms), styles.cell) for c in row]
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
    """A sheet ready to draw: its flowables, titles, footer and page geometry."""

    name: str
    title: str
    subtitle: str
    footer: str
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
        return column_width(self.page, self.margin, self.gutter, self.columns)


def column_width(page: tuple[float, float], margin: float, gutter: float, columns: int) -> float:
    return (page[0] - 2 * margin - (columns - 1) * gutter) / columns


def sheet_layout(corpus: Corpus, domain: Domain | None, paper: str, built: str, columns: int,
                 size: float) -> SheetLayout:
    """The flowables and geometry of one sheet in `columns` columns with text at `size` points, styled from
    templates/cheatsheet.yaml."""
    style = template_style("cheatsheet.yaml")
    register_from_style(style)
    exam = corpus.exam
    styles = _Styles(style, _accent(style, domain), size)
    page = landscape(PAPERS[paper])
    margin, gutter = style["margin_mm"] * mm, style["gutter_mm"] * mm
    width = column_width(page, margin, gutter, columns)
    if domain:
        title = f"Domain {domain.number}: {domain.name}"
        subtitle = (f"{exam.code} cheat sheet · {domain.weight}% of scored content · "
                    f"tasks {', '.join(t.id for t in domain.tasks)}")
        story = domain_story(corpus, domain, styles, width)
    else:
        title = f"{exam.title} ({exam.code})"
        subtitle = "Exam overview cheat sheet"
        story = overview_story(corpus, styles, width)
    footer = f"{exam.code} study pack {exam.version or __version__} · built {built} · exampack {__version__}"
    return SheetLayout(f"{exam.id}/{sheet_name(domain)}", title, subtitle, footer, f"{exam.code} — {title}",
                       f"{exam.title}: one-page cheat sheet", story, styles, page, margin, gutter, columns, size)


def draw_sheet(layout: SheetLayout) -> tuple[bytes, int]:
    """Draw a laid-out sheet on one page, and say how many columns it filled; BuildFailure, naming the
    overflow, if it does not fit."""
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
    footer_height = _draw_footer(canvas, layout.styles, layout.footer, width, layout.margin)
    top = height - layout.margin - header_height
    bottom = layout.margin + footer_height
    frames = [Frame(layout.margin + i * (layout.column_width + layout.gutter), bottom, layout.column_width,
                    top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for i in range(layout.columns)]
    headings = {id(f) for f in layout.story if isinstance(f, Paragraph) and f.style is layout.styles.heading}
    remaining = grouped(layout.story, headings)
    used = 0
    for frame in frames:
        if not remaining:
            break
        frame.addFromList(remaining, canvas)
        used += 1
    if remaining:
        overflow = sum(f.wrap(layout.column_width, height)[1] for f in remaining)
        raise BuildFailure(
            f"cheat sheet {layout.name} does not fit on one page at {layout.body_size} pt: "
            f"{len(remaining)} block(s), {overflow / mm:.0f} mm of column overflow "
            f"(about {overflow / (top - bottom):.1f} columns); mark facts with sheet: false or shorten them")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), used


class TooWide(BuildFailure):
    """A table whose words cannot sit side by side in a column: fewer, wider columns may fit it."""


def render_sheet(corpus: Corpus, domain: Domain | None, paper: str, built: str) -> bytes:
    """One cheat sheet as PDF bytes; BuildFailure if it does not fit on one page at the smallest size."""
    return fit_sheet(corpus, domain, paper, built)[0]


def fit_sheet(corpus: Corpus, domain: Domain | None, paper: str, built: str) -> tuple[bytes, float, int]:
    """A sheet drawn in as many of the styled columns as its content fills (no column left empty): at the
    styled text size, else at the smallest allowed; a sheet with room to spare is set larger, up to the
    largest allowed. Its bytes, text size and columns; BuildFailure if it does not fit at the smallest."""
    style = template_style("cheatsheet.yaml")
    body, least, most = style["sizes"]["body"], style["min_size"], style["max_size"]

    def draw(columns: int, size: float) -> tuple[bytes, int]:
        return draw_sheet(sheet_layout(corpus, domain, paper, built, columns, size))

    failure: BuildFailure | None = None
    for size in (body, least):
        try:
            drawn, columns, used = _widest(draw, size, style["columns"])
        except BuildFailure as error:
            failure = error
            continue
        if used < columns:
            # Room to spare: the largest size that fits, largest first; else this size in fewer columns.
            larger = most
            while larger > size:
                try:
                    drawn, columns = _fitted_from(draw, larger, used, columns)
                    return drawn, larger, columns
                except BuildFailure:
                    larger -= SIZE_STEP
            drawn, columns = _fitted(draw, size, used)
        return drawn, size, columns
    assert failure is not None
    raise failure


SIZE_STEP = 0.5
Draw = Callable[[int, float], tuple[bytes, int]]  # columns, text size -> the sheet's bytes, columns it fills


def _widest(draw: Draw, size: float, most: int) -> tuple[bytes, int, int]:
    """The sheet at one text size in the most columns, up to `most`, its tables fit: its bytes, its
    columns and how many of them it fills; BuildFailure if it does not fit."""
    columns = most
    while True:
        try:
            pdf, used = draw(columns, size)
            return pdf, columns, used
        except TooWide:
            if columns == 1:
                raise
            columns -= 1


def _fitted(draw: Draw, size: float, most: int) -> tuple[bytes, int]:
    """The sheet at one text size in the most columns, up to `most`, that its content fills, and how many;
    BuildFailure if it does not fit."""
    failure: BuildFailure | None = None
    drawn = None
    columns = most
    while columns:
        try:
            pdf, used = draw(columns, size)
        except TooWide as error:
            failure = failure or error
            columns -= 1
            continue
        except BuildFailure:
            if drawn is None:
                raise
            break
        drawn = (pdf, columns)
        if used == columns:
            break
        columns = used  # what fills `used` narrow columns fits as well in as many wider ones
    if drawn is None:
        assert failure is not None
        raise failure
    return drawn


def _fitted_from(draw: Draw, size: float, least: int, most: int) -> tuple[bytes, int]:
    """The sheet at one text size in the fewest columns from `least` up to `most` that hold it, and how many
    it fills (larger text rarely needs more columns than smaller text filled); BuildFailure if none holds it."""
    for columns in range(least, most):
        try:
            pdf, used = draw(columns, size)
        except TooWide:
            raise
        except BuildFailure:
            continue
        return (pdf, columns) if used == columns else _fitted(draw, size, used)
    return _fitted(draw, size, most)


def _draw_footer(canvas: Canvas, styles: _Styles, text: str, width: float, margin: float) -> float:
    """The footer line along the bottom margin, over a thin rule; the height used."""
    footer = Paragraph(inline(text), styles.footer)
    _, footer_height = footer.wrap(width - 2 * margin, margin)
    lift = footer.style.fontSize * 0.25  # room for descenders above the margin
    footer.drawOn(canvas, margin, margin + lift)
    canvas.setStrokeColor(styles.rule)
    canvas.setLineWidth(0.4)
    canvas.line(margin, margin + lift + footer_height + 1, width - margin, margin + lift + footer_height + 1)
    return lift + footer_height + 3


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
