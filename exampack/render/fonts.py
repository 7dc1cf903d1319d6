"""Embedded TrueType fonts for every PDF: reportlab's Vera family and IBM Plex Mono."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

BODY, BODY_BOLD, BODY_ITALIC, BODY_BOLD_ITALIC = "Body", "Body-Bold", "Body-Italic", "Body-BoldItalic"
MONO, MONO_BOLD = "Mono", "Mono-Bold"

VERA_DIR = Path(reportlab.__file__).parent / "fonts"


def mono_path(name: str) -> Path:
    return Path(str(resources.files("fontpkg_ibm_plex_mono") / "files" / name))


@cache
def register_fonts(body: tuple[str, str, str, str], mono: tuple[str, str]) -> None:
    """Register the body family (regular, bold, italic, bold italic) and the mono pair, once."""
    for name, file in zip((BODY, BODY_BOLD, BODY_ITALIC, BODY_BOLD_ITALIC), body):
        pdfmetrics.registerFont(TTFont(name, str(VERA_DIR / file)))
    for name, file in zip((MONO, MONO_BOLD), mono):
        pdfmetrics.registerFont(TTFont(name, str(mono_path(file))))
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BODY_BOLD)
    addMapping(BODY, 0, 1, BODY_ITALIC)
    addMapping(BODY, 1, 1, BODY_BOLD_ITALIC)
    addMapping(MONO, 0, 0, MONO)
    addMapping(MONO, 1, 0, MONO_BOLD)
    addMapping(MONO, 0, 1, MONO)
    addMapping(MONO, 1, 1, MONO_BOLD)


def register_from_style(style: dict) -> None:
    """Register the fonts a template style names."""
    fonts = style["fonts"]
    body = fonts["body"]
    register_fonts((body["regular"], body["bold"], body["italic"], body["bold_italic"]),
                   (fonts["mono"]["regular"], fonts["mono"]["bold"]))
