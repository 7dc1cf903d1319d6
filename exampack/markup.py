"""Split source text into prose and code: commands, flags and API names set in monospace."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

CODE_PATTERNS = (
    r"aws [a-z0-9-]+ [a-z0-9-]+",
    r"(?<![\w-])--[a-z0-9][a-z0-9-]*",
    r"s3://[^\s,;)]+",
    r"arn:aws:[^\s,;)]+",
)


@dataclass(frozen=True)
class Span:
    text: str
    code: bool


@cache
def code_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for code in prose: CLI syntax plus the given API terms as whole words."""
    words = sorted(set(terms), key=len, reverse=True)
    literal = [rf"(?<![\w:.-]){re.escape(w)}(?![\w:-])" for w in words]
    return re.compile("|".join(list(CODE_PATTERNS) + literal))


def spans(text: str, pattern: re.Pattern[str]) -> list[Span]:
    """text split into prose and code spans, in order."""
    result: list[Span] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            result.append(Span(text[position:match.start()], False))
        result.append(Span(match.group(0), True))
        position = match.end()
    if position < len(text):
        result.append(Span(text[position:], False))
    return result
