"""Access to the files under templates/: card HTML and CSS, sheet and booklet styles."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@cache
def template_text(name: str) -> str:
    """The text of templates/<name>."""
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")


@cache
def template_style(name: str) -> dict[str, Any]:
    """A YAML style file from templates/, as a mapping."""
    return yaml.safe_load(template_text(name))
