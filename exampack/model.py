"""The corpus as frozen dataclasses: what every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import Location


@dataclass(frozen=True)
class Task:
    id: str
    text: str


@dataclass(frozen=True)
class Domain:
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
class Exam:
    id: str
    code: str
    title: str
    deck: str
    duration_minutes: int
    total_questions: int
    scored_questions: int
    unscored_questions: int
    score_min: int
    score_max: int
    score_pass: int
    score_model: str
    domains: tuple[Domain, ...]
    question_types: tuple[tuple[str, str], ...]
    references: dict[str, str]
    tables: tuple[Table, ...]

    def domain(self, domain_id: str) -> Domain:
        """The domain with this id."""
        return next(d for d in self.domains if d.id == domain_id)


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


@dataclass(frozen=True)
class Flag:
    flag: str
    does: str
    domain: str | None
    task: str | None
    where: Location = field(compare=False)


@dataclass(frozen=True)
class Command:
    id: str
    domain: str
    task: str | None
    service: str
    command: str
    purpose: str
    example: str
    source: str
    flags: tuple[Flag, ...]
    where: Location = field(compare=False)
    places: dict[str, Location] = field(default_factory=dict, compare=False)

    @property
    def invocation(self) -> str:
        """The command as typed: aws service command."""
        return f"aws {self.service} {self.command}"


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

    def api_of(self, domain_id: str) -> tuple[ApiTerm, ...]:
        return tuple(a for a in self.api if a.domain == domain_id)

    def code_terms(self, refs: tuple[str, ...]) -> tuple[str, ...]:
        """The API names (shape, member, enum values) of the referenced entries, set as code."""
        terms: list[str] = []
        for term in self.api:
            if term.id in refs:
                terms += [term.shape, *([term.member] if term.member else []), *(v.value for v in term.values)]
        return tuple(terms)
