"""Cloze markup: {{c1::answer}} deletions inside a fact's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

DELETION = re.compile(r"c([0-9]+)::(.*)", re.DOTALL)


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str


Segment = str | Deletion


def parse_cloze(text: str) -> list[Segment]:
    """Split text into plain strings and deletions; ValueError says what is malformed."""
    segments: list[Segment] = []
    position = 0
    while True:
        start = text.find("{{", position)
        stray_close = text.find("}}", position)
        if stray_close != -1 and (start == -1 or stray_close < start):
            raise ValueError(f"'}}}}' at character {stray_close + 1} closes no '{{{{'")
        if start == -1:
            break
        end = text.find("}}", start + 2)
        nested = text.find("{{", start + 2)
        if end == -1 or (nested != -1 and nested < end):
            raise ValueError(f"'{{{{' at character {start + 1} is not closed by '}}}}'")
        match = DELETION.fullmatch(text[start + 2 : end])
        if not match:
            raise ValueError(f"'{text[start:end + 2]}' is not a deletion; write {{{{c1::answer}}}}")
        number, answer = int(match.group(1)), match.group(2)
        if number == 0:
            raise ValueError("deletions are numbered from c1; c0 is not allowed")
        if not answer.strip():
            raise ValueError(f"deletion c{number} has an empty answer")
        if text[position:start]:
            segments.append(text[position:start])
        segments.append(Deletion(number, answer))
        position = end + 2
    if text[position:]:
        segments.append(text[position:])
    numbers = sorted({s.number for s in segments if isinstance(s, Deletion)})
    if not numbers:
        raise ValueError("no cloze deletion; mark the key term as {{c1::term}}")
    missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
    if missing:
        raise ValueError(
            f"deletions skip c{missing[0]}; number them c1, c2, ... without gaps"
        )
    return segments


def answers(text: str) -> list[str]:
    """The answers of a well-formed cloze text, in order."""
    return [s.answer for s in parse_cloze(text) if isinstance(s, Deletion)]


def plain(text: str) -> str:
    """The sentence with its deletions filled in."""
    return "".join(s.answer if isinstance(s, Deletion) else s for s in parse_cloze(text))
