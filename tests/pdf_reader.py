"""Helpers that read built PDFs back, the way a viewer or printer would."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pypdf import PdfReader


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses, and whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            embedded = any(
                d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def text(path: Path, columns: int = 1, margin: float = 0.0, gutter: float = 0.0) -> str:
    """The text of every page, read column by column when the page is set in columns."""
    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if columns == 1:
                parts.append(page.extract_text() or "")
                continue
            width = (float(page.width) - 2 * margin - (columns - 1) * gutter) / columns
            for index in range(columns):
                left = margin + index * (width + gutter) - gutter / 2
                box = (max(0, left), 0, min(float(page.width), left + width + gutter), float(page.height))
                parts.append(page.crop(box).extract_text() or "")
    return "\n".join(parts)


def set_columns(path: Path, most: int, margin: float, gutter: float, header: float = 40, footer: float = 12) -> int:
    """How many columns the first page's body is set in: the most, up to `most`, whose gutters no
    character falls in (the header and footer bands span the page and are left out)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        width, height = float(page.width), float(page.height)
        body = [c for c in page.chars if c["text"].strip() and margin + header < c["top"] < height - margin - footer]
    for columns in range(most, 1, -1):
        column = (width - 2 * margin - (columns - 1) * gutter) / columns
        gutters = [(margin + i * (column + gutter) - gutter, margin + i * (column + gutter)) for i in range(1, columns)]
        if not any(left < (c["x0"] + c["x1"]) / 2 < right for c in body for left, right in gutters):
            return columns
    return 1


def smallest_text_size(path: Path) -> float:
    with pdfplumber.open(path) as pdf:
        return min(char["size"] for page in pdf.pages for char in page.chars if char["text"].strip())


def squeezed(value: str) -> str:
    """Text without any whitespace, to compare across line breaks."""
    return "".join(value.split())
