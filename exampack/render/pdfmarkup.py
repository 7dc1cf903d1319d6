"""Source text as reportlab paragraph markup: escaped, key terms bold, code in monospace."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from ..cloze import Deletion, Segment, parse_cloze
from ..markup import code_pattern, name_parts, spans
from .fonts import MONO, MONO_BOLD

SOFT_HYPHEN = "\u00ad"


def breakable(code: str) -> str:
    """Escaped code that a line may break only after '.', ':' or '/', with a hyphen shown at the break;
    a name (ModelApprovalStatus, --target-value) is never broken inside."""
    return SOFT_HYPHEN.join(escape(part) for part in name_parts(code, humps=False))


def inline(text: str, terms: tuple[str, ...] = (), *, bold: bool = False) -> str:
    """Plain source text as paragraph markup; markup characters are printed, never interpreted."""
    face = MONO_BOLD if bold else MONO
    return "".join(
        f'<font face="{face}">{breakable(s.text)}</font>' if s.code else escape(s.text)
        for s in spans(text, code_pattern(terms))
    )


def _segments_markup(segments: list[Segment], terms: tuple[str, ...]) -> str:
    return "".join(
        f"<b>{inline(s.answer, terms, bold=True)}</b>" if isinstance(s, Deletion) else inline(s, terms)
        for s in segments
    )


def fact_markup(text: str, terms: tuple[str, ...] = ()) -> str:
    """A cloze fact as a sentence with each answer in bold."""
    return _segments_markup(parse_cloze(text), terms)


def gist_markup(gist: str, answers: list[str], terms: tuple[str, ...] = ()) -> str:
    """A fact's gist with the first place it says each answer in bold."""
    taken: list[tuple[int, int]] = []
    for answer in answers:
        pattern = re.compile(r"\s+".join(map(re.escape, answer.split())), re.IGNORECASE)
        match = next((m for m in pattern.finditer(gist)
                      if all(m.end() <= start or m.start() >= end for start, end in taken)), None)
        if match:
            taken.append(match.span())
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(taken):
        if gist[position:start]:
            segments.append(gist[position:start])
        segments.append(Deletion(1, gist[start:end]))
        position = end
    if gist[position:]:
        segments.append(gist[position:])
    return _segments_markup(segments, terms)


def mono(text: str) -> str:
    return f'<font face="{MONO}">{breakable(text)}</font>'
