"""Source text as reportlab paragraph markup: escaped, key terms bold, code in monospace."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..cloze import Deletion, parse_cloze
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


def fact_markup(text: str, terms: tuple[str, ...] = ()) -> str:
    """A cloze fact as a sentence with each answer in bold."""
    return "".join(
        f"<b>{inline(s.answer, terms, bold=True)}</b>" if isinstance(s, Deletion) else inline(s, terms)
        for s in parse_cloze(text)
    )


def mono(text: str) -> str:
    return f'<font face="{MONO}">{breakable(text)}</font>'
