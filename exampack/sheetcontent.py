"""What each cheat sheet shows, chosen without drawing anything."""

from __future__ import annotations

from .cloze import answers
from .model import Corpus, Domain, Exam, Fact


def format_rows(exam: Exam) -> list[tuple[str, str]]:
    """The overview sheet's format table: what the exam is like, as exam.yaml states it."""
    if exam.unscored_questions:
        which = "identified" if exam.unscored_marked else "not identified"
        questions = f"{exam.total_questions}: {exam.scored_questions} scored, {exam.unscored_questions} unscored ({which})"
    else:
        questions = f"{exam.total_questions}, all scored"
    only_total = ": only the total counts" if exam.score_model == "compensatory" else ""
    guessing = "wrong answers cost marks" if exam.guessing_penalty else "no penalty for guessing"
    return [
        ("Duration", f"{exam.duration_minutes} minutes (~{exam.duration_minutes / exam.total_questions:.0f} min a question)"),
        ("Questions", questions),
        ("Score", f"scaled {exam.score_min}–{exam.score_max:,}; pass at {exam.score_pass}" if exam.scaled
         else f"percent correct; pass at {exam.score_pass}%"),
        ("Scoring", f"{exam.score_model}{only_total}; {guessing}"),
        ("Issued by", exam.issuer),
    ]


def question_type_lines(exam: Exam) -> list[tuple[str, str]]:
    """Each question type the exam uses, with its rule."""
    return [(t.type.replace("-", " ").capitalize(), t.rule) for t in exam.question_types]


def overview_text(exam: Exam) -> str:
    """Everything the overview sheet prints about the exam's format, lower case, for finding repeats."""
    parts = [f"{a} {b}" for a, b in format_rows(exam) + question_type_lines(exam)]
    parts += [f"{d.name} {d.short} {d.weight}% {d.weight}" for d in exam.domains]
    return " ".join(" ".join(parts).split()).casefold()


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
    tables or reference sections; for the overview, every exam tip and the exam's own facts that its format,
    domain and question-type sections do not already say."""
    if domain is None:
        printed = overview_text(corpus.exam)
        return [f for f in corpus.facts if f.tip and f.domain != "overview"] + [
            f for f in corpus.facts if f.domain == "overview" and f.sheet and
            (f.tip or not all(" ".join(a.split()).casefold() in printed for a in answers(f.text)))]
    listed = reference_names(corpus, domain)
    tabled = corpus.tabled_facts(domain.id)
    return [f for f in corpus.facts_of(domain.id) if f.sheet and f.id not in tabled
            and not all(a in listed for a in answers(f.text))]


def sheet_inputs(corpus: Corpus, domain: Domain | None) -> list[object]:
    """Everything a sheet's content comes from, for its fingerprint."""
    if domain is None:
        facts = [f for f in corpus.facts if f.tip or f.domain == "overview"]
        return [corpus.exam, facts, [corpus.code_terms(f.refs) for f in facts]]
    cited = corpus.tabled_facts(domain.id)
    facts = [f for f in corpus.facts if f.domain == domain.id or f.id in cited]
    return [corpus.exam, facts, corpus.tables_of(domain.id), corpus.commands_of(domain.id), corpus.api_of(domain.id),
            [corpus.code_terms(f.refs) for f in facts]]


def sheet_name(domain: Domain | None) -> str:
    return f"d{domain.number}-{domain.slug}" if domain else "overview"
