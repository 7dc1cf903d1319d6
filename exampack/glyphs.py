"""Characters the PDF fonts cannot draw: a source error at the text that holds them, never an empty box."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .errors import Location, Problem
from .model import Corpus
from .templates import template_style

PDF_STYLES = ("cheatsheet.yaml", "booklet.yaml")
WHITESPACE = frozenset(map(ord, "\n\t"))


@cache
def _characters(font_file: str) -> frozenset[int]:
    """The code points a TrueType font has glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFile
    return frozenset(TTFontFile(font_file).charToGlyph)


@cache
def drawable() -> tuple[frozenset[int], frozenset[int]]:
    """What every body face of every PDF style can draw, and what every mono face can."""
    from .render.fonts import VERA_DIR, mono_path

    body: frozenset[int] | None = None
    mono: frozenset[int] | None = None
    for name in PDF_STYLES:
        fonts = template_style(name)["fonts"]
        for file in fonts["body"].values():
            found = _characters(str(VERA_DIR / file))
            body = found if body is None else body & found
        for file in fonts["mono"].values():
            found = _characters(str(mono_path(file)))
            mono = found if mono is None else mono & found
    assert body is not None and mono is not None
    return body, mono


def _texts(corpus: Corpus) -> Iterator[tuple[Location, str, bool]]:
    """Every source text the PDFs print: where it was written, the text, and whether it is set in mono."""
    for fact in corpus.facts:
        yield fact.places.get("text", fact.where), fact.text + fact.extra, False
        yield fact.places.get("gist", fact.where), fact.gist, False
    for table in corpus.sheet_tables:
        yield table.where, table.title + "".join(table.columns) + "".join("".join(row) for row in table.rows), False
    for command in corpus.commands:
        yield command.where, command.purpose, False
        yield command.where, command.example, True
        for flag in command.flags:
            yield flag.where, flag.does, False
    for term in corpus.api:
        yield term.where, term.meaning + "".join(v.means for v in term.values), False
    for question in corpus.questions:
        texts = [question.stem, question.scenario, question.explanation, question.setup, *question.checks,
                 *question.steps, *(o.text + o.why for o in question.options),
                 *(p.prompt + p.match for p in question.pairs)]
        yield question.where, "".join(texts), False
        yield question.where, question.solution, True


def undrawable(corpus: Corpus) -> list[Problem]:
    """A Problem for each source text holding a character the PDF fonts have no glyph for."""
    body, mono = drawable()
    texts = list(_texts(corpus))
    used = {ord(c) for c in set().union(*(text for _, text, is_mono in texts if not is_mono))}
    used_mono = {ord(c) for c in set().union(*(text for _, text, is_mono in texts if is_mono))}
    if used - WHITESPACE <= body and used_mono - WHITESPACE <= mono:
        return []
    problems = []
    for where, text, is_mono in texts:
        fonts = mono if is_mono else body
        missing = sorted({c for c in text if ord(c) not in fonts and ord(c) not in WHITESPACE})
        if missing:
            shown = ", ".join(f"U+{ord(c):04X} {c}" for c in missing)
            face = "monospace font" if is_mono else "body font"
            problems.append(Problem(where, f"the PDFs' {face} cannot draw {shown}; write it another way"))
    return problems
