"""The offline exam simulator: one self-contained HTML page holding the question bank and the forms."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from typing import Any

from ..cloze import plain
from ..forms import Form, blueprint
from ..model import Corpus, Question
from ..templates import template_text

PAGE, STYLE, SCRIPT = "practice/page.html", "practice/practice.css", "practice/practice.js"
TEMPLATES = (PAGE, STYLE, SCRIPT)
PLACEHOLDER = re.compile(r"\{\{(policy|title|style|data|script)\}\}")
# Characters that could end the data block or confuse an HTML parser, written as JSON escapes.
UNSAFE_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                  "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _question(question: Question) -> dict[str, Any]:
    """A question as the page reads it; options, steps and pairs in their source order."""
    entry: dict[str, Any] = {"id": question.id, "type": question.type, "domain": question.domain,
                             "task": question.task, "stem": question.stem, "explanation": question.explanation,
                             "facts": list(question.facts)}
    if question.case:
        entry |= {"case": question.case, "scenario": question.scenario}
    if question.options:
        entry["options"] = [{"text": o.text, "correct": o.correct, "why": o.why} for o in question.options]
        entry["select"] = sum(o.correct for o in question.options)
    if question.steps:
        entry["steps"] = list(question.steps)
    if question.pairs:
        entry["pairs"] = [{"prompt": p.prompt, "match": p.match} for p in question.pairs]
    if question.checks:
        entry |= {"setup": question.setup, "checks": list(question.checks), "solution": question.solution}
    return entry


def _form(form: Form) -> dict[str, Any]:
    """A form as printed in its booklet: question ids in order, each with the shown order of its
    options, steps or responses as indices into the source order."""
    items = []
    for item in form.items:
        q = item.question
        entry: dict[str, Any] = {"id": q.id}
        if item.options:
            entry["order"] = [q.options.index(o) for o in item.options]
        elif item.steps:
            entry["order"] = [q.steps.index(s) for s in item.steps]
        elif item.responses:
            entry["order"] = [[p.match for p in q.pairs].index(r) for r in item.responses]
        items.append(entry)
    return {"name": form.name, "letter": form.letter, "seed": form.seed, "items": items}


def practice_data(corpus: Corpus, forms: list[Form]) -> dict[str, Any]:
    """Everything the page shows: the exam's format and scoring, the bank, the forms and the facts."""
    exam = corpus.exam
    decks = corpus.deck_names()
    cited = {f for q in corpus.questions for f in q.facts}
    return {
        "exam": {
            "id": exam.id, "code": exam.code, "title": exam.title, "version": exam.version,
            "duration_minutes": exam.duration_minutes, "total_questions": exam.total_questions,
            "scored_questions": exam.scored_questions,
            "score": {"scale": exam.score_scale, "min": exam.score_min, "max": exam.score_max,
                      "pass": exam.score_pass, "note": exam.score_note},
            "domains": [{"id": d.id, "number": d.number, "name": d.name, "weight": d.weight,
                         "tasks": [{"id": t.id, "text": t.text} for t in d.tasks]} for d in exam.domains],
            "question_types": [{"type": t.type, "rule": t.rule} for t in exam.question_types],
            "blueprint": blueprint(exam),
        },
        "questions": [_question(q) for q in corpus.questions],
        "forms": [_form(f) for f in forms],
        "facts": {f.id: {"text": plain(f.text), "deck": decks[f.domain]} for f in corpus.facts if f.id in cited},
    }


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def render_practice(corpus: Corpus, forms: list[Form]) -> bytes:
    """The simulator page as UTF-8 bytes: style, script and data inline, and a Content-Security-Policy
    that allows only that style and script and no request of any kind."""
    style, script = template_text(STYLE), template_text(SCRIPT)
    data = json.dumps(practice_data(corpus, forms), ensure_ascii=False, separators=(",", ":"))
    policy = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    values = {"policy": policy, "title": escape(f"{corpus.exam.code} practice exam"), "style": style,
              "data": data.translate(UNSAFE_IN_SCRIPT), "script": script}
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template_text(PAGE)).encode()
