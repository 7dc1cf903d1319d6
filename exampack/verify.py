"""Check every command, flag, API name and enum value of a corpus against the AWS CLI's own models, offline."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .cloze import plain
from .errors import Location, Problem, UsageError
from .model import ApiTerm, Corpus

INVOCATION_IN_TEXT = re.compile(r"\baws ([a-z0-9-]+) ([a-z0-9-]+)")
CAMEL_CASE = re.compile(r"(?<![\w:/.-])[A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+(?![\w:-])")


def _suggest(name: str, choices: Any, prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {prefix}{close[0]}?" if close else ""


@dataclass
class AwsModels:
    """The AWS CLI command table and botocore service models, loaded on first use."""

    @cached_property
    def driver(self) -> Any:
        try:
            from awscli.clidriver import create_clidriver
        except ImportError as error:
            raise UsageError("--verify needs the awscli package: run `make test` or "
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
        return {f"--{name}" for name in self.commands(service)[command].arg_table}

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


def verify(corpus: Corpus, models: AwsModels) -> tuple[list[Problem], dict[str, int]]:
    """Every problem found, and how many commands, flags, API members and enum values were checked."""
    problems: list[Problem] = []
    counts = {"commands": 0, "flags": 0, "api members": 0, "enum values": 0}
    services = models.services
    for command in corpus.commands:
        counts["commands"] += 1
        if command.service not in services:
            problems.append(Problem(command.places["service"], f"aws {command.service}: no such AWS CLI service"
                                    + _suggest(command.service, services)))
            continue
        known = models.commands(command.service)
        if command.command not in known:
            problems.append(Problem(command.places["command"], f"{command.invocation}: no such command"
                                    + _suggest(command.command, known)))
            continue
        flags = models.flags(command.service, command.command)
        for flag in command.flags:
            counts["flags"] += 1
            if flag.flag not in flags:
                problems.append(Problem(flag.where, f"{command.invocation} has no flag {flag.flag}"
                                        + _suggest(flag.flag, sorted(flags))))
    checked_services: set[str] = set()
    for term in corpus.api:
        problems += _verify_term(term, models, counts)
        checked_services.add(term.service)
    problems += _verify_prose(corpus, models, checked_services | {c.service for c in corpus.commands})
    return problems, counts


def _verify_term(term: ApiTerm, models: AwsModels, counts: dict[str, int]) -> list[Problem]:
    if term.service not in models.api_services:
        return [Problem(term.places["service"], f"no AWS API service {term.service!r}"
                        + _suggest(term.service, sorted(models.api_services)))]
    model = models.service_model(term.service)
    if term.shape in model.operation_names and not term.member:
        counts["api members"] += 1
        return []
    if term.shape not in model.shape_names:
        return [Problem(term.places["shape"], f"{term.service} has no API structure or operation {term.shape}"
                        + _suggest(term.shape, list(model.shape_names) + list(model.operation_names)))]
    shape = model.shape_for(term.shape)
    if not term.member:
        counts["api members"] += 1
        return []
    members = getattr(shape, "members", {}) or {}
    counts["api members"] += 1
    if term.member not in members:
        return [Problem(term.places["member"], f"{term.shape} has no member {term.member}"
                        + _suggest(term.member, members))]
    allowed = list(getattr(members[term.member], "enum", []) or [])
    problems = []
    for value in term.values:
        counts["enum values"] += 1
        if value.value not in allowed:
            problems.append(Problem(value.where, f"{term.name} has no value {value.value!r}"
                                    + _suggest(value.value, allowed)
                                    + ("" if allowed else f" ({term.name} takes free values, not an enum)")))
    return problems


def _verify_prose(corpus: Corpus, models: AwsModels, services: set[str]) -> list[Problem]:
    """Commands and API names mentioned in fact texts must come from the entries the fact refs."""
    api_names: set[str] = set()
    for service in sorted(services & models.api_services):
        api_names |= models.api_names(service)
    commands = {c.id: c for c in corpus.commands}
    problems = []
    for fact in corpus.facts:
        where: Location = fact.places["text"]
        text = plain(fact.text)
        invocations = {commands[r].invocation for r in fact.refs if r in commands}
        for service, command in INVOCATION_IN_TEXT.findall(text):
            if f"aws {service} {command}" not in invocations:
                problems.append(Problem(where, f"fact {fact.id}: aws {service} {command} is named but not in refs; "
                                        "add its commands.yaml entry to refs"))
        terms = set(corpus.code_terms(fact.refs))
        for word in sorted(set(CAMEL_CASE.findall(text))):
            if word in api_names and word not in terms and word not in corpus.plain_names:
                problems.append(Problem(where, f"fact {fact.id}: API name {word} is not in refs; "
                                        "add the api.yaml entry that names it"))
    return problems
