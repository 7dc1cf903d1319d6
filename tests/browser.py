"""Driving the practice page in a real Chromium: write a page, open it, answer its questions through its controls."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from exampack.forms import assemble_forms
from exampack.model import Corpus
from exampack.render.practice import render_practice

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SEED = 20260101
DATA_BLOCK = re.compile(r'<script type="application/json" id="exam-data">(.*?)</script>', re.DOTALL)


def write_page(path: Path, corpus: Corpus, forms: int = 2) -> Path:
    """The practice page of a corpus with its forms, written to path."""
    path.write_bytes(render_practice(corpus, assemble_forms(corpus, forms, SEED)))
    return path


def page_data(path: Path) -> dict[str, Any]:
    """The data the page embeds, read back from its HTML as the browser reads it."""
    return json.loads(DATA_BLOCK.search(path.read_text(encoding="utf-8")).group(1))


class Visit:
    """One browser context on one page file, recording every request it makes."""

    def __init__(self, browser: Browser, path: Path, **context: Any) -> None:
        self.path = path
        self.url = path.as_uri()
        self.data = page_data(path)
        self.bank = {q["id"]: q for q in self.data["questions"]}
        self.context: BrowserContext = browser.new_context(**context)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page: Page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def open(self) -> Page:
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready=true]")
        return self.page

    def reload(self) -> Page:
        self.page.reload()
        self.page.wait_for_selector("html[data-ready=true]")
        return self.page

    def close(self) -> None:
        self.context.close()

    # ------------------------------------------------------------------ reading the screen

    def current(self) -> dict[str, Any]:
        """The question on screen."""
        return self.bank[self.page.locator(".question").get_attribute("data-id")]

    def number(self) -> int:
        """The number of the question on screen, from its heading."""
        return int(re.search(r"Question (\d+)", self.page.locator("#q-heading").inner_text()).group(1))

    def wide(self) -> int:
        return self.page.evaluate("document.scrollingElement.scrollWidth")

    # ------------------------------------------------------------------ answering through the controls

    def option(self, text: str):
        return self.page.locator(".option").filter(has=self.page.locator(".option-text", has_text=text))

    def answer(self, right: bool = True, drag: bool = False, keys: bool = False) -> None:
        """Answer the question on screen, rightly or wrongly: options by mouse or by number key, steps by their
        buttons or by drag, matches by their selects."""
        q = self.current()
        kind = q["type"]
        if kind in ("multiple-choice", "multiple-response"):
            # A wrong answer still selects as many as asked: the wrong options first, then right ones.
            ordered = sorted(q["options"], key=lambda o: o["correct"] != right)
            picks = ordered[: q["select"]]
            shown = self.page.locator(".option-text").all_inner_texts() if keys else []
            for option in picks:
                if keys:
                    self.page.keyboard.press(str(shown.index(option["text"]) + 1))
                else:
                    self.option(option["text"]).click()
        elif kind == "ordering":
            self.order(list(range(len(q["steps"]))) if right else wrong_order(len(q["steps"])), drag)
        elif kind == "matching":
            for prompt, value in enumerate(matches(q, right)):
                self.page.select_option(f"#match-{prompt}", value=str(value))
        else:
            self.page.check("#task-done")

    def shown_steps(self) -> list[int]:
        q = self.current()
        texts = self.page.locator(".ordering .step-text").all_inner_texts()
        return [q["steps"].index(text) for text in texts]

    def order(self, target: list[int], drag: bool = False) -> None:
        """Put the steps in the target order (source indices), top first; an order already shown is kept."""
        if self.shown_steps() == target:
            self.page.get_by_role("button", name="Keep this order").click()
        for position, step in enumerate(target):
            at = self.shown_steps().index(step)
            if at == position:
                continue
            rows = self.page.locator(".ordering li")
            if drag:
                self.drag(rows.nth(at), rows.nth(position))
            else:
                for _ in range(at - position):
                    rows.nth(self.shown_steps().index(step)).get_by_role("button", name="Move up").click()
        assert self.shown_steps() == target

    def drag(self, source, target) -> None:
        """Drag a step by its grip with the mouse and drop it on the upper part of the target step."""
        grip = source.locator(".grip").bounding_box()
        box = target.bounding_box()
        mouse = self.page.mouse
        mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
        mouse.down()
        mouse.move(box["x"] + box["width"] / 2, box["y"] + 4, steps=6)
        mouse.up()


def wrong_order(n: int) -> list[int]:
    """The correct order with its first two steps swapped: always wrong."""
    return [1, 0, *range(2, n)]


def matches(q: dict[str, Any], right: bool) -> list[int]:
    """For each prompt, the source index of a response: the right one, or (wrongly) the first prompt's two swapped."""
    texts = [p["match"] for p in q["pairs"]]
    values = [texts.index(p["match"]) for p in q["pairs"]]
    if not right:
        values[0] = next(v for v in values if texts[v] != texts[values[0]])
    return values
