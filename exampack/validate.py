"""Checks a schema cannot express, then the Corpus built from checked sources."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .cloze import answers, parse_cloze
from .errors import Location, Problem
from .load import ExamSources
from .model import (
    ApiTerm,
    Command,
    Corpus,
    Domain,
    EnumValue,
    Exam,
    Fact,
    Flag,
    Option,
    Pair,
    Question,
    QuestionType,
    Service,
    SheetTable,
    Syllabus,
    SyllabusItem,
    Table,
    Task,
    Tool,
)
from .schemas import dotted
from .yamlsource import SourceFile

FLAG_IN_TEXT = re.compile(r"(?<![\w-])--[a-z0-9][a-z0-9-]*")
SELECT_COUNT = re.compile(r"Select (TWO|THREE|FOUR|FIVE)\.\s*$")
NUMBER_WORDS = {"TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
OVERVIEW = "overview"
CHOICE_TYPES = ("multiple-choice", "multiple-response")
TYPE_FIELDS = {
    "multiple-choice": {"stem", "options", "explanation", "facts"},
    "multiple-response": {"stem", "options", "explanation", "facts"},
    "ordering": {"stem", "steps", "explanation", "facts"},
    "matching": {"stem", "pairs", "explanation", "facts"},
    "case-study": {"scenario", "parts", "facts", "explanation"},
    "performance-task": {"stem", "setup", "checks", "solution", "explanation", "facts"},
}
COMMON_FIELDS = {"id", "type", "domain", "task", "syllabus"}

Entry = tuple[SourceFile, tuple[str | int, ...], dict[str, Any]]


def entries(files: list[SourceFile], key: str) -> Iterator[Entry]:
    """Each item of the top-level list `key`, with its file and path."""
    for source in files:
        for index, item in enumerate(source.data[key]):
            yield source, (key, index), item


class _Checker:
    def __init__(self, sources: ExamSources) -> None:
        self.sources = sources
        self.problems: list[Problem] = []
        self.ids: dict[str, Location] = {}

    def report(self, source: SourceFile, path: tuple, message: str, *, key: bool = False) -> None:
        where = source.key_at(path) if key else source.at(path)
        self.problems.append(Problem(where, f"{dotted(path)}: {message}"))

    def claim_id(self, source: SourceFile, path: tuple, item_id: str) -> None:
        first = self.ids.get(item_id)
        if first:
            self.report(source, path + ("id",), f"duplicate id {item_id!r} (first used at {first})")
        else:
            self.ids[item_id] = source.at(path + ("id",))


def check_and_assemble(sources: ExamSources) -> tuple[Corpus | None, list[Problem]]:
    """Cross-check an exam's sources and build its Corpus, or report every problem."""
    if len(sources.files["exam"]) != 1:
        return None, []
    checker = _Checker(sources)
    exam_file = sources.files["exam"][0]
    exam = _check_exam(checker, exam_file, sources.folder.name)
    tasks = {t.id: d.id for d in exam.domains for t in d.tasks}
    domains = {d.id for d in exam.domains} | {OVERVIEW}
    syllabus = _check_syllabus(checker, sources.files["syllabus"], tasks)
    syllabus_ids = {i.id for i in syllabus.items} if syllabus else set()

    def check_place(source: SourceFile, path: tuple, item: dict[str, Any], *, overview: bool = False) -> None:
        """An entry's domain and task are the exam's, and the syllabus items it cites are the syllabus's."""
        domain = item.get("domain")
        allowed = domains if overview else domains - {OVERVIEW}
        if domain is not None and domain not in allowed:
            checker.report(source, path + ("domain",), f"unknown domain {domain!r}; exam.yaml defines {', '.join(sorted(allowed))}")
        task = item.get("task")
        if task is not None:
            if task not in tasks:
                checker.report(source, path + ("task",), f"unknown task {task!r}; exam.yaml defines {', '.join(tasks)}")
            elif domain in tasks.values() and tasks[task] != domain:
                checker.report(source, path + ("task",), f"task {task} belongs to {tasks[task]}, not {domain}")
        for index, item_id in enumerate(item.get("syllabus", [])):
            if syllabus is None:
                checker.report(source, path + ("syllabus", index), f"{item_id} cites a syllabus item, but this exam "
                               "has no syllabus.yaml")
                break
            if item_id not in syllabus_ids:
                checker.report(source, path + ("syllabus", index), f"unknown syllabus item {item_id!r}")

    def check_source_key(source: SourceFile, path: tuple, value: str) -> None:
        if value.split("#")[0] not in exam.references:
            checker.report(source, path, f"unknown reference {value.split('#')[0]!r}; exam.yaml references: {', '.join(exam.references)}")

    programs = {t.name for t in exam.programs}
    commands: list[Command] = []
    invocations: dict[str, Location] = {}
    for source, path, item in entries(sources.files["commands"], "commands"):
        checker.claim_id(source, path, item["id"])
        check_place(source, path, item)
        check_source_key(source, path + ("source",), item["source"])
        program = item["program"]
        if program not in programs:
            checker.report(source, path + ("program",), f"program {program!r} is not declared in exam.yaml tools"
                           f"{'; it declares ' + ', '.join(sorted(programs)) if programs else ''}")
        if item["example"].split()[0] != program:
            checker.report(source, path + ("example",), f"the example must start with its program, {program}")
        invocation = f"{program} {item['command']}".strip()
        if invocation in invocations:
            checker.report(source, path + ("command",), f"{invocation} is already described at {invocations[invocation]}")
        invocations.setdefault(invocation, source.at(path))
        seen_flags: set[str] = set()
        for index, flag in enumerate(item["flags"]):
            if "domain" in flag or "task" in flag:
                check_place(source, path + ("flags", index), {"domain": flag.get("domain", item["domain"]),
                                                               "task": flag.get("task")})
            for name in filter(None, (flag["flag"], flag.get("short"))):
                if name in seen_flags:
                    checker.report(source, path + ("flags", index, "flag"), f"flag {name} is listed twice")
                seen_flags.add(name)
            _check_flag_card(checker, source, path + ("flags", index), flag, item["example"], program)
        commands.append(Command(
            id=item["id"], domain=item["domain"], task=item.get("task"), program=program,
            command=item["command"], purpose=item["purpose"], example=item["example"],
            source=item["source"],
            flags=tuple(Flag(f["flag"], f["does"], f.get("domain"), f.get("task"), source.at(path + ("flags", i)),
                             f.get("short"), f.get("value"), f.get("example"))
                        for i, f in enumerate(item["flags"])),
            where=source.at(path),
            places=_places(source, path, ('program', 'command')),
            arguments=tuple(item.get("arguments", [])), services=tuple(item.get("services", []))))

    apis = {t.name for t in exam.apis}
    api: list[ApiTerm] = []
    for source, path, item in entries(sources.files["api"], "api"):
        checker.claim_id(source, path, item["id"])
        check_place(source, path, item)
        check_source_key(source, path + ("source",), item["source"])
        if item["api"] not in apis:
            checker.report(source, path + ("api",), f"API {item['api']!r} is not declared in exam.yaml apis"
                           f"{'; it declares ' + ', '.join(sorted(apis)) if apis else ''}")
        values = item.get("values", [])
        api.append(ApiTerm(
            id=item["id"], domain=item["domain"], task=item.get("task"), api=item["api"], service=item["service"],
            shape=item["shape"], member=item.get("member"),
            values=tuple(EnumValue(v["value"], v["means"], source.at(path + ("values", i))) for i, v in enumerate(values)),
            meaning=item["meaning"], source=item["source"], where=source.at(path),
            places=_places(source, path, ('api', 'service', 'shape', 'member'))))

    commands_by_id = {c.id: c for c in commands}
    api_ids = {a.id for a in api}
    facts: list[Fact] = []
    for source, path, item in entries(sources.files["facts"], "facts"):
        checker.claim_id(source, path, item["id"])
        check_place(source, path, item, overview=True)
        check_source_key(source, path + ("source",), item["source"])
        try:
            parse_cloze(item["text"])
        except ValueError as error:
            checker.report(source, path + ("text",), f"cloze: {error}")
        else:
            _check_gist(checker, source, path, item)
        refs = item.get("refs", [])
        unknown = [i for i, ref in enumerate(refs) if ref not in commands_by_id and ref not in api_ids]
        for index in unknown:
            checker.report(source, path + ("refs", index), f"unknown command or API term {refs[index]!r}")
        named = [commands_by_id[r] for r in refs if r in commands_by_id]
        for flag in FLAG_IN_TEXT.findall(item["text"]) if not unknown else []:
            if not named:
                checker.report(source, path + ("text",), f"flag {flag} names no command; add the command's id to refs")
            elif not any(flag in {f.flag for f in c.flags} for c in named):
                on = " or ".join(c.invocation for c in named)
                checker.report(source, path + ("text",), f"flag {flag} is not a flag of {on}")
        facts.append(Fact(
            id=item["id"], domain=item["domain"], task=item.get("task"), text=item["text"],
            extra=item.get("extra", ""), source=item["source"], services=tuple(item.get("services", [])),
            refs=tuple(refs), sheet=item.get("sheet", True), tip=item.get("tip", False),
            where=source.at(path),
            places=_places(source, path, ('text', 'replaces', 'gist')), replaces=tuple(item.get("replaces", [])),
            gist=item.get("gist", ""), syllabus=tuple(item.get("syllabus", []))))

    fact_ids = {f.id for f in facts}
    replaced: dict[str, str] = {}
    for fact in facts:
        for old in fact.replaces:
            if old in fact_ids:
                checker.problems.append(Problem(fact.places["replaces"], f"replaces: {old!r} is still a fact; "
                                                "a fact replaces only ids removed from the corpus"))
            elif old in replaced:
                checker.problems.append(Problem(fact.places["replaces"], f"replaces: {old!r} is already replaced "
                                                f"by {replaced[old]!r}"))
            replaced.setdefault(old, fact.id)
    questions: list[Question] = []
    for source, path, item in entries(sources.files["questions"], "questions"):
        questions.extend(_check_question(checker, source, path, item, None, fact_ids, check_place, exam))
    if syllabus and not checker.problems:
        checker.problems.extend(_coverage_problems(syllabus, facts, questions))

    sheet_tables = _check_sheet_tables(checker, sources.files["sheets"], facts, check_place)
    tool_references = _tool_references(checker, sources, exam_file, exam)
    if checker.problems:
        return None, checker.problems
    corpus = Corpus(
        exam=exam, facts=tuple(facts), commands=tuple(commands), api=tuple(api),
        questions=tuple(questions), folder=sources.folder.as_posix(),
        files=tuple(s.path for kind in sources.files.values() for s in kind),
        plain_names=frozenset(n for s in sources.files["api"] for n in s.data.get("plain_names", [])),
        tool_references=tool_references, syllabus=syllabus, sheet_tables=sheet_tables)
    return corpus, []


FACT_IN_CELL = re.compile(r"\{([^{}]*)\}")


def _check_sheet_tables(checker: _Checker, files: list[SourceFile], facts: list[Fact],
                        check_place: Any) -> tuple[SheetTable, ...]:
    """Sheet tables whose every row cites a fact, with each {fact-id} replaced by the fact's answers."""
    by_id = {f.id: f for f in facts}
    tables = []
    for source, path, item in entries(files, "tables"):
        checker.claim_id(source, path, item["id"])
        check_place(source, path, item)
        width = len(item["columns"])
        rows, cited = [], []
        for r, row in enumerate(item["rows"]):
            where = path + ("rows", r)
            if len(row) != width:
                checker.report(source, where, f"row has {len(row)} cells; the table has {width} columns")
            found = [(c, name) for c, cell in enumerate(row) for name in FACT_IN_CELL.findall(cell)]
            for c, name in found:
                if name not in by_id:
                    checker.report(source, where + (c,), f"unknown fact {{{name}}}; a cell cites a fact as {{fact-id}}")
            if not found:
                checker.report(source, where, "row cites no fact; write {fact-id} in a cell to print that fact's "
                               "answers there")
            cited += [name for _, name in found]
            rows.append(tuple(FACT_IN_CELL.sub(lambda m: " / ".join(answers(by_id[m.group(1)].text))
                                               if m.group(1) in by_id else m.group(0), cell) for cell in row))
        tables.append(SheetTable(item["id"], item["domain"], item["task"], item["title"], tuple(item["columns"]),
                                 tuple(rows), tuple(dict.fromkeys(cited)), source.at(path)))
    return tuple(tables)


def _check_syllabus(checker: _Checker, files: list[SourceFile], tasks: dict[str, str]) -> Syllabus | None:
    """The exam's syllabus, if it has one: items under known task statements, ids used once."""
    if not files:
        return None
    source = files[0]
    items = []
    for _, path, item in entries(files, "items"):
        checker.claim_id(source, path, item["id"])
        task = item["id"].split("-")[0]
        if task not in tasks:
            checker.report(source, path + ("id",), f"{item['id']} names task {task}, which exam.yaml does not define")
        items.append(SyllabusItem(item["id"], task, item["text"], source.at(path)))
    services = []
    seen: set[str] = set()
    for index, service in enumerate(source.data.get("services", [])):
        if service["id"] in seen:
            checker.report(source, ("services", index, "id"), f"service {service['id']!r} is listed twice")
        seen.add(service["id"])
        services.append(Service(service["id"], service["name"], source.at(("services", index))))
    return Syllabus(tuple(items), tuple(services))


def _coverage_problems(syllabus: Syllabus, facts: list[Fact], questions: list[Question]) -> list[Problem]:
    """A problem at each syllabus item no fact teaches or no question tests, and each service no fact lists."""
    taught = {i for f in facts for i in f.syllabus}
    tested = {i for q in questions for i in q.syllabus}
    listed = {s for f in facts for s in f.services}
    problems = []
    for item in syllabus.items:
        missing = [what for what, done in (("no fact teaches it", item.id in taught),
                                           ("no question tests it", item.id in tested)) if not done]
        if missing:
            problems.append(Problem(item.where, f"syllabus item {item.id}: {' and '.join(missing)}"))
    for service in syllabus.services:
        if service.id not in listed:
            problems.append(Problem(service.where, f"service {service.id} ({service.name}): no fact lists it "
                                    "under services"))
    return problems


def _check_gist(checker: _Checker, source: SourceFile, path: tuple, item: dict[str, Any]) -> None:
    """A gist holds every answer of its fact, so the sheet never drops what the card asks."""
    gist = item.get("gist")
    if gist is None:
        return
    missing = [a for a in answers(item["text"]) if " ".join(a.split()).casefold() not in gist.casefold()]
    if missing:
        checker.report(source, path + ("gist",), f"the gist must hold the answer {missing[0]!r} of the text")


def _tool_references(checker: _Checker, sources: ExamSources, exam_file: SourceFile, exam: Exam) -> dict[str, Any]:
    """The pinned reference file of each declared program and API, by \"program:name\" or \"api:name\"."""
    by_path = {Path(f.path).resolve(): f for f in sources.files["reference"]}
    found: dict[str, Any] = {}
    used: set[Path] = set()
    for section, key, tools in (("tools", "program", exam.programs), ("apis", "api", exam.apis)):
        for index, tool in enumerate(tools):
            if tool.reference is None:
                continue
            path = (sources.folder / tool.reference).resolve()
            reference = by_path.get(path)
            if reference is None:
                checker.report(exam_file, (section, index, "reference"), f"{tool.reference} is not a reference file "
                               "of this exam folder")
                continue
            used.add(path)
            if reference.data.get(key) != tool.name:
                checker.problems.append(Problem(reference.at(()), f"{key}: this reference describes "
                                                f"{reference.data.get(key) or 'no ' + key}, but exam.yaml names it "
                                                f"for {tool.name}"))
            found[f"{key}:{tool.name}"] = reference.data
    for path, reference in by_path.items():
        if path not in used:
            checker.problems.append(Problem(reference.at(()), "no entry of exam.yaml tools or apis names this "
                                            "reference file"))
    return found


FLAG_PLAIN_WORDS = {"name", "names", "config", "configuration", "arn", "id", "type", "enable", "the", "of", "a", "an"}


def _check_flag_card(checker: _Checker, source: SourceFile, path: tuple, flag: dict[str, Any], command_example: str,
                     program: str) -> None:
    """A flag card shows an example holding the flag, and its meaning does not say the flag's own words."""
    example = flag.get("example", command_example)
    if not {flag["flag"], flag.get("short")} & {token.split("=")[0] for token in example.split()}:
        where = path + ("example",) if "example" in flag else path + ("flag",)
        checker.report(source, where, f"the example shown with {flag['flag']} does not use it; give the flag an "
                       f"example: that does")
    elif "example" in flag and flag["example"].split()[0] != program:
        checker.report(source, path + ("example",), f"the example must start with its program, {program}")
    words = [w for w in flag["flag"].lstrip("-").split("-") if len(w) > 2 and w not in FLAG_PLAIN_WORDS]
    said = re.findall(r"[a-z0-9]+", flag["does"].lower())
    given = sorted({w for w in words if any(token.startswith(w) for token in said)})
    if given:
        checker.report(source, path + ("does",), f"the meaning says {', '.join(given)}, which gives away "
                       f"{flag['flag']}; describe what it does in other words")


def _places(source: SourceFile, path: tuple, fields: tuple[str, ...]) -> dict[str, Location]:
    """Where each named field of an entry was written, for messages about that field."""
    return {name: source.at(path + (name,)) for name in fields}


DEFAULT_OPTIONS = {"multiple-choice": (4, 4), "multiple-response": (5, 8)}
DEFAULT_FORMS = 2


def _check_exam(checker: _Checker, source: SourceFile, folder_name: str) -> Exam:
    data = source.data
    if data["id"] != folder_name:
        checker.report(source, ("id",), f"exam id {data['id']!r} must match its folder name {folder_name!r}")
    questions = data["questions"]
    if questions["scored"] + questions["unscored"] != questions["total"]:
        checker.report(source, ("questions",), "scored + unscored must equal total")
    score = data["score"]
    _check_score(checker, source, score)
    weights = sum(d["weight"] for d in data["domains"])
    if weights != 100:
        checker.report(source, ("domains",), f"domain weights add up to {weights}, not 100")
    domains = []
    seen: set[str] = set()
    for number, domain in enumerate(data["domains"], 1):
        path = ("domains", number - 1)
        if domain["id"] in seen:
            checker.report(source, path + ("id",), f"duplicate domain {domain['id']!r}")
        if domain["id"] == OVERVIEW:
            checker.report(source, path + ("id",), f"{OVERVIEW!r} names the exam overview; choose another domain id")
        seen.add(domain["id"])
        for t_index, task in enumerate(domain["tasks"]):
            if not task["id"].startswith(f"{number}."):
                checker.report(source, path + ("tasks", t_index, "id"),
                               f"task {task['id']} must start with {number}. in domain {number} ({domain['id']})")
        domains.append(Domain(
            id=domain["id"], number=number, name=domain["name"], short=domain["short"],
            slug=domain["slug"], weight=domain["weight"],
            tasks=tuple(Task(t["id"], t["text"]) for t in domain["tasks"])))
    tables = []
    for index, table in enumerate(data.get("tables", [])):
        for row_index, row in enumerate(table["rows"]):
            if len(row) != len(table["columns"]):
                checker.report(source, ("tables", index, "rows", row_index),
                               f"row has {len(row)} cells but the table has {len(table['columns'])} columns")
        tables.append(Table(table["title"], tuple(table["columns"]), tuple(tuple(r) for r in table["rows"])))
    return Exam(
        id=data["id"], code=data["code"], title=data["title"], issuer=data["issuer"], deck=data["deck"],
        version=data.get("version", ""),
        duration_minutes=data["duration_minutes"], total_questions=questions["total"],
        scored_questions=questions["scored"], unscored_questions=questions["unscored"],
        unscored_marked=questions.get("unscored_marked", False), default_forms=data.get("forms", DEFAULT_FORMS),
        score_scale=score["scale"], score_min=score.get("min", 0), score_max=score.get("max", 100),
        score_pass=score["pass"], score_model=score["model"], guessing_penalty=score["guessing_penalty"],
        score_note=score.get("note", ""), domains=tuple(domains),
        question_types=_question_types(checker, source, data["question_types"]),
        references=dict(data["references"]), tables=tuple(tables),
        programs=_tools(checker, source, data.get("tools", []), "program", "tools"),
        apis=_tools(checker, source, data.get("apis", []), "api", "apis"))


def _check_score(checker: _Checker, source: SourceFile, score: dict[str, Any]) -> None:
    if score["scale"] == "percent":
        for key in ("min", "max"):
            if key in score:
                checker.report(source, ("score", key), f"{key} is for scaled scores; a percent score runs 0-100",
                               key=True)
        if not 0 < score["pass"] <= 100:
            checker.report(source, ("score", "pass"), f"a percent pass mark must be 1 to 100, not {score['pass']}")
    elif "min" in score and "max" in score and not score["min"] < score["pass"] <= score["max"]:
        checker.report(source, ("score", "pass"), f"the pass mark {score['pass']} must lie above min {score['min']} "
                       f"and at most max {score['max']}")


def _question_types(checker: _Checker, source: SourceFile, entries: list[dict[str, Any]]) -> tuple[QuestionType, ...]:
    found = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        kind = entry["type"]
        if kind in seen:
            checker.report(source, ("question_types", index, "type"), f"question type {kind} is listed twice")
        seen.add(kind)
        low, high = DEFAULT_OPTIONS.get(kind, (0, 0))
        options = entry.get("options")
        if options is not None and kind not in CHOICE_TYPES:
            checker.report(source, ("question_types", index, "options"), f"{kind} has no options to count", key=True)
        elif isinstance(options, int):
            low = high = options
        elif isinstance(options, dict):
            low, high = options["min"], options["max"]
            if low > high:
                checker.report(source, ("question_types", index, "options"), f"min {low} is above max {high}")
        if kind == "multiple-response" and low < 3:
            checker.report(source, ("question_types", index, "options"),
                           "multiple response needs 3 or more options: two right and one wrong")
        found.append(QuestionType(kind, entry["rule"], low, high,
                                  entry.get("select", kind == "multiple-response")))
    return tuple(found)


def _tools(checker: _Checker, source: SourceFile, entries: list[dict[str, Any]], key: str,
           section: str) -> tuple[Tool, ...]:
    found = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry[key]
        if name in seen:
            checker.report(source, (section, index, key), f"{name} is listed twice")
        seen.add(name)
        if "verify" in entry and "reference" in entry:
            checker.report(source, (section, index), f"{name}: give verify or reference, not both")
        found.append(Tool(name, entry.get("verify"), entry.get("reference")))
    return tuple(found)


def _check_question(checker: _Checker, source: SourceFile, path: tuple, item: dict[str, Any],
                    case: dict[str, Any] | None, fact_ids: set[str], check_place: Any, exam: Exam) -> list[Question]:
    """Check one question (or a case study and its parts); the questions it yields."""
    checker.claim_id(source, path, item["id"])
    kind = item["type"]
    rules = exam.question_type(kind)
    if rules is None:
        used = ", ".join(t.type for t in exam.question_types)
        checker.report(source, path + ("type",), f"{exam.code} does not use {kind} questions; "
                       f"exam.yaml question_types lists {used}")
    domain = case["domain"] if case else item["domain"]
    check_place(source, path, {"domain": domain, "task": item["task"], "syllabus": item.get("syllabus", [])})
    for field in sorted(set(item) - COMMON_FIELDS - TYPE_FIELDS[kind]):
        checker.report(source, path + (field,), f"field {field!r} is not used by type {kind}", key=True)
    for index, fact in enumerate(item.get("facts", [])):
        if fact not in fact_ids:
            checker.report(source, path + ("facts", index), f"unknown fact {fact!r}")
    if kind == "case-study":
        parts = item["parts"]
        if len(parts) < 2:
            checker.report(source, path + ("parts",), f"a case study needs 2 or more questions, found {len(parts)}")
        found = []
        for index, part in enumerate(parts):
            found.extend(_check_question(checker, source, path + ("parts", index), part, item, fact_ids, check_place,
                                         exam))
        return found
    if kind in CHOICE_TYPES and rules is not None:
        _check_options(checker, source, path, item, rules)
    elif kind == "ordering":
        steps = item["steps"]
        if not 3 <= len(steps) <= 5:
            checker.report(source, path + ("steps",), f"ordering needs 3 to 5 steps, found {len(steps)}")
        _check_distinct(checker, source, path + ("steps",), steps, "step")
    elif kind == "matching":
        pairs = item["pairs"]
        if not 3 <= len(pairs) <= 7:
            checker.report(source, path + ("pairs",), f"matching needs 3 to 7 pairs, found {len(pairs)}")
        _check_distinct(checker, source, path + ("pairs",), [p["prompt"] for p in pairs], "prompt", "prompt")
        _check_distinct(checker, source, path + ("pairs",), [p["match"] for p in pairs], "match", "match")
    return [Question(
        id=item["id"], type=kind, domain=domain, task=item["task"], stem=item["stem"],
        options=tuple(Option(o["text"], o.get("correct", False), o["why"]) for o in item.get("options", [])),
        steps=tuple(item.get("steps", [])),
        pairs=tuple(Pair(p["prompt"], p["match"]) for p in item.get("pairs", [])),
        explanation=item.get("explanation", ""), facts=tuple(item.get("facts", [])),
        case=case["id"] if case else None, scenario=case["scenario"] if case else "",
        where=source.at(path), setup=item.get("setup", ""), checks=tuple(item.get("checks", [])),
        solution=item.get("solution", ""), syllabus=tuple(item.get("syllabus", case.get("syllabus", []) if case else [])))]


def _check_options(checker: _Checker, source: SourceFile, path: tuple, item: dict[str, Any],
                   rules: QuestionType) -> None:
    options = item["options"]
    correct = sum(o.get("correct", False) for o in options)
    _check_distinct(checker, source, path + ("options",), [o["text"] for o in options], "option", "text")
    name = item["type"].replace("-", " ")
    if not rules.min_options <= len(options) <= rules.max_options:
        wanted = (f"exactly {rules.min_options}" if rules.min_options == rules.max_options
                  else f"{rules.min_options} to {rules.max_options}")
        checker.report(source, path + ("options",), f"{name} needs {wanted} options, found {len(options)}")
    if item["type"] == "multiple-choice":
        if correct != 1:
            checker.report(source, path + ("options",), f"multiple choice needs exactly 1 correct option, found {correct}")
        return
    if correct < 2:
        checker.report(source, path + ("options",), f"multiple response needs 2 or more correct options, found {correct}")
    elif correct == len(options):
        checker.report(source, path + ("options",), "every option is marked correct; a multiple-response question "
                       "needs wrong options too")
    if not rules.select:
        return
    said = SELECT_COUNT.search(item["stem"])
    if not said:
        checker.report(source, path + ("stem",), "a multiple-response stem must end with \"Select TWO.\" (or THREE, ...)")
    elif NUMBER_WORDS[said.group(1)] != correct:
        checker.report(source, path + ("stem",), f"stem says \"Select {said.group(1)}.\" but {correct} options are correct")


def _check_distinct(checker: _Checker, source: SourceFile, path: tuple, texts: list[str],
                    noun: str, field: str | None = None) -> None:
    seen: set[str] = set()
    for index, text in enumerate(texts):
        normal = " ".join(text.split()).casefold()
        if normal in seen:
            where = path + (index, field) if field else path + (index,)
            checker.report(source, where, f"duplicate {noun} {text!r}")
        seen.add(normal)
