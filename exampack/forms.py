"""Mock-exam forms: questions drawn on the exam's blueprint, options shuffled, all from a seed."""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass

from .errors import BuildFailure
from .model import Corpus, Exam, Option, Question

LETTERS = string.ascii_uppercase
Unit = tuple[Question, ...]


@dataclass(frozen=True)
class FormItem:
    """One question as it stands on a form: its number and its shuffled choices."""

    number: int
    question: Question
    options: tuple[Option, ...] = ()
    steps: tuple[str, ...] = ()
    responses: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The correct answer in the form's letters: "B", "A, D", "C B A" or "1-B 2-A 3-C"."""
        q = self.question
        if self.options:
            return ", ".join(LETTERS[i] for i, o in enumerate(self.options) if o.correct)
        if self.steps:
            return " ".join(LETTERS[self.steps.index(step)] for step in q.steps)
        if not q.pairs:
            return "see the model solution"
        return " ".join(f"{n}-{LETTERS[self.responses.index(p.match)]}" for n, p in enumerate(q.pairs, 1))


@dataclass(frozen=True)
class Form:
    name: str
    seed: int
    items: tuple[FormItem, ...]

    @property
    def letter(self) -> str:
        return self.name[-1].upper()

    def by_domain(self) -> dict[str, int]:
        return dict(sorted(Counter(i.question.domain for i in self.items).items()))

    def by_type(self) -> dict[str, int]:
        """Questions per type; a case study's questions count as case-study."""
        kinds = Counter("case-study" if i.question.case else i.question.type for i in self.items)
        return dict(sorted(kinds.items()))


def blueprint(exam: Exam) -> dict[str, int]:
    """Questions per domain on a full form: largest remainder of the weights."""
    total = exam.total_questions
    weight_sum = sum(d.weight for d in exam.domains)
    exact = {d.id: total * d.weight / weight_sum for d in exam.domains}
    counts = {k: int(v) for k, v in exact.items()}
    by_remainder = sorted(exact, key=lambda k: (-(exact[k] - counts[k]), k))
    for domain in by_remainder[: total - sum(counts.values())]:
        counts[domain] += 1
    return counts


def _units(questions: tuple[Question, ...]) -> list[Unit]:
    """Questions grouped into the units a form takes whole: a case study's parts stay together."""
    units: dict[str, list[Question]] = {}
    for question in questions:
        units.setdefault(question.case or question.id, []).append(question)
    return [tuple(u) for u in units.values()]


def _pick(units: list[Unit], needed: int, count: int, rng: random.Random,
          cases_on: list[int]) -> list[list[Unit]] | None:
    """`count` disjoint selections of the (already shuffled) units, each exactly `needed` questions, or None.

    Each case study goes to the form with the fewest case studies so far (`cases_on`, counted across
    domains and updated here) and stays off the forms only where no form has room for it.
    """
    cases = [u for u in units if len(u) > 1]
    standalone = [u for u in units if len(u) == 1]
    cases_from = [sum(len(c) for c in cases[index:]) for index in range(len(cases) + 1)]
    placement: list[int | None] = [None] * len(cases)
    dead_ends: set[tuple[int, tuple[int, ...]]] = set()

    def place(index: int, room: list[int]) -> bool:
        """Whether cases[index:] can go on the forms (or stay out) so standalone questions top up the rest."""
        if sum(room) > len(standalone) + cases_from[index]:
            return False
        if index == len(cases):
            return True
        state = (index, tuple(sorted(room)))
        if state in dead_ends:
            return False
        size = len(cases[index])
        fitting = sorted((form for form in range(count) if room[form] >= size),
                         key=lambda form: (cases_on[form], rng.random()))
        choices: list[int | None] = [*fitting, None]
        for form in choices:
            placement[index] = form
            if form is not None:
                room[form] -= size
                cases_on[form] += 1
            fits = place(index + 1, room)
            if fits:
                return True
            if form is not None:
                room[form] += size
                cases_on[form] -= 1
        dead_ends.add(state)
        return False

    if not place(0, [needed] * count):
        return None
    selections: list[list[Unit]] = [[] for _ in range(count)]
    for case, form in zip(cases, placement):
        if form is not None:
            selections[form].append(case)
    fillers = iter(standalone)
    for selection in selections:
        selection += [next(fillers) for _ in range(needed - sum(len(u) for u in selection))]
    return selections


def assemble_forms(corpus: Corpus, count: int, seed: int) -> list[Form]:
    """`count` forms on the blueprint, sharing no question; BuildFailure if the bank cannot fill them."""
    plan = blueprint(corpus.exam)
    rng = random.Random(f"{corpus.exam.id}:{seed}")
    pools = {d: _units(tuple(q for q in corpus.questions if q.domain == d)) for d in plan}
    for domain, needed in plan.items():
        available = sum(len(u) for u in pools[domain])
        if available < needed * count:
            raise BuildFailure(
                f"{corpus.exam.id}: the question bank cannot fill {count} forms that share no question: domain {domain} has "
                f"{available} questions and {count} forms need {needed * count}; add questions or use --forms "
                f"{max(available // needed, 1)}")
        rng.shuffle(pools[domain])
    picks: dict[str, list[list[Unit]]] = {}
    cases_on = [0] * count
    for domain, needed in plan.items():
        picked = _pick(pools[domain], needed, count, rng, cases_on)
        if picked is None:
            raise BuildFailure(f"{corpus.exam.id}: {_unsplittable(domain, pools[domain], needed, count)}")
        picks[domain] = picked
    forms = []
    for index in range(count):
        units = [unit for domain in plan for unit in picks[domain][index]]
        rng.shuffle(units)
        questions = [q for unit in units for q in unit]
        items = tuple(_shuffled(number, q, rng) for number, q in enumerate(questions, 1))
        forms.append(Form(f"form-{LETTERS[index].lower()}", seed, items))
    return forms


def _unsplittable(domain: str, units: list[Unit], needed: int, count: int) -> str:
    """Why a domain's units cannot fill the forms without splitting a case study."""
    sizes = ", ".join(str(size) for size in sorted(len(u) for u in units if len(u) > 1))
    standalone = sum(1 for u in units if len(u) == 1)
    return (
        f"domain {domain}: its case studies (sizes {sizes}) and {standalone} standalone "
        f"question{'' if standalone == 1 else 's'} cannot make {count} form{'' if count == 1 else 's'} of exactly "
        f"{needed} without splitting a case study; add standalone questions")


def _shuffled(number: int, question: Question, rng: random.Random) -> FormItem:
    if question.options:
        return FormItem(number, question, options=tuple(rng.sample(question.options, len(question.options))))
    if question.steps:
        steps = list(question.steps)
        while tuple(steps) == question.steps:
            rng.shuffle(steps)
        return FormItem(number, question, steps=tuple(steps))
    if not question.pairs:
        return FormItem(number, question)
    matches = [p.match for p in question.pairs]
    responses = list(matches)
    while responses == matches:
        rng.shuffle(responses)
    return FormItem(number, question, responses=tuple(responses))
