"""Errors the pipeline raises; only the command line prints them or exits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: path as shown to the user, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the sources, at one place."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


class ExampackError(Exception):
    """Base of every error the pipeline raises on purpose."""


class SourceErrors(ExampackError):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailure(ExampackError):
    """A build step failed for a reason the user can fix (e.g. a cheat sheet overflows)."""


class UsageError(ExampackError):
    """The command line asked for something that cannot be done."""
