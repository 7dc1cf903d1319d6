"""Check every command, flag, API name and enum value of a corpus against a model of its tool, offline.

Each program and API the exam declares has one checker: a model built in (the AWS CLI's command
table, botocore's service models) or a pinned reference file in the exam folder. A program with
neither is reported as unverified, never guessed at.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from .cloze import plain
from .errors import Location, Problem, UsageError
from .model import ApiTerm, Command, Corpus, Tool

CAMEL_CASE = re.compile(r"(?<![\w:/.-])[A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+(?![\w:-])")
WORD = r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _suggest(name: str, choices: Any, prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {prefix}{close[0]}?" if close else ""


class ProgramChecker(Protocol):
    """What the verifier asks of a program's model."""

    label: str

    def check(self, command: Command) -> list[Problem]: ...

    def named_in(self, text: str) -> set[str]: ...


class ApiChecker(Protocol):
    """What the verifier asks of an API's model."""

    label: str

    def check(self, term: ApiTerm, counts: Counter[str]) -> list[Problem]: ...

    def names(self, terms: list[ApiTerm]) -> set[str]: ...


@dataclass
class AwsModels:
    """The AWS CLI command table and botocore service models, loaded on first use."""

    @cached_property
    def driver(self) -> Any:
        try:
            from awscli.clidriver import create_clidriver
        except ImportError as error:
            raise UsageError("--verify needs the awscli package for aws commands: run `make test` or "
                             "pip install -r requirements-test.txt") from error
        return create_clidriver()

    @cached_property
    def services(self) -> dict[str, Any]:
        return dict(self.driver._get_command_table())

    def commands(self, service: str) -> dict[str, Any]:
        entry = self.services[service]
        # High-level commands (aws s3 cp) live in the CLI itself; the rest come from botocore's models.
        table = entry.subcommand_table if hasattr(entry, "subcommand_table") else entry._get_command_table()
        return dict(table)

    def flags(self, service: str, command: str) -> set[str]:
        entry = self.commands(service)[command]
        # High-level commands such as aws s3 sync add some arguments (--delete) while building their subcommand
        # table, and their argument table is cached on first read: build the subcommand table first.
        getattr(entry, "subcommand_table", None)
        return {f"--{name}" for name in entry.arg_table}

    @cached_property
    def session(self) -> Any:
        return self.driver.session

    @cached_property
    def api_services(self) -> set[str]:
        """The services botocore has models for."""
        return set(self.session.get_available_services())

    def service_model(self, service: str) -> Any:
        return self.session.get_service_model(service)

    def api_names(self, service: str) -> set[str]:
        """Every operation, shape, member and enum value name of a service."""
        model = self.service_model(service)
        names = set(model.operation_names) | set(model.shape_names)
        for shape_name in model.shape_names:
            shape = model.shape_for(shape_name)
            names |= set(getattr(shape, "members", {}) or {})
            names |= set(getattr(shape, "enum", []) or [])
        return names

    @property
    def version(self) -> str:
        import awscli
        import awscli.botocore
        return f"AWS CLI {awscli.__version__} (botocore models {awscli.botocore.__version__})"


@dataclass
class AwsCli:
    """aws commands, checked against the AWS CLI's own command table: aws <service> <command>."""

    models: AwsModels
    program: str = "aws"

    @property
    def label(self) -> str:
        return self.models.version

    def check(self, command: Command) -> list[Problem]:
        if len(command.words) != 2:
            return [Problem(command.places["command"], f"{command.invocation}: an AWS CLI command is "
                                                       "<service> <command>, two words")]
        service, name = command.words
        services = self.models.services
        if service not in services:
            return [Problem(command.places["command"], f"aws {service}: no such AWS CLI service"
                            + _suggest(service, services))]
        known = self.models.commands(service)
        if name not in known:
            return [Problem(command.places["command"], f"{command.invocation}: no such command"
                            + _suggest(name, known))]
        flags = self.models.flags(service, name)
        return [Problem(flag.where, f"{command.invocation} has no flag {flag.flag}" + _suggest(flag.flag, sorted(flags)))
                for flag in command.flags if flag.flag not in flags]

    def named_in(self, text: str) -> set[str]:
        return {" ".join(match) for match in re.findall(rf"\b({re.escape(self.program)}) ({WORD}) ({WORD})", text)}


@dataclass
class Botocore:
    """AWS API structures, members and enum values, checked against botocore's service models."""

    models: AwsModels

    @property
    def label(self) -> str:
        return self.models.version

    def check(self, term: ApiTerm, counts: Counter[str]) -> list[Problem]:
        models = self.models
        counts["api members"] += 1
        if term.service not in models.api_services:
            return [Problem(term.places["service"], f"no AWS API service {term.service!r}"
                            + _suggest(term.service, sorted(models.api_services)))]
        model = models.service_model(term.service)
        if term.shape in model.operation_names and not term.member:
            return []
        if term.shape not in model.shape_names:
            return [Problem(term.places["shape"], f"{term.service} has no API structure or operation {term.shape}"
                            + _suggest(term.shape, list(model.shape_names) + list(model.operation_names)))]
        if not term.member:
            return []
        members = getattr(model.shape_for(term.shape), "members", {}) or {}
        if term.member not in members:
            return [Problem(term.places["member"], f"{term.shape} has no member {term.member}"
                            + _suggest(term.member, members))]
        return _check_values(term, list(getattr(members[term.member], "enum", []) or []), counts)

    def names(self, terms: list[ApiTerm]) -> set[str]:
        found: set[str] = set()
        for service in sorted({t.service for t in terms} & self.models.api_services):
            found |= self.models.api_names(service)
        return found


def _check_values(term: ApiTerm, allowed: list[str], counts: Counter[str]) -> list[Problem]:
    problems = []
    for value in term.values:
        counts["enum values"] += 1
        if value.value not in allowed:
            problems.append(Problem(value.where, f"{term.name} has no value {value.value!r}"
                                    + _suggest(value.value, allowed)
                                    + ("" if allowed else f" ({term.name} takes free values, not an enum)")))
    return problems


@dataclass
class PinnedReference:
    """A reference file in the exam folder: what it describes, where it is, and what it holds."""

    name: str
    path: str
    data: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.name} {self.data['version']} ({self.path})"


@dataclass
class ProgramReference(PinnedReference):
    """A program's commands and flags as a pinned reference file lists them."""

    @cached_property
    def commands(self) -> dict[str, dict[str, str | None]]:
        """Each command path with its flags (long form -> short alias), global flags included."""
        common = {f["flag"]: f.get("short") for f in self.data.get("global_flags", [])}
        return {c["command"]: {**common, **{f["flag"]: f.get("short") for f in c["flags"]}}
                for c in self.data.get("commands", [])}

    def check(self, command: Command) -> list[Problem]:
        if command.command not in self.commands:
            return [Problem(command.places["command"], f"{command.invocation}: no such command in {self.label}"
                            + _suggest(command.command, self.commands, f"{self.name} "))]
        flags = self.commands[command.command]
        problems = []
        for flag in command.flags:
            if flag.flag not in flags:
                problems.append(Problem(flag.where, f"{command.invocation} has no flag {flag.flag} in {self.label}"
                                        + _suggest(flag.flag, sorted(flags))))
            elif flag.short and flags[flag.flag] != flag.short:
                real = f"is {flags[flag.flag]}" if flags[flag.flag] else "does not exist"
                problems.append(Problem(flag.where, f"{command.invocation}: the short form of {flag.flag} {real}, "
                                                    f"not {flag.short}"))
        return problems

    def named_in(self, text: str) -> set[str]:
        return _longest_commands(self.name, set(self.commands), text)


@dataclass
class Unverified:
    """A program with no model here: its commands are only matched against the corpus's own."""

    program: str
    known: set[str] = field(default_factory=set)
    label: str = "nothing"

    def check(self, command: Command) -> list[Problem]:
        return []

    def named_in(self, text: str) -> set[str]:
        return _longest_commands(self.program, self.known, text)


def _longest_commands(program: str, paths: set[str], text: str) -> set[str]:
    """The commands of a program the text names: at each mention, the longest known command path."""
    found = set()
    for match in re.finditer(rf"(?<![\w-]){re.escape(program)}((?: {WORD})*)", text):
        words = match.group(1).split()
        for length in range(len(words), -1, -1):
            if " ".join(words[:length]) in paths:
                found.add(" ".join([program, *words[:length]]))
                break
    return found


@dataclass
class ApiReference(PinnedReference):
    """An API's groups, types, fields and enum values as a pinned reference file lists them."""

    @cached_property
    def types(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        """(group, type) -> field -> enum values."""
        return {(g["group"], t["type"]): {f["field"]: f.get("values", []) for f in t.get("fields", [])}
                for g in self.data.get("groups", []) for t in g["types"]}

    def check(self, term: ApiTerm, counts: Counter[str]) -> list[Problem]:
        counts["api members"] += 1
        groups = {group for group, _ in self.types}
        if term.service not in groups:
            return [Problem(term.places["service"], f"{self.label} has no group {term.service!r}"
                            + _suggest(term.service, sorted(groups)))]
        kinds = [kind for group, kind in self.types if group == term.service]
        if term.shape not in kinds:
            return [Problem(term.places["shape"], f"{term.service} has no type {term.shape} in {self.label}"
                            + _suggest(term.shape, kinds))]
        fields = self.types[(term.service, term.shape)]
        if not term.member:
            return []
        if term.member not in fields:
            return [Problem(term.places["member"], f"{term.shape} has no field {term.member} in {self.label}"
                            + _suggest(term.member, fields))]
        return _check_values(term, fields[term.member], counts)

    def names(self, terms: list[ApiTerm]) -> set[str]:
        found = {kind for _, kind in self.types}
        for fields in self.types.values():
            for name, values in fields.items():
                found |= {name, name.rsplit(".", 1)[-1], *values}
        return found


def program_checker(tool: Tool, corpus: Corpus, models: AwsModels) -> ProgramChecker:
    """The model a program's commands are checked against."""
    if tool.verify == "aws-cli":
        return AwsCli(models, tool.name)
    if tool.reference:
        return ProgramReference(tool.name, tool.reference, corpus.tool_references[f"program:{tool.name}"])
    return Unverified(tool.name, {c.command for c in corpus.commands if c.program == tool.name})


def api_checker(tool: Tool, corpus: Corpus, models: AwsModels) -> ApiChecker | None:
    """The model an API's terms are checked against, or None when there is none."""
    if tool.verify == "botocore":
        return Botocore(models)
    if tool.reference:
        return ApiReference(tool.name, tool.reference, corpus.tool_references[f"api:{tool.name}"])
    return None


@dataclass(frozen=True)
class Verification:
    """What --verify found for one exam: problems, and what was checked against what."""

    problems: list[Problem]
    checked: list[str]
    unverified: list[str]


def verify(corpus: Corpus, models: AwsModels) -> Verification:
    """Check every command, flag and API term against its tool's model, and the tool names in fact texts."""
    problems: list[Problem] = []
    checked, unverified = [], []
    programs = {tool.name: program_checker(tool, corpus, models) for tool in corpus.exam.programs}
    for name, checker in programs.items():
        commands = [c for c in corpus.commands if c.program == name]
        flags = sum(len(c.flags) for c in commands)
        figures = f"{_count(len(commands), name + ' command')}, {_count(flags, 'flag')}"
        if isinstance(checker, Unverified):
            unverified.append(f"{figures} (no reference for {name} is pinned)")
            continue
        for command in commands:
            problems += checker.check(command)
        checked.append(f"{figures} against {checker.label}")
    api_names: set[str] = set()
    for tool in corpus.exam.apis:
        terms = [t for t in corpus.api if t.api == tool.name]
        api = api_checker(tool, corpus, models)
        if api is None:
            unverified.append(f"{_count(len(terms), tool.name + ' API term')} (no reference for {tool.name} is pinned)")
            continue
        counts: Counter[str] = Counter()
        for term in terms:
            problems += api.check(term, counts)
        api_names |= api.names(terms)
        checked.append(f"{_count(counts['api members'], tool.name + ' API member')}, "
                       f"{_count(counts['enum values'], 'enum value')} against {api.label}")
    problems += _verify_prose(corpus, programs, api_names)
    return Verification(problems, checked, unverified)


def _verify_prose(corpus: Corpus, programs: dict[str, ProgramChecker], api_names: set[str]) -> list[Problem]:
    """Commands and API names mentioned in fact texts must come from the entries the fact refs."""
    commands = {c.id: c for c in corpus.commands}
    problems = []
    for fact in corpus.facts:
        where: Location = fact.places["text"]
        text = plain(fact.text)
        invocations = {commands[r].invocation for r in fact.refs if r in commands}
        for checker in programs.values():
            for named in sorted(checker.named_in(text) - invocations):
                if named.count(" "):
                    problems.append(Problem(where, f"fact {fact.id}: {named} is named but not in refs; "
                                            "add its commands.yaml entry to refs"))
        terms = set(corpus.code_terms(fact.refs))
        for word in sorted(set(CAMEL_CASE.findall(text))):
            if word in api_names and word not in terms and word not in corpus.plain_names:
                problems.append(Problem(where, f"fact {fact.id}: API name {word} is not in refs; "
                                        "add the api.yaml entry that names it"))
    return problems
