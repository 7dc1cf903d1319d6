"""The practice page in a real Chromium: exams taken and scored, timer, practice, storage, safety, keyboard, phone."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, Visit, matches, write_page
from conftest import REAL_SOURCES, write_tiny
from playwright.sync_api import Browser, Page, expect, sync_playwright

from exampack.model import Corpus
from exampack.pipeline import load_corpora

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} to run the page in")

STORE_KEY = "exampack/mla-c01/2026.11"
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
Open = Callable[..., Visit]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("practice")


@pytest.fixture(scope="module")
def real_page(folder: Path) -> Path:
    """The page of the real corpus with two forms, as the build makes it."""
    return write_page(folder / "practice.html", load_corpora(REAL_SOURCES, "mla-c01")[0])


@pytest.fixture(scope="module")
def tiny_corpus(folder: Path) -> Corpus:
    return load_corpora(write_tiny(folder / "tiny").sources, "tiny")[0]


@pytest.fixture(scope="module")
def short_page(folder: Path, tiny_corpus: Corpus) -> Path:
    """The tiny exam in 11 minutes, its second domain's questions turned into self-graded performance tasks."""
    def task(q):
        if q.domain != "d2":
            return q
        return replace(q, type="performance-task", options=(), setup="A bucket named raw-data exists.",
                       checks=("The bucket has versioning turned on.",), solution="aws s3api put-bucket-versioning")
    corpus = replace(tiny_corpus, exam=replace(tiny_corpus.exam, duration_minutes=11),
                     questions=tuple(task(q) for q in tiny_corpus.questions))
    return write_page(folder / "short.html", corpus)


@pytest.fixture(scope="module")
def hostile_page(folder: Path, tiny_corpus: Corpus) -> Path:
    """The tiny exam with markup and script in its stems, options, whys, explanations and facts."""
    def hostile(q):
        options = tuple(replace(o, text=f"{o.text} {HOSTILE}", why=f"{HOSTILE} {o.why}") for o in q.options)
        return replace(q, stem=f"{HOSTILE} {q.stem} </script><script>window.pwned = 3</script>", options=options,
                       explanation=HOSTILE)
    corpus = replace(tiny_corpus, questions=tuple(hostile(q) for q in tiny_corpus.questions),
                     facts=tuple(replace(f, text=f"{HOSTILE} {f.text}") for f in tiny_corpus.facts))
    return write_page(folder / "hostile.html", corpus)


@pytest.fixture
def visit(chromium: Browser) -> Iterator[Open]:
    """Open a page in a fresh context; afterwards, no script error and no request but the page itself."""
    opened: list[Visit] = []

    def open_page(path: Path, clock: bool = False, **context: Any) -> Visit:
        v = Visit(chromium, path, **context)
        opened.append(v)
        if clock:
            v.page.clock.install()
        v.open()
        return v

    yield open_page
    for v in opened:
        v.close()
        assert v.errors == []
        assert {url for url in v.requests if not url.startswith("blob:")} <= {v.url}


def text(page: Page, selector: str) -> str:
    return page.locator(selector).inner_text()


def form_items(v: Visit, letter: str) -> list[dict[str, Any]]:
    return next(f for f in v.data["forms"] if f["letter"] == letter)["items"]


def js_round(value: float) -> int:
    """Math.round as the page rounds: halves up."""
    return math.floor(value + 0.5)


def scaled(exam: dict[str, Any], correct: int, scored: int) -> int:
    score = exam["score"]
    return math.floor(score["min"] + (score["max"] - score["min"]) * correct / scored + 1e-9)


def assert_booklet_order(v: Visit, item: dict[str, Any]) -> None:
    """The page shows a form's question with its choices in the order the printed booklet shows them."""
    q = v.bank[item["id"]]
    assert v.current()["id"] == item["id"]
    if q.get("options"):
        assert v.page.locator(".option-text").all_inner_texts() == [q["options"][i]["text"] for i in item["order"]]
    elif q.get("steps"):
        assert v.shown_steps() == item["order"]
    elif q.get("pairs"):
        shown = v.page.locator("#match-0 option").all_inner_texts()[1:]
        assert shown == [f"{'ABCDEFG'[n]}. {q['pairs'][i]['match']}" for n, i in enumerate(item["order"])]


def go_to(v: Visit, number: int) -> None:
    """Jump to a question with the navigator, opening it first on a narrow screen."""
    navigator = v.page.locator("#navigator")
    if not navigator.is_visible():
        v.page.click("#nav-toggle")
    navigator.locator(".nav-item").nth(number - 1).click()
    assert v.number() == number


def test_page_is_small_strict_and_quick(real_page: Path, visit: Open) -> None:
    assert real_page.stat().st_size < 1_500_000
    html = real_page.read_text(encoding="utf-8")
    assert "default-src 'none'" in html and "'unsafe-inline'" not in html
    v = visit(real_page)
    ready = v.page.evaluate("performance.getEntriesByName('exampack-ready')[0].startTime")
    assert ready < 1000
    assert v.page.locator("h1").inner_text() == v.data["exam"]["title"]


def test_a_perfect_run_passes_with_full_marks(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    items = form_items(v, "A")
    kinds = Counter(v.bank[i["id"]]["type"] for i in items)
    assert set(kinds) == {"multiple-choice", "multiple-response", "ordering", "matching"}
    assert any("case" in v.bank[i["id"]] for i in items)
    page.check("#form-A")
    page.click("#start-exam")
    assert page.locator(".choice, .why, .verdict").count() == 0  # no answer shown before the end
    dragged = tried_a_third = False
    flagged = []
    for number, item in enumerate(items, 1):
        assert v.number() == number
        assert_booklet_order(v, item)
        q = v.bank[item["id"]]
        if "case" in q:
            assert page.locator(".scenario").inner_text().endswith(q["scenario"])
        if q["type"] == "ordering" and not dragged:
            v.answer(drag=True)
            dragged = True
        else:
            v.answer(keys=number % 2 == 0)
        if q["type"] == "multiple-response" and not tried_a_third:
            wrong = next(o for o in q["options"] if not o["correct"])
            v.option(wrong["text"]).click()  # "Select N" is enforced: a third choice is refused
            assert page.locator(".options input:checked").count() == q["select"]
            assert f"only {q['select']}" in text(page, "#instruction")
            tried_a_third = True
        if number in (3, 43):
            page.click("#flag")
            flagged.append(number)
        page.keyboard.press("n")
    assert text(page, "#review-counts") == f"{len(items)} answered · 0 unanswered · 2 flagged"
    nav = page.locator("#review-navigator .nav-item")
    assert [n + 1 for n in range(len(items)) if "flagged" in nav.nth(n).get_attribute("class")] == flagged
    page.click("#first-flagged")
    assert v.number() == 3 and page.locator("#flag").get_attribute("aria-pressed") == "true"
    page.click("#review")
    page.click("#submit")
    assert text(page, "#verdict") == "Pass"
    assert text(page, "#raw-score") == f"{len(items)} of {len(items)} correct (100%)"
    assert text(page, "#scaled-score").startswith(f"{v.data['exam']['score']['max']} (estimate")
    blueprint = v.data["exam"]["blueprint"]
    domains = page.locator("#breakdown > li > .score-row .numbers").all_inner_texts()
    assert domains == [f"{n}/{n} · 100%" for n in blueprint.values()]
    assert page.locator(".review.ok").count() == len(items)
    assert page.locator(".review .flag-on").count() == 2
    assert "Nothing to restudy" in text(page, "#restudy + p")


def test_a_failing_run_scores_what_was_right(real_page: Path, visit: Open) -> None:
    """Ten multiple-choice questions right, every other type wrong, the rest unanswered: a fail, scored exactly."""
    v = visit(real_page)
    page = v.page
    items = form_items(v, "B")
    page.check("#form-B")
    page.click("#start-exam")
    right, wrong = [], []
    for number, item in enumerate(items, 1):
        q = v.bank[item["id"]]
        if q["type"] == "multiple-choice" and "case" not in q and len(right) < 10:
            go_to(v, number)
            v.answer()
            right.append(q)
        elif q["type"] != "multiple-choice":
            go_to(v, number)
            v.answer(right=False)
            wrong.append(q)
    assert {q["type"] for q in wrong} == {"multiple-response", "ordering", "matching"}
    page.click("#review")
    unanswered = len(items) - len(right) - len(wrong)
    assert text(page, "#review-counts") == f"{len(right) + len(wrong)} answered · {unanswered} unanswered · 0 flagged"
    page.click("#submit")
    assert text(page, "#submit-confirm p") == f"{unanswered} questions are unanswered and will score zero."
    page.click("#submit-anyway")
    exam = v.data["exam"]
    assert text(page, "#verdict") == "Fail"
    assert text(page, "#raw-score") == f"10 of {len(items)} correct ({js_round(1000 / len(items))}%)"
    assert text(page, "#scaled-score").startswith(f"{scaled(exam, 10, len(items))} (estimate")
    by_domain = Counter(q["domain"] for q in right)
    numbers = page.locator("#breakdown > li > .score-row .numbers").all_inner_texts()
    blueprint = exam["blueprint"].items()
    assert numbers == [f"{by_domain[d]}/{n} · {js_round(100 * by_domain[d] / n)}%" for d, n in blueprint]
    tasks = page.locator("#breakdown .task-row .numbers").all_inner_texts()
    expected = Counter((v.bank[i["id"]]["domain"], v.bank[i["id"]]["task"]) for i in items)
    correct = Counter((q["domain"], q["task"]) for q in right)
    assert tasks == [f"{correct[key]}/{n}" for key, n in sorted(expected.items())]
    assert page.locator(".review.miss").count() == len(items) - 10
    # A wrong choice is shown as the student's, the right one as correct, each with its why.
    chosen = next(q for q in wrong if q.get("options"))
    shown = page.locator(f'.review[data-id="{chosen["id"]}"]')
    assert shown.locator(".choice.wrong .tag.bad").count() >= 1
    assert shown.locator(".choice.key").count() == chosen["select"]
    assert shown.locator(".why").all_inner_texts() == [
        o["why"] for o in sorted(chosen["options"], key=lambda o: shown_index(v, "B", chosen, o))]
    fact = v.data["facts"][chosen["facts"][0]]
    restudy = page.locator(".deck-block").filter(has_text=fact["deck"])
    assert fact["text"] in restudy.locator(".restudy-list").inner_text()
    page.check("#only-misses")
    assert page.locator(".review:visible").count() == len(items) - 10
    assert page.locator("#drill-results").inner_text() == f"Drill my misses ({len(items) - 10})"


def shown_index(v: Visit, letter: str, q: dict[str, Any], option: dict[str, Any]) -> int:
    order = next(i for i in form_items(v, letter) if i["id"] == q["id"])["order"]
    return order.index(q["options"].index(option))


def test_a_random_form_is_drawn_on_the_blueprint(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    page.check("#form-random")
    page.click("#start-exam")
    session = json.loads(page.evaluate("([key]) => localStorage.getItem(key)", [STORE_KEY]))["session"]
    questions = [v.bank[item["id"]] for item in session["items"]]
    assert Counter(q["domain"] for q in questions) == v.data["exam"]["blueprint"]
    cases = [q.get("case") for q in questions]
    for case in set(cases) - {None}:
        where = [n for n, c in enumerate(cases) if c == case]
        assert where == list(range(where[0], where[0] + len(where)))
        assert len(where) == sum(q.get("case") == case for q in v.data["questions"])
    assert text(page, "#q-heading").startswith(f"Question 1 of {v.data['exam']['total_questions']}")


def test_the_timer_warns_and_submits_when_time_runs_out(short_page: Path, visit: Open) -> None:
    v = visit(short_page, clock=True)
    page = v.page
    page.click("#start-exam")
    assert text(page, "#timer") == "0:11:00"
    first = v.current()
    if first["type"] != "multiple-choice":
        page.click("#next")
    v.answer()
    page.click("#timer-toggle")
    assert page.locator("#timer").is_hidden()
    page.clock.fast_forward("01:01")
    assert "10 minutes left" in text(page, "#alert")
    page.click("#timer-toggle")
    assert text(page, "#timer").startswith("0:09:5")
    page.clock.fast_forward("05:00")
    assert "5 minutes left" in text(page, "#alert")
    assert "low" in page.locator("#timer").get_attribute("class")
    page.clock.fast_forward("05:00")
    page.wait_for_selector("#timed-out")
    assert text(page, "#raw-score") == "1 of 1 correct (100%)"  # the performance task scores nothing
    assert text(page, "#time-used") == "0:11:00 of 0:11:00"
    assert page.locator("#alert").is_hidden()


def test_a_performance_task_is_self_graded_and_shows_its_solution(short_page: Path, visit: Open) -> None:
    v = visit(short_page)
    page = v.page
    page.click("#start-exam")
    for _ in range(2):
        if v.current()["type"] == "performance-task":
            assert "A bucket named raw-data exists." in text(page, ".task-body")
            page.check("#task-done")
        else:
            v.answer(right=False)
        page.click("#next")
    page.click("#submit")
    assert text(page, "#raw-score") == "0 of 1 correct (0%)"
    assert "aws s3api put-bucket-versioning" in text(page, ".review.unscored .solution")
    assert "You marked this task done." in text(page, ".review.unscored")


def test_practice_gives_feedback_and_drills_misses_across_reloads(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    for domain in ("d1", "d3", "d4"):
        page.uncheck(f"#domain-{domain}")
    for task in ("2.2", "2.3"):
        page.uncheck(f"#task-d2-{task.replace('.', '-')}")
    pool = [q for q in v.data["questions"] if q["domain"] == "d2" and q["task"] == "2.1"]
    assert text(page, "#practice-available") == f"of {len(pool)} matching questions"
    page.fill("#practice-count", "3")
    page.click("#start-practice")
    missed = v.current()
    assert (missed["domain"], missed["task"]) == ("d2", "2.1")
    v.answer(right=False)
    page.click("#check")
    assert text(page, ".verdict") == "✗ Incorrect"
    if missed.get("options"):
        assert page.locator(".feedback .why").all_inner_texts() == [
            o["why"] for o in sorted(missed["options"], key=lambda o: page_order(page, o))]
    if missed["explanation"]:
        assert missed["explanation"] in text(page, ".explanation")
    fact = v.data["facts"][missed["facts"][0]]
    assert f"{fact['text']} — deck {fact['deck']}" in text(page, ".fact-box")
    page.click("#next")
    v.answer()
    page.click("#check")
    assert text(page, ".verdict") == "✓ Correct"
    page.click("#next")
    page.click("#finish")
    assert text(page, "#raw-score") == "1 of 2 correct (50%)"
    page.click("#home")
    assert text(page, "#drill") == "Drill my misses (1)"
    v.reload()
    assert text(page, "#drill") == "Drill my misses (1)"
    assert page.locator(".attempt").count() == 1
    page.click("#drill")
    assert v.current()["id"] == missed["id"] and text(page, "#q-heading").startswith("Question 1 of 1")
    v.answer()
    page.click("#check")
    page.click("#next")
    page.click("#home")
    assert page.locator("#drill").is_disabled()


def page_order(page: Page, option: dict[str, Any]) -> int:
    return page.locator(".feedback .option-text").all_inner_texts().index(option["text"])


def checked_values(page: Page) -> list[str]:
    return page.locator(".options input:checked").evaluate_all("inputs => inputs.map(i => i.value)")


def test_an_exam_in_progress_survives_a_reload(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    page.click("#start-exam")
    v.answer()
    chosen = checked_values(page)
    page.click("#next")
    page.click("#flag")
    page.click("#next")
    v.reload()
    assert v.number() == 3
    nav = page.locator("#navigator .nav-item")
    assert "answered" in nav.nth(0).get_attribute("class")
    assert "flagged" in nav.nth(1).get_attribute("class")
    assert text(page, "#answered-count") == "1/65 answered"
    page.click("#prev")
    page.click("#prev")
    assert checked_values(page) == chosen
    page.click("#review")
    page.click("#discard")
    page.click("#discard-confirm")
    assert "discarded" in text(page, ".notices")


def test_corrupt_and_older_progress_is_set_aside(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    page.evaluate("""([key]) => {
        localStorage.setItem(key, '{"format": "exampack-practice-progress", "attempts": [');
        localStorage.setItem('exampack/mla-c01/2025.01', '{"attempts": []}');
    }""", [STORE_KEY])
    v.reload()
    notices = page.locator(".notice").all_inner_texts()
    assert any("pack version 2025.01" in n and "set aside" in n for n in notices)
    assert any("could not be read (it is not valid JSON)" in n for n in notices)
    keys = page.evaluate("Object.keys(localStorage)")
    assert sum(k.startswith("exampack/mla-c01/set-aside/") for k in keys) == 2
    assert STORE_KEY not in keys
    damaged = {"format": "exampack-practice-progress", "schema": 1, "exam": "mla-c01", "version": "2026.11",
               "session": None, "attempts": [{"id": "x", "mode": "exam", "label": "Form A", "started": 1,
                                              "finished": 2, "seconds": 1, "items": [{"id": "no-such-question"}]}]}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, json.dumps(damaged)])
    v.reload()
    assert "an attempt in it is damaged" in text(page, ".notices")
    page.click("#start-exam")
    v.answer()
    stored = json.loads(page.evaluate("([key]) => localStorage.getItem(key)", [STORE_KEY]))
    assert stored["session"]["items"][0]["answer"] is not None


def test_progress_exports_resets_and_imports(real_page: Path, visit: Open, tmp_path: Path) -> None:
    v = visit(real_page, accept_downloads=True)
    page = v.page
    page.fill("#practice-count", "1")
    page.click("#start-practice")
    v.answer(right=False)
    page.click("#check")
    page.click("#next")
    page.click("#home")
    with page.expect_download() as download:
        page.click("text=Export progress")
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["attempts"][0]["items"][0]["checked"] is True
    page.click("#reset")
    page.click("#reset-confirm")
    assert page.locator(".attempt").count() == 0 and page.locator("#drill").is_disabled()
    page.set_input_files("#import-file", str(exported))
    expect(page.locator(".notices")).to_contain_text("Imported 1 attempt")
    assert text(page, "#drill") == "Drill my misses (1)"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "exampack-practice-progress", "exam": "other"}')
    page.set_input_files("#import-file", str(bad))
    expect(page.locator(".progress-card [role=status]")).to_contain_text("another exam")


def test_source_text_is_shown_as_text_and_never_run(hostile_page: Path, visit: Open) -> None:
    v = visit(hostile_page)
    page = v.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click("#start-exam")
    assert HOSTILE in text(page, "#stem") and "</script><script>window.pwned = 3</script>" in text(page, "#stem")
    assert HOSTILE in text(page, ".options")
    v.answer()
    page.click("#next")
    v.answer(right=False)
    page.click("#next")
    page.click("#submit")
    results = text(page, "main")
    assert results.count(HOSTILE) > 10
    assert page.evaluate("document.querySelectorAll('img').length + document.scripts.length") == 2
    assert page.evaluate("window.pwned") is None
    assert dialogs == []


def tab_to(page: Page, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes a test (a JavaScript function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element passing {test}")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


def test_an_exam_can_be_taken_with_the_keyboard_alone(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    keys = page.keyboard
    items = form_items(v, "A")
    tab_to(page, "e => e.id === 'start-exam'")
    assert focus_is_visible(page)
    keys.press("Enter")
    start = next(n for n, item in enumerate(items) if v.bank[item["id"]]["type"] == "multiple-choice")
    for _ in range(start):
        keys.press("n")
    assert page.get_by_role("radiogroup").get_by_role("radio").count() == 4
    first = v.bank[items[start]["id"]]
    correct = next(n for n, i in enumerate(items[start]["order"]) if first["options"][i]["correct"])
    keys.press(str(correct + 1))
    assert page.locator(".options input:checked").get_attribute("value") == str(items[start]["order"][correct])
    assert focus_is_visible(page)
    keys.press("f")
    keys.press("n")
    keys.press("p")
    assert v.number() == start + 1 and page.locator("#flag").get_attribute("aria-pressed") == "true"
    wanted = Counter({"multiple-response": 2, "ordering": 1, "matching": 1})
    for item in items[start + 1:]:
        keys.press("n")
        q = v.bank[item["id"]]
        if not wanted[q["type"]]:
            continue
        wanted[q["type"]] -= 1
        if q["type"] == "multiple-response":
            digits = [n + 1 for n, i in enumerate(item["order"]) if q["options"][i]["correct"]]
            wrong = next(n + 1 for n, i in enumerate(item["order"]) if not q["options"][i]["correct"])
            assert page.get_by_role("group").get_by_role("checkbox").count() == len(q["options"])
            for digit in [*digits, wrong]:
                keys.press(str(digit))
            assert page.locator(".options input:checked").count() == q["select"]
        elif q["type"] == "ordering":
            for position in range(len(q["steps"])):
                while (at := v.shown_steps().index(position)) > position:
                    label = f"Move up: {q['steps'][position]}"
                    if page.evaluate("() => document.activeElement.getAttribute('aria-label')") != label:
                        tab_to(page, f"e => e.getAttribute('aria-label') === {json.dumps(label)}")
                    keys.press("Enter")
                    assert v.shown_steps().index(position) == at - 1
        elif q["type"] == "matching":
            for prompt, value in enumerate(matches(q, right=True)):
                keys.press(str(prompt + 1)) if prompt == 0 else keys.press("Tab")
                assert page.evaluate("document.activeElement.id") == f"match-{prompt}"
                for _ in range(item["order"].index(value) + 1):
                    keys.press("ArrowDown")
    assert not +wanted
    keys.press("n")
    assert page.locator("#review-heading").is_visible()
    tab_to(page, "e => e.id === 'submit'")
    keys.press("Enter")
    assert page.evaluate("document.activeElement.id") == "submit-anyway"
    keys.press("Enter")
    assert text(page, "#raw-score").startswith(f"5 of {len(items)} correct")


def test_a_phone_screen_never_scrolls_sideways(real_page: Path, visit: Open) -> None:
    v = visit(real_page, viewport={"width": 400, "height": 800}, has_touch=True)
    page = v.page
    assert v.wide() <= 400
    page.click("#start-exam")
    items = form_items(v, "A")
    seen = set()
    for number, item in enumerate(items, 1):
        q = v.bank[item["id"]]
        kind = "case" if "case" in q else q["type"]
        if kind in seen:
            continue
        seen.add(kind)
        go_to(v, number)
        assert v.wide() <= 400, kind
        heights = page.eval_on_selector_all(".option, .actions button, .step .move, .match-row select",
                                            "targets => targets.map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44, kind
    assert seen == {"multiple-choice", "multiple-response", "ordering", "matching", "case"}
    page.click("#nav-toggle")
    page.click("#review")
    assert v.wide() <= 400
    page.click("#submit")
    page.click("#submit-anyway")
    assert v.wide() <= 400
    assert page.locator(".review .choice.key").first.is_visible()
    page.click("#home")
    page.fill("#practice-count", "2")
    page.click("#start-practice")
    v.answer(right=False)
    page.click("#check")
    assert v.wide() <= 400
    assert all(choice.is_visible() for choice in page.locator(".feedback li").all())


def test_no_request_leaves_the_page(real_page: Path, visit: Open) -> None:
    v = visit(real_page)
    page = v.page
    page.click("#start-exam")
    v.answer()
    page.click("#next")
    page.click("#review")
    page.click("#submit")
    page.click("#submit-anyway")
    page.click("#home")
    page.click("#start-practice")
    v.answer()
    page.click("#check")
    v.reload()
    assert v.requests == [v.url, v.url]
