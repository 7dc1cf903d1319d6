"""Split source text into prose and code: commands, flags and API names set in monospace."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

CODE_PATTERNS = (
    r"(?<![\w-])--[a-z0-9][a-z0-9-]*",
    r"\b[a-z][a-z0-9+.-]*://[^\s,;)]+",
    r"\barn:[a-z-]+:[^\s,;)]+",
)


@dataclass(frozen=True)
class Span:
    text: str
    code: bool


AFTER_SEPARATOR = r"(?<=[.:/])(?=[^\s.:/])"
BETWEEN_HUMPS = r"(?<=[a-z0-9])(?=[A-Z])"


def name_parts(code: str, *, humps: bool) -> list[str]:
    """Code cut where a line may break: after '.', ':' or '/', and between camel-case humps when asked;
    a --flag is never cut."""
    if code.startswith("-"):
        return [code]
    return re.split(f"{AFTER_SEPARATOR}|{BETWEEN_HUMPS}" if humps else AFTER_SEPARATOR, code)


@dataclass(frozen=True)
class CodePattern:
    """Patterns for code in prose, and substrings of which every match holds one (a cheap first test)."""

    regexes: tuple[re.Pattern[str], ...]
    triggers: tuple[str, ...]


@cache
def code_pattern(terms: tuple[str, ...]) -> CodePattern:
    """Patterns for code in prose: flags, URIs and ARNs, plus the given terms as whole words.

    A term with spaces is a command as typed (kubectl rollout undo): its program followed by any
    of that program's command words, or by hyphenated words (aws s3 head-object), is code too.
    """
    commands = tuple(sorted(t for t in terms if " " in t))
    words = tuple(sorted({t for t in terms if " " not in t}))
    return CodePattern((_command_regex(commands), _word_regex(words)),
                       ("--", "://", "arn:", *{f"{c.split(' ')[0]} " for c in commands}, *words))


@cache
def _command_regex(commands: tuple[str, ...]) -> re.Pattern[str]:
    """Flags, URIs, ARNs and commands: one exam's commands are the same for every text, so this compiles once."""
    vocabulary: dict[str, set[str]] = {}
    for command in commands:
        program, *words = command.split(" ")
        vocabulary.setdefault(program, set()).update(words)
    typed = [rf"(?<![\w:.-]){re.escape(program)}(?: (?:{'|'.join(_longest_first(words))}"
             rf"|[a-z0-9]+(?:-[a-z0-9]+)+)(?![\w:-]))+" for program, words in sorted(vocabulary.items())]
    return re.compile("|".join([*CODE_PATTERNS, *typed]))


@cache
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """The given names as whole words; a pattern that never matches when there are none."""
    return re.compile("|".join(rf"(?<![\w:.-]){w}(?![\w:-])" for w in _longest_first(set(words))) or r"(?!)")


def _longest_first(words: set[str]) -> list[str]:
    return [re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))]


def spans(text: str, pattern: CodePattern) -> list[Span]:
    """text split into prose and code spans, in order. Where matches of the patterns overlap, the one that
    starts first wins, and at the same start the earlier pattern: as if they were one alternation."""
    if not any(trigger in text for trigger in pattern.triggers):
        return [Span(text, False)] if text else []
    result: list[Span] = []
    position = 0
    while True:
        found = [m for m in (regex.search(text, position) for regex in pattern.regexes) if m]
        if not found:
            break
        match = min(found, key=lambda m: m.start())
        if match.start() > position:
            result.append(Span(text[position:match.start()], False))
        result.append(Span(match.group(0), True))
        position = match.end()
    if position < len(text):
        result.append(Span(text[position:], False))
    return result
