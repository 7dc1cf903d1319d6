"""What each cheat sheet shows, chosen without drawing anything."""

from __future__ import annotations

from .cloze import answers
from .model import Corpus, Domain, Fact


def reference_names(corpus: Corpus, domain: Domain) -> set[str]:
    """Commands, flags and API names the sheet's reference sections print."""
    names: set[str] = set()
    for command in corpus.commands_of(domain.id):
        names |= {command.invocation, command.command, *command.words[-1:]} | {f.flag for f in command.flags}
    for term in corpus.api_of(domain.id):
        names |= {term.shape, term.name, *([term.member] if term.member else []), *(v.value for v in term.values)}
    return names


def sheet_facts(corpus: Corpus, domain: Domain | None) -> list[Fact]:
    """The facts a sheet lists: a domain's facts not left off and not already printed in its
    reference sections; for the overview, the exam's own facts and every exam tip."""
    if domain is None:
        return [f for f in corpus.facts if f.tip and f.domain != "overview"] + [
            f for f in corpus.facts if f.domain == "overview" and f.sheet]
    listed = reference_names(corpus, domain)
    return [f for f in corpus.facts_of(domain.id) if f.sheet and not all(a in listed for a in answers(f.text))]


def sheet_inputs(corpus: Corpus, domain: Domain | None) -> list[object]:
    """Everything a sheet's content comes from, for its fingerprint."""
    if domain is None:
        facts = [f for f in corpus.facts if f.tip or f.domain == "overview"]
        return [corpus.exam, facts, [corpus.code_terms(f.refs) for f in facts]]
    facts = list(corpus.facts_of(domain.id))
    return [corpus.exam, facts, corpus.commands_of(domain.id), corpus.api_of(domain.id),
            [corpus.code_terms(f.refs) for f in facts]]


def sheet_name(domain: Domain | None) -> str:
    return f"d{domain.number}-{domain.slug}" if domain else "overview"
