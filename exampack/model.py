"""The corpus as frozen dataclasses: what every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .errors import Location


@dataclass(frozen=True)
class Task:
    id: str
    text: str


@dataclass(frozen=True)
class Domain:
    """A content domain; its number is its place in exam.yaml, from 1."""

    id: str
    number: int
    name: str
    short: str
    slug: str
    weight: int
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SheetTable:
    """A comparison table on a domain's cheat sheet, under one task statement; its cells as printed,
    each {fact-id} already replaced by that fact's answers."""

    id: str
    domain: str
    task: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    facts: tuple[str, ...]
    where: Location = field(compare=False)


@dataclass(frozen=True)
class QuestionType:
    """A question type the exam uses, its rule as published and how many options it offers."""

    type: str
    rule: str
    min_options: int = 0
    max_options: int = 0
    select: bool = False


@dataclass(frozen=True)
class Tool:
    """A program or API the corpus teaches, and how --verify checks it: a built-in model or a reference file."""

    name: str
    verify: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class Exam:
    id: str
    code: str
    title: str
    issuer: str
    deck: str
    duration_minutes: int
    total_questions: int
    scored_questions: int
    unscored_questions: int
    unscored_marked: bool
    default_forms: int
    score_scale: str
    score_min: int
    score_max: int
    score_pass: int
    score_model: str
    guessing_penalty: bool
    score_note: str
    domains: tuple[Domain, ...]
    question_types: tuple[QuestionType, ...]
    references: dict[str, str]
    tables: tuple[Table, ...]
    programs: tuple[Tool, ...] = ()
    apis: tuple[Tool, ...] = ()
    version: str = ""

    @property
    def scaled(self) -> bool:
        return self.score_scale == "scaled"

    def question_type(self, name: str) -> QuestionType | None:
        """The rules of a question type, if the exam uses it."""
        return next((t for t in self.question_types if t.type == name), None)

    def domain(self, domain_id: str) -> Domain:
        """The domain with this id."""
        return next(d for d in self.domains if d.id == domain_id)


@dataclass(frozen=True)
class SyllabusItem:
    """One item of the official content outline, such as 1.1-k3, under its task statement."""

    id: str
    task: str
    text: str
    where: Location = field(compare=False)


@dataclass(frozen=True)
class Service:
    """An in-scope service: at least one fact must list it."""

    id: str
    name: str
    where: Location = field(compare=False)


@dataclass(frozen=True)
class Syllabus:
    items: tuple[SyllabusItem, ...]
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Fact:
    id: str
    domain: str
    task: str | None
    text: str
    extra: str
    source: str
    services: tuple[str, ...]
    refs: tuple[str, ...]
    sheet: bool
    tip: bool
    where: Location = field(compare=False)
    places: dict[str, Location] = field(default_factory=dict, compare=False)
    replaces: tuple[str, ...] = ()
    gist: str = ""
    syllabus: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flag:
    flag: str
    does: str
    domain: str | None
    task: str | None
    where: Location = field(compare=False)
    short: str | None = None
    value: str | None = None
    example: str | None = None

    @property
    def usage(self) -> str:
        """The flag as a help page shows it: -n, --namespace NAMESPACE."""
        names = f"{self.short}, {self.flag}" if self.short else self.flag
        return f"{names} {self.value}" if self.value else names


@dataclass(frozen=True)
class Command:
    id: str
    domain: str
    task: str | None
    program: str
    command: str
    purpose: str
    example: str
    source: str
    flags: tuple[Flag, ...]
    where: Location = field(compare=False)
    places: dict[str, Location] = field(default_factory=dict, compare=False)
    arguments: tuple[str, ...] = ()
    services: tuple[str, ...] = ()

    @property
    def invocation(self) -> str:
        """The command as typed: the program and its command words (aws s3 cp, kubectl rollout undo)."""
        return f"{self.program} {self.command}".strip()

    @property
    def words(self) -> tuple[str, ...]:
        """The command words after the program."""
        return tuple(self.command.split())


@dataclass(frozen=True)
class EnumValue:
    value: str
    means: str
    where: Location = field(compare=False)


@dataclass(frozen=True)
class ApiTerm:
    id: str
    domain: str
    task: str | None
    api: str
    service: str
    shape: str
    member: str | None
    values: tuple[EnumValue, ...]
    meaning: str
    source: str
    where: Location = field(compare=False)
    places: dict[str, Location] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        """Shape.Member, or the shape alone."""
        return f"{self.shape}.{self.member}" if self.member else self.shape


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Pair:
    prompt: str
    match: str


@dataclass(frozen=True)
class Question:
    """One scored item. Case-study parts are questions that carry their case."""

    id: str
    type: str
    domain: str
    task: str
    stem: str
    options: tuple[Option, ...]
    steps: tuple[str, ...]
    pairs: tuple[Pair, ...]
    explanation: str
    facts: tuple[str, ...]
    case: str | None
    scenario: str
    where: Location = field(compare=False)
    setup: str = ""
    checks: tuple[str, ...] = ()
    solution: str = ""
    syllabus: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    """One exam's validated sources."""

    exam: Exam
    facts: tuple[Fact, ...]
    commands: tuple[Command, ...]
    api: tuple[ApiTerm, ...]
    questions: tuple[Question, ...]
    folder: str
    files: tuple[str, ...]
    plain_names: frozenset[str] = frozenset()
    tool_references: dict[str, Any] = field(default_factory=dict, compare=False)
    syllabus: Syllabus | None = None
    sheet_tables: tuple[SheetTable, ...] = ()

    def facts_of(self, domain_id: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.domain == domain_id)

    def commands_of(self, domain_id: str) -> tuple[Command, ...]:
        """The commands studied in a domain, each with only the flags studied there."""
        found = []
        for command in self.commands:
            flags = tuple(f for f in command.flags if (f.domain or command.domain) == domain_id)
            if command.domain == domain_id or flags:
                found.append(replace(command, flags=flags))
        return tuple(found)

    def tables_of(self, domain_id: str) -> tuple[SheetTable, ...]:
        return tuple(t for t in self.sheet_tables if t.domain == domain_id)

    def tabled_facts(self, domain_id: str) -> set[str]:
        """The ids of the facts a domain's sheet tables cite."""
        return {fact for table in self.tables_of(domain_id) for fact in table.facts}

    def api_of(self, domain_id: str) -> tuple[ApiTerm, ...]:
        return tuple(a for a in self.api if a.domain == domain_id)

    def deck_names(self) -> dict[str, str]:
        """The Anki deck of each domain id, overview facts in the parent deck's own overview subdeck."""
        names = {d.id: f"{self.exam.deck}::{d.number} {d.short}" for d in self.exam.domains}
        names["overview"] = f"{self.exam.deck}::0 Exam Overview"
        return names

    @cached_property
    def command_terms(self) -> tuple[str, ...]:
        """Every command as typed (kubectl rollout undo), set as code wherever the text names it."""
        return tuple(sorted({c.invocation for c in self.commands if c.command}))

    def code_terms(self, refs: tuple[str, ...]) -> tuple[str, ...]:
        """The commands, and the API names (shape, member, enum values) of the referenced entries, set as code."""
        terms: list[str] = list(self.command_terms)
        for term in self.api:
            if term.id in refs:
                terms += [term.shape, *([term.member] if term.member else []), *(v.value for v in term.values)]
        return tuple(terms)
