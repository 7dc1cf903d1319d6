"use strict";
// The offline practice exam. It reads the bank, the forms and the facts from #exam-data and builds every
// screen from DOM nodes. Text from the sources is always inserted as text, never parsed as markup.
(function () {
  const DATA = JSON.parse(document.getElementById("exam-data").textContent);
  const EXAM = DATA.exam;
  const BANK = new Map(DATA.questions.map((q) => [q.id, q]));
  const DOMAINS = new Map(EXAM.domains.map((d) => [d.id, d]));
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const TYPE_NAMES = {
    "multiple-choice": "Multiple choice", "multiple-response": "Multiple response", ordering: "Ordering",
    matching: "Matching", "performance-task": "Performance task",
  };
  const KEY_PREFIX = `exampack/${EXAM.id}/`;
  const STORE_KEY = KEY_PREFIX + EXAM.version;
  const ASIDE_PREFIX = KEY_PREFIX + "set-aside/";
  const FORMAT = "exampack-practice-progress";
  const SCHEMA = 1;
  const WARNINGS = [10, 5]; // minutes left at which the exam warns
  const MAX_ATTEMPTS = 100;
  const SAVE_EVERY_MS = 5000;

  const app = document.getElementById("app");
  const alertBox = document.getElementById("alert");
  const statusBox = document.getElementById("status");

  let store = null; // the progress kept in local storage
  let notices = []; // messages for the start screen: {text, aside?: {key, raw}}
  let screen = null; // start | question | review | results, null before the first
  let clockTimer = null;
  let deadline = 0;
  let lastSave = 0;
  let exportUrl = null;

  // ---------------------------------------------------------------- DOM helpers

  const PROPS = new Set(["type", "value", "checked", "disabled", "htmlFor", "tabIndex", "hidden", "name", "id",
    "href", "download", "min", "max", "accept", "selected"]);

  /** An element with properties, attributes, listeners and children; strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
      else if (key === "data") Object.assign(node.dataset, value);
      else if (PROPS.has(key)) node[key] = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function button(label, onClick, props) {
    return el("button", Object.assign({ type: "button", on: { click: onClick } }, props || {}), label);
  }

  /** Replace the screen; after the first one, focus its heading so a screen reader announces the change. */
  function show(name, ...nodes) {
    const first = screen === null;
    screen = name;
    app.replaceChildren(...nodes.flat().filter(Boolean));
    window.scrollTo(0, 0);
    const heading = app.querySelector("[data-focus]") || app.querySelector("h1, h2");
    if (heading && !first) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }

  function announce(text) {
    statusBox.textContent = "";
    window.setTimeout(() => { statusBox.textContent = text; }, 30);
  }

  function showAlert(text) {
    alertBox.replaceChildren(el("span", {}, text), button("Dismiss", hideAlert, { class: "small" }));
    alertBox.hidden = false;
  }

  function hideAlert() {
    alertBox.hidden = true;
    alertBox.replaceChildren();
  }

  const range = (n) => Array.from({ length: n }, (_, i) => i);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  function clockText(ms) {
    const total = Math.ceil(ms / 1000);
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  }

  const dateText = (ms) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

  // ---------------------------------------------------------------- questions and scoring

  const choices = (q) => q.options || q.steps || q.pairs || [];
  const isScored = (q) => q.type !== "performance-task";

  function isAnswered(q, answer) {
    if (answer === null || answer === undefined) return false;
    if (q.type === "multiple-response") return answer.length > 0;
    if (q.type === "matching") return answer.every((m) => m !== null);
    return true;
  }

  /** Whether an answer earns the point: all or nothing for every type, as the exam's rules say. */
  function isCorrect(q, answer) {
    if (!isScored(q) || !isAnswered(q, answer)) return false;
    switch (q.type) {
      case "multiple-choice": return q.options[answer].correct;
      case "multiple-response": return answer.length === q.select && answer.every((i) => q.options[i].correct);
      case "ordering": return answer.every((step, position) => step === position);
      case "matching": return answer.every((m, i) => q.pairs[m].match === q.pairs[i].match);
      default: return false;
    }
  }

  const isIndex = (q) => (i) => Number.isInteger(i) && i >= 0 && i < choices(q).length;

  function validAnswer(q, answer) {
    if (answer === null) return true;
    const index = isIndex(q);
    switch (q.type) {
      case "multiple-choice": return index(answer);
      case "multiple-response":
        return Array.isArray(answer) && answer.every(index) && new Set(answer).size === answer.length &&
          answer.length <= q.select;
      case "ordering": return validOrder(q, answer);
      case "matching":
        return Array.isArray(answer) && answer.length === q.pairs.length && answer.every((m) => m === null || index(m));
      case "performance-task": return answer === true;
      default: return false;
    }
  }

  /** A shown order: indices into the source choices (a matching list may repeat a response's text). */
  function validOrder(q, order) {
    if (order === null) return true;
    const n = choices(q).length;
    if (!Array.isArray(order) || order.length !== n || !order.every(isIndex(q))) return false;
    return q.type === "matching" || new Set(order).size === n;
  }

  function validItem(item) {
    if (!item || typeof item.id !== "string" || !BANK.has(item.id)) return false;
    const q = BANK.get(item.id);
    return validOrder(q, item.order ?? null) && validAnswer(q, item.answer ?? null);
  }

  /** A fresh random order of a question's choices; ordering and matching never start out solved. */
  function randomOrder(q) {
    const n = choices(q).length;
    if (!n) return null;
    let order = shuffle(range(n));
    if ((q.type === "ordering" || q.type === "matching") && n > 1) {
      while (order.every((v, i) => v === i)) order = shuffle(range(n));
    }
    return order;
  }

  const shownOrder = (q, item) => item.order || range(choices(q).length);

  function tally(map, key, ok) {
    const entry = map.get(key) || { correct: 0, total: 0 };
    entry.correct += ok ? 1 : 0;
    entry.total += 1;
    map.set(key, entry);
  }

  /** The score of graded items: raw, the exam's scale (scaled estimate or percent), pass, and breakdowns. */
  function score(items) {
    const byDomain = new Map(), byTask = new Map();
    let correct = 0, scored = 0;
    for (const item of items) {
      const q = BANK.get(item.id);
      if (!isScored(q)) continue;
      const ok = isCorrect(q, item.answer);
      scored += 1;
      correct += ok ? 1 : 0;
      tally(byDomain, q.domain, ok);
      tally(byTask, `${q.domain} ${q.task}`, ok);
    }
    const fraction = scored ? correct / scored : 0;
    const { scale, min, max, pass } = EXAM.score;
    const exact = scale === "scaled" ? min + (max - min) * fraction : 100 * fraction;
    const value = Math.floor(exact + 1e-9);
    return { correct, scored, fraction, value, passed: value >= pass, byDomain, byTask };
  }

  const percent = (part, whole) => (whole ? Math.round((100 * part) / whole) : 0);

  const rawText = (r) => `${r.correct} of ${r.scored} correct (${percent(r.correct, r.scored)}%)`;

  function scoreText(result) {
    const { scale, min, max } = EXAM.score;
    return scale === "scaled" ? `${result.value} estimated on ${min}–${max}` : `${result.value}%`;
  }

  /** Items of an attempt that count: every item of an exam, the checked ones of a practice. */
  const gradedItems = (attempt) => attempt.items.filter((item) => attempt.mode === "exam" || item.checked);

  /** Question ids whose most recent graded answer, in any attempt, was wrong or missing. */
  function missedIds() {
    const last = new Map();
    for (const attempt of store.attempts) {
      for (const item of gradedItems(attempt)) {
        const q = BANK.get(item.id);
        if (isScored(q)) last.set(item.id, isCorrect(q, item.answer));
      }
    }
    return [...last].filter(([, ok]) => !ok).map(([id]) => id);
  }

  /** Which part of its case study the item at index is, among the consecutive parts around it. */
  function casePart(items, index) {
    const caseId = BANK.get(items[index].id).case;
    if (!caseId) return null;
    const same = (i) => i >= 0 && i < items.length && BANK.get(items[i].id).case === caseId;
    let first = index, last = index;
    while (same(first - 1)) first -= 1;
    while (same(last + 1)) last += 1;
    return { part: index - first + 1, parts: last - first + 1, first, last };
  }

  // ---------------------------------------------------------------- forms

  function formItems(letter) {
    const form = DATA.forms.find((f) => f.letter === letter);
    return form.items.map((item) => ({ id: item.id, order: item.order || null }));
  }

  /** Units a form takes whole: a case study's parts stay together. */
  function unitsOf(questions) {
    const units = new Map();
    for (const q of questions) {
      const key = q.case || q.id;
      if (!units.has(key)) units.set(key, []);
      units.get(key).push(q);
    }
    return [...units.values()];
  }

  /** Units making exactly `needed` questions, or null: random case studies, topped up with standalone ones. */
  function pickUnits(units, needed) {
    const cases = shuffle(units.filter((u) => u.length > 1));
    const singles = shuffle(units.filter((u) => u.length === 1));
    const chosen = [];
    function place(index, room) {
      if (index === cases.length) return room >= 0 && room <= singles.length;
      for (const take of shuffle([true, false])) {
        if (take && cases[index].length > room) continue;
        if (take) chosen.push(cases[index]);
        if (place(index + 1, take ? room - cases[index].length : room)) return true;
        if (take) chosen.pop();
      }
      return false;
    }
    if (!place(0, needed)) return null;
    const room = needed - chosen.reduce((sum, u) => sum + u.length, 0);
    return chosen.concat(singles.slice(0, room));
  }

  /** A random form on the blueprint: exact questions per domain, units and choices shuffled; null if impossible. */
  function drawForm() {
    const units = [];
    for (const [domain, needed] of Object.entries(EXAM.blueprint)) {
      const picked = pickUnits(unitsOf(DATA.questions.filter((q) => q.domain === domain)), needed);
      if (!picked) return null;
      units.push(...picked);
    }
    return shuffle(units).flat().map((q) => ({ id: q.id, order: randomOrder(q) }));
  }

  const canDrawForm = () => Object.entries(EXAM.blueprint).every(([domain, needed]) =>
    pickUnits(unitsOf(DATA.questions.filter((q) => q.domain === domain)), needed) !== null);

  // ---------------------------------------------------------------- storage

  function storage() {
    try {
      const ls = window.localStorage;
      ls.getItem(STORE_KEY);
      return ls;
    } catch (error) {
      return null;
    }
  }

  const emptyStore = () => ({ format: FORMAT, schema: SCHEMA, exam: EXAM.id, version: EXAM.version, attempts: [],
    session: null });

  /** Why stored progress cannot be used, or "" when it can. */
  function storeProblem(value) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return "it is not a progress record";
    if (value.format !== FORMAT) return "it is not a progress record of this page";
    if (value.schema !== SCHEMA) return `it was written in format ${value.schema}, this page reads format ${SCHEMA}`;
    if (value.exam !== EXAM.id || value.version !== EXAM.version) return "it belongs to another exam or pack version";
    if (!Array.isArray(value.attempts) || !value.attempts.every(validAttempt)) return "an attempt in it is damaged";
    if (value.session !== null && !validSession(value.session)) return "the session in progress is damaged";
    return "";
  }

  function validAttempt(a) {
    return !!a && (a.mode === "exam" || a.mode === "practice") && typeof a.id === "string" &&
      typeof a.label === "string" && Number.isFinite(a.started) && Number.isFinite(a.finished) &&
      Number.isFinite(a.seconds) && Array.isArray(a.items) && a.items.every(validItem);
  }

  function validSession(s) {
    if (!s || (s.mode !== "exam" && s.mode !== "practice") || typeof s.id !== "string") return false;
    if (!Array.isArray(s.items) || !s.items.length || !s.items.every(validItem)) return false;
    if (!Number.isInteger(s.index) || s.index < 0 || s.index >= s.items.length) return false;
    return s.mode === "practice" || (Number.isFinite(s.remainingMs) && Number.isFinite(s.durationMs) &&
      Array.isArray(s.warned));
  }

  /** Move a stored value to a set-aside key and tell the student, so nothing is lost and nothing breaks. */
  function setAside(ls, key, raw, reason) {
    const asideKey = `${ASIDE_PREFIX}${new Date().toISOString()}/${key.slice(KEY_PREFIX.length)}`;
    try {
      ls.setItem(asideKey, raw);
    } catch (error) {
      // Storage full: the text stays downloadable from the notice for this visit.
    }
    ls.removeItem(key);
    notices.push({ text: `${reason}. It was set aside in this browser, not deleted, and a fresh record was started.`,
      aside: { key: asideKey, raw } });
  }

  function loadStore() {
    const ls = storage();
    if (!ls) {
      notices.push({ text: "This browser does not let the page keep progress: attempts are lost when you close it." });
      return emptyStore();
    }
    for (const key of Object.keys(ls)) {
      if (key.startsWith(KEY_PREFIX) && !key.startsWith(ASIDE_PREFIX) && key !== STORE_KEY) {
        setAside(ls, key, ls.getItem(key), `Progress saved for pack version ${key.slice(KEY_PREFIX.length)} ` +
          `does not match this page's version ${EXAM.version}, whose questions may differ`);
      }
    }
    const raw = ls.getItem(STORE_KEY);
    if (raw === null) return emptyStore();
    let value = null;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      setAside(ls, STORE_KEY, raw, "Your saved progress could not be read (it is not valid JSON)");
      return emptyStore();
    }
    const problem = storeProblem(value);
    if (!problem) return value;
    setAside(ls, STORE_KEY, raw, `Your saved progress could not be used (${problem})`);
    return emptyStore();
  }

  function save() {
    lastSave = Date.now();
    const ls = storage();
    if (!ls) return;
    store.attempts = store.attempts.slice(-MAX_ATTEMPTS);
    try {
      ls.setItem(STORE_KEY, JSON.stringify(store));
    } catch (error) {
      announce("Progress could not be saved: this browser's storage is full or turned off.");
    }
  }

  function exportLink() {
    const link = el("a", { class: "button", href: "#", download: `${EXAM.id}-${EXAM.version}-progress.json` },
      "Export progress");
    const refresh = () => {
      if (exportUrl) URL.revokeObjectURL(exportUrl);
      const text = JSON.stringify(Object.assign({}, store, { session: null }), null, 1);
      exportUrl = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      link.href = exportUrl;
    };
    refresh();
    link.addEventListener("click", refresh);
    return link;
  }

  function downloadLink(label, name, text) {
    return el("a", { class: "button small", download: name,
      href: URL.createObjectURL(new Blob([text], { type: "application/json" })) }, label);
  }

  /** Merge an exported progress file into the store; attempts already there are kept once. */
  async function importFile(file, report) {
    let value;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      report(`“${file.name}” is not a progress file: it is not valid JSON. Nothing was imported.`, true);
      return;
    }
    if (value && typeof value === "object" && value.format === FORMAT && value.exam !== EXAM.id) {
      report(`“${file.name}” holds progress for another exam (${value.exam}). Nothing was imported.`, true);
      return;
    }
    const problem = storeProblem(Object.assign({}, value, { version: EXAM.version, session: null }));
    if (problem) {
      report(`“${file.name}” cannot be imported: ${problem}. Nothing was imported.`, true);
      return;
    }
    const known = new Set(store.attempts.map((a) => a.id));
    const added = value.attempts.filter((a) => !known.has(a.id));
    store.attempts = store.attempts.concat(added).sort((a, b) => a.finished - b.finished);
    save();
    notices = [{ text: `Imported ${plural(added.length, "attempt")} from “${file.name}”.` }];
    renderStart();
  }

  function resetProgress() {
    const ls = storage();
    if (ls) for (const key of Object.keys(ls)) if (key.startsWith(KEY_PREFIX)) ls.removeItem(key);
    store = emptyStore();
    save();
    notices = [{ text: "All progress for this exam was erased from this browser." }];
    renderStart();
  }

  // ---------------------------------------------------------------- start screen

  function renderStart() {
    stopClock();
    hideAlert();
    const total = EXAM.total_questions;
    const s = EXAM.score;
    const passText = s.scale === "scaled" ? `pass mark ${s.pass} on a scale of ${s.min}–${s.max}`
      : `pass mark ${s.pass}%`;
    show("start",
      el("header", { class: "hero" },
        el("p", { class: "eyebrow" }, `${EXAM.code} · pack version ${EXAM.version}`),
        el("h1", {}, EXAM.title),
        el("p", { class: "lede" }, `${plural(total, "question")} · ${EXAM.duration_minutes} minutes · ${passText}`)),
      noticeList(),
      el("div", { class: "cards" }, examCard(), practiceCard(), progressCard()),
      el("footer", { class: "page-foot" },
        el("p", {}, "Keys on a question: 1–9 choose an option · N next · P previous · F flag for review."),
        el("p", {}, "This page works offline and makes no network request. Progress stays in this browser.")));
  }

  function noticeList() {
    if (!notices.length) return null;
    return el("div", { class: "notices", role: "status" }, notices.map((n) => el("p", { class: "notice" }, n.text,
      n.aside ? [" ", downloadLink("Download the set-aside data", "set-aside-progress.json", n.aside.raw)] : null)));
  }

  function examCard() {
    const random = canDrawForm();
    const blueprintText = EXAM.domains.map((d) => EXAM.blueprint[d.id] || 0).join(" / ");
    const options = DATA.forms.map((f, i) => radioRow("form", f.letter, `Form ${f.letter}`,
      `The questions of booklet Form ${f.letter}, in its order.`, i === 0));
    options.push(radioRow("form", "random", "Random form",
      random ? `Drawn now on the exam blueprint (${blueprintText} questions per domain).`
        : "Not available: the bank cannot fill the blueprint.", !DATA.forms.length && random, !random));
    const start = () => {
      const checked = app.querySelector("input[name=form]:checked");
      if (checked) startExam(checked.value);
    };
    return el("section", { class: "card exam-card", "aria-labelledby": "exam-mode" },
      el("h2", { id: "exam-mode" }, "Exam mode"),
      el("p", {}, `Timed like the real exam: ${EXAM.duration_minutes} minutes, one question per screen, flag and ` +
        "review before you submit. No answers are shown until you submit."),
      el("fieldset", { class: "choice-list" }, el("legend", {}, "Form"), options),
      button("Start exam", start, { class: "primary", id: "start-exam" }),
      el("details", { class: "rules" }, el("summary", {}, "Question types on this exam"),
        el("ul", {}, EXAM.question_types.map((t) => el("li", {}, el("strong", {}, t.type), ": ", t.rule)))));
  }

  function radioRow(name, value, label, hint, checked, disabled) {
    const id = `${name}-${value}`;
    return el("label", { class: "pick", htmlFor: id },
      el("input", { type: "radio", name, value, id, checked, disabled }),
      el("span", {}, el("strong", {}, label), el("span", { class: "hint" }, hint)));
  }

  function practiceCard() {
    const misses = missedIds();
    const count = el("input", { type: "number", id: "practice-count", min: 1, value: "10", inputMode: "numeric" });
    const available = el("span", { class: "hint", id: "practice-available" });
    const domains = EXAM.domains.map((d) => domainPicker(d, refresh));
    function selected() {
      const tasks = new Set([...card.querySelectorAll("input[data-task]:checked")].map((i) => i.dataset.task));
      return DATA.questions.filter((q) => tasks.has(`${q.domain} ${q.task}`));
    }
    function refresh() {
      const n = selected().length;
      available.textContent = `of ${plural(n, "matching question")}`;
      count.max = String(Math.max(n, 1));
    }
    const start = () => {
      const pool = selected();
      const wanted = Math.max(1, Math.min(pool.length, Number(count.value) || 10));
      if (!pool.length) return announce("Pick at least one task statement.");
      const ids = shuffle(unitsOf(pool)).flat().slice(0, wanted).map((q) => q.id);
      startPractice(ids, "Practice");
    };
    const card = el("section", { class: "card practice-card", "aria-labelledby": "practice-mode" },
      el("h2", { id: "practice-mode" }, "Practice mode"),
      el("p", {}, "Untimed. Each answer is checked at once, with the why of every option and the explanation."),
      el("fieldset", { class: "domains" }, el("legend", {}, "Domains and task statements"), domains),
      el("p", { class: "count-row" }, el("label", { htmlFor: "practice-count" }, "Questions "), count, " ", available),
      el("div", { class: "row" },
        button("Start practice", start, { class: "primary", id: "start-practice" }),
        button(misses.length ? `Drill my misses (${misses.length})` : "Drill my misses (none yet)",
          () => startPractice(shuffle(misses), "Drill of misses"), { id: "drill", disabled: !misses.length })));
    refresh();
    return card;
  }

  /** A domain's checkbox with its task statements' checkboxes; the domain box checks or clears them all. */
  function domainPicker(domain, onChange) {
    const tasks = domain.tasks.map((t) => {
      const id = `task-${domain.id}-${t.id}`.replace(/[^\w-]/g, "-");
      return el("label", { class: "pick task", htmlFor: id },
        el("input", { type: "checkbox", id, checked: true, data: { task: `${domain.id} ${t.id}` } }),
        el("span", {}, el("strong", {}, `Task ${t.id}`), " ", t.text));
    });
    const box = el("input", { type: "checkbox", id: `domain-${domain.id}`, checked: true });
    const boxes = () => tasks.map((t) => t.querySelector("input"));
    box.addEventListener("change", () => {
      boxes().forEach((b) => { b.checked = box.checked; });
      onChange();
    });
    for (const b of boxes()) {
      b.addEventListener("change", () => {
        const on = boxes().filter((x) => x.checked).length;
        box.checked = on === tasks.length;
        box.indeterminate = on > 0 && on < tasks.length;
        onChange();
      });
    }
    return el("div", { class: "domain-pick" },
      el("label", { class: "pick domain", htmlFor: box.id }, box,
        el("span", {}, el("strong", {}, `Domain ${domain.number}`), " ", domain.name,
          el("span", { class: "hint" }, `${domain.weight}% of the exam`))),
      el("div", { class: "tasks" }, tasks));
  }

  function progressCard() {
    const attempts = store.attempts.slice().reverse();
    const confirmRow = el("div", { class: "confirm", hidden: true },
      el("p", {}, "Erase every attempt and miss for this exam from this browser?"),
      button("Erase progress", resetProgress, { class: "danger", id: "reset-confirm" }),
      button("Keep it", () => { confirmRow.hidden = true; }));
    const importStatus = el("p", { class: "hint", role: "status" });
    const input = el("input", { type: "file", id: "import-file", accept: "application/json,.json" });
    input.addEventListener("change", () => {
      if (input.files && input.files[0]) {
        importFile(input.files[0], (text, bad) => {
          importStatus.textContent = text;
          importStatus.classList.toggle("error", !!bad);
        });
      }
    });
    return el("section", { class: "card progress-card", "aria-labelledby": "progress" },
      el("h2", { id: "progress" }, "Your progress"),
      el("p", {}, `Kept in this browser only, for ${EXAM.code} pack version ${EXAM.version}. `,
        `${plural(store.attempts.length, "attempt")}, ${plural(missedIds().length, "question")} to drill.`),
      attempts.length ? el("ol", { class: "attempts", reversed: true }, attempts.slice(0, 12).map(attemptRow)) : null,
      el("div", { class: "row" }, exportLink(),
        el("label", { class: "file", htmlFor: "import-file" }, el("span", {}, "Import progress"), input),
        button("Reset progress…", () => { confirmRow.hidden = false; confirmRow.querySelector("button").focus(); },
          { id: "reset" })),
      importStatus, confirmRow);
  }

  function attemptRow(attempt) {
    const result = score(gradedItems(attempt));
    const exam = attempt.mode === "exam";
    return el("li", { class: "attempt" },
      el("div", {},
        el("p", {}, el("strong", {}, attempt.label),
          el("span", { class: "hint" }, ` · ${dateText(attempt.finished)}`)),
        el("p", {}, `${result.correct} of ${result.scored} correct`, exam ? ` · ${scoreText(result)}` : null,
          exam ? el("span", { class: `badge ${result.passed ? "pass" : "fail"}` },
            result.passed ? "Pass" : "Fail") : null)),
      button("View results", () => renderResults(attempt), { class: "small" }));
  }

  // ---------------------------------------------------------------- sessions

  const newId = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

  function startExam(choice) {
    const items = choice === "random" ? drawForm() : formItems(choice);
    if (!items) return announce("A random form cannot be drawn from this bank.");
    const durationMs = EXAM.duration_minutes * 60000;
    store.session = {
      id: newId(), mode: "exam", label: choice === "random" ? "Random form" : `Form ${choice}`, started: Date.now(),
      durationMs, remainingMs: durationMs, warned: [], timerHidden: false, index: 0, screen: "question",
      items: items.map((i) => ({ id: i.id, order: i.order, answer: null, flagged: false })),
    };
    save();
    startClock();
    renderQuestion();
  }

  function startPractice(ids, label) {
    if (!ids.length) return;
    store.session = {
      id: newId(), mode: "practice", label, started: Date.now(), index: 0,
      items: ids.map((id) => ({ id, order: randomOrder(BANK.get(id)), answer: null, flagged: false, checked: false })),
    };
    save();
    renderQuestion();
  }

  const session = () => store.session;
  const current = () => session().items[session().index];

  function go(index) {
    const s = session();
    if (index < 0 || index >= s.items.length) return;
    s.index = index;
    s.screen = "question";
    save();
    renderQuestion();
  }

  function next() {
    const s = session();
    if (s.index < s.items.length - 1) go(s.index + 1);
    else if (s.mode === "exam") renderReview();
    else finishPractice();
  }

  function previous() {
    go(session().index - 1);
  }

  function toggleFlag() {
    const item = current();
    item.flagged = !item.flagged;
    save();
    const flag = app.querySelector("#flag");
    if (flag) flag.setAttribute("aria-pressed", String(item.flagged));
    app.querySelector(".question")?.classList.toggle("flagged", item.flagged);
    refreshNavigator();
    announce(item.flagged ? "Flagged for review." : "Flag removed.");
  }

  // ---------------------------------------------------------------- clock

  function startClock() {
    stopClock();
    deadline = Date.now() + session().remainingMs;
    clockTimer = window.setInterval(tick, 1000);
  }

  function stopClock() {
    if (clockTimer !== null) window.clearInterval(clockTimer);
    clockTimer = null;
  }

  function tick() {
    const s = session();
    if (!s || s.mode !== "exam") return stopClock();
    const left = Math.max(0, deadline - Date.now());
    s.remainingMs = left;
    paintTimer();
    const crossed = WARNINGS.filter((m) => left <= m * 60000 && s.durationMs > m * 60000 && !s.warned.includes(m));
    if (crossed.length && left > 0) {
      s.warned.push(...crossed);
      const minutes = Math.min(...crossed);
      showAlert(`${minutes} minutes left. The exam is submitted automatically when the time runs out.`);
    }
    if (left === 0) submitExam(true);
    else if (Date.now() - lastSave >= SAVE_EVERY_MS) save();
  }

  function paintTimer() {
    const timer = document.getElementById("timer");
    if (!timer) return;
    const s = session();
    timer.textContent = clockText(s.remainingMs);
    timer.hidden = s.timerHidden;
    timer.classList.toggle("low", s.remainingMs <= 5 * 60000);
  }

  function timerControl() {
    const s = session();
    const toggle = button(s.timerHidden ? "Show timer" : "Hide timer", () => {
      s.timerHidden = !s.timerHidden;
      toggle.textContent = s.timerHidden ? "Show timer" : "Hide timer";
      toggle.setAttribute("aria-pressed", String(s.timerHidden));
      save();
      paintTimer();
    }, { class: "small ghost", id: "timer-toggle", "aria-pressed": String(s.timerHidden) });
    const timer = el("span", { id: "timer", class: "timer", role: "timer", "aria-label": "Time left" });
    return el("span", { class: "clock" }, timer, toggle);
  }

  // ---------------------------------------------------------------- question screen

  function renderQuestion() {
    const s = session();
    const item = current();
    const q = BANK.get(item.id);
    const exam = s.mode === "exam";
    const part = casePart(s.items, s.index);
    const locked = !exam && item.checked;
    const section = el("section", { class: `question${item.flagged ? " flagged" : ""}`, "aria-labelledby": "q-heading",
      data: { id: q.id } },
      el("h2", { id: "q-heading", class: "q-heading", "data-focus": "" },
        `Question ${s.index + 1} of ${s.items.length}`,
        el("span", { class: "badge type" }, part ? "Case study" : TYPE_NAMES[q.type]),
        el("span", { class: "badge flag" }, "Flagged")),
      part ? el("p", { class: "meta" }, `Part ${part.part} of ${part.parts} about the scenario`) : null,
      !exam ? el("p", { class: "meta" }, domainLabel(q)) : null,
      el("p", { id: "stem", class: "stem" }, q.stem),
      locked ? feedback(q, item) : answerControls(q, item, onAnswer),
      actions(q, item));
    const layout = el("div", { class: `layout${part ? " has-case" : ""}${exam ? " has-nav" : ""}` },
      part ? el("details", { class: "scenario", open: part.part === 1 || !isPhone() },
        el("summary", {}, "Case study scenario"), el("p", {}, q.scenario)) : null,
      section,
      exam ? navigator("navigator", true) : null);
    show("question", topBar(), layout);
    if (exam) {
      refreshNavigator();
      paintTimer();
    }
  }

  const isPhone = () => window.matchMedia("(max-width: 30rem)").matches;

  function domainLabel(q) {
    const d = DOMAINS.get(q.domain);
    return `Domain ${d.number}: ${d.name} · Task ${q.task} · ${TYPE_NAMES[q.type]}`;
  }

  function topBar() {
    const s = session();
    const exam = s.mode === "exam";
    const checked = s.items.filter((i) => i.checked);
    const right = checked.filter((i) => isCorrect(BANK.get(i.id), i.answer)).length;
    return el("header", { class: "bar" },
      el("span", { class: "bar-title" }, `${EXAM.code} · ${s.label}`),
      exam ? el("span", { class: "bar-count", id: "answered-count" }, answeredText())
        : el("span", { class: "bar-count" }, `${right} of ${checked.length} checked correct`),
      exam ? timerControl() : null);
  }

  function answeredText() {
    const items = session().items;
    const answered = items.filter((i) => isAnswered(BANK.get(i.id), i.answer)).length;
    return `${answered}/${items.length} answered`;
  }

  function onAnswer() {
    save();
    refreshNavigator();
    const count = document.getElementById("answered-count");
    if (count) count.textContent = answeredText();
    const check = document.getElementById("check");
    if (check) check.disabled = !isAnswered(BANK.get(current().id), current().answer);
  }

  function actions(q, item) {
    const s = session();
    const exam = s.mode === "exam";
    const last = s.index === s.items.length - 1;
    const key = (letter) => el("span", { class: "key-hint" }, ` (${letter})`);
    const wide = (text) => el("span", { class: "wide-only" }, text);
    const bar = el("div", { class: "actions" },
      button(["Previous", key("P")], previous, { id: "prev", disabled: s.index === 0 }));
    if (exam) {
      bar.append(
        button(["Flag", wide(" for review"), key("F")], toggleFlag,
          { id: "flag", class: "flag-button", "aria-pressed": String(item.flagged) }),
        button([last ? "Review" : "Next", key("N")], next, { id: "next", class: "primary" }),
        button("Questions", () => {
          const nav = document.getElementById("navigator");
          nav.classList.toggle("open");
          nav.querySelector("button")?.focus();
        }, { id: "nav-toggle", class: "ghost nav-toggle", "aria-controls": "navigator" }));
    } else {
      if (!item.checked) {
        bar.append(button(["Check", wide(" answer")], () => checkAnswer(), { id: "check", class: "primary",
          disabled: !isAnswered(q, item.answer) }));
      }
      bar.append(
        button([last ? "Finish" : "Next", key("N")], next, { id: "next", class: item.checked ? "primary" : "" }),
        button(["End", wide(" practice")], finishPractice, { id: "finish", class: "ghost" }));
    }
    return bar;
  }

  // ---------------------------------------------------------------- answer controls

  function answerControls(q, item, onChange) {
    switch (q.type) {
      case "multiple-choice":
      case "multiple-response": return choiceGroup(q, item, onChange);
      case "ordering": return orderingList(q, item, onChange);
      case "matching": return matchingRows(q, item, onChange);
      default: return performanceTask(q, item, onChange);
    }
  }

  function choiceGroup(q, item, onChange) {
    const multiple = q.type === "multiple-response";
    const chosen = (source) => (multiple ? (item.answer || []).includes(source) : item.answer === source);
    const hint = el("p", { class: "instruction", id: "instruction" });
    const paintHint = () => {
      const n = (item.answer || []).length;
      hint.textContent = multiple ? `Select ${q.select}. ${n} of ${q.select} selected.` : "Select 1.";
    };
    const group = el("div", { class: "options", role: multiple ? "group" : "radiogroup",
      "aria-labelledby": "stem", "aria-describedby": "instruction" });
    shownOrder(q, item).forEach((source, shown) => {
      const id = `option-${shown}`;
      const input = el("input", { type: multiple ? "checkbox" : "radio", name: "answer", id, value: String(source),
        checked: chosen(source) });
      const label = el("label", { class: `option${chosen(source) ? " chosen" : ""}`, htmlFor: id }, input,
        el("span", { class: "letter", "aria-hidden": "true" }, LETTERS[shown]),
        el("span", { class: "option-text" }, q.options[source].text));
      input.addEventListener("click", (event) => {
        if (multiple && input.checked && (item.answer || []).length >= q.select) {
          event.preventDefault(); // "Select N" is enforced: clear one first
          hint.textContent = `You can select only ${q.select}. Clear one of your choices first.`;
          announce(hint.textContent);
        }
      });
      input.addEventListener("change", () => {
        if (multiple) {
          const set = new Set(item.answer || []);
          if (input.checked) set.add(source); else set.delete(source);
          item.answer = set.size ? [...set].sort((a, b) => a - b) : null;
        } else {
          item.answer = source;
        }
        group.querySelectorAll("label").forEach((l) => l.classList.toggle("chosen", l.querySelector("input").checked));
        paintHint();
        onChange();
      });
      group.append(label);
    });
    paintHint();
    return el("div", {}, hint, group);
  }

  function orderingList(q, item, onChange) {
    const n = q.steps.length;
    const list = el("ol", { class: "ordering", "aria-label": "Steps, first to last",
      "aria-describedby": "instruction" });
    const order = () => [...list.children].map((li) => Number(li.dataset.step));
    const commit = (before) => {
      const after = order();
      if (before.join() === after.join()) return;
      item.answer = after;
      onChange();
    };
    function move(li, delta, focusTarget) {
      const before = order();
      const sibling = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) return announce(delta < 0 ? "Already first." : "Already last.");
      list.insertBefore(li, delta < 0 ? sibling : sibling.nextElementSibling);
      focusTarget.focus();
      announce(`Moved to position ${order().indexOf(Number(li.dataset.step)) + 1} of ${n}.`);
      commit(before);
    }
    for (const step of item.answer || shownOrder(q, item)) {
      const li = el("li", { class: "step", data: { step: String(step) } });
      const up = button("↑", () => move(li, -1, up), { class: "move", "aria-label": `Move up: ${q.steps[step]}` });
      const down = button("↓", () => move(li, 1, down),
        { class: "move", "aria-label": `Move down: ${q.steps[step]}` });
      li.append(el("span", { class: "grip", "aria-hidden": "true", title: "Drag to reorder" }, "⠿"),
        el("span", { class: "step-text" }, q.steps[step]), el("span", { class: "moves" }, up, down));
      list.append(li);
    }
    enableDrag(list, order, commit);
    // An order the student leaves as shown is an answer too, once they say so.
    const keep = button("Keep this order", () => {
      item.answer = order();
      onChange();
      announce("Order recorded.");
    }, { class: "keep-order" });
    return el("div", {}, el("p", { class: "instruction", id: "instruction" },
      "Put the steps in order, first at the top: drag them, or use the ↑ and ↓ buttons."), list, keep);
  }

  /** Drag the steps of a list with a mouse (anywhere on a step) or a finger (on its grip). */
  function enableDrag(list, order, commit) {
    let dragged = null;
    let before = null;
    list.addEventListener("pointerdown", (event) => {
      const li = event.target.closest("li");
      if (!li || event.target.closest("button") || event.button !== 0) return;
      if (event.pointerType !== "mouse" && !event.target.closest(".grip")) return;
      event.preventDefault();
      dragged = li;
      before = order();
      li.classList.add("dragging");
      list.setPointerCapture(event.pointerId);
    });
    list.addEventListener("pointermove", (event) => {
      if (!dragged) return;
      const target = [...list.children].find((li) => li !== dragged &&
        event.clientY < li.getBoundingClientRect().top + li.offsetHeight / 2);
      if ((target || null) !== dragged.nextElementSibling) list.insertBefore(dragged, target || null);
    });
    const end = () => {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      commit(before);
    };
    list.addEventListener("pointerup", end);
    list.addEventListener("pointercancel", end);
  }

  function matchingRows(q, item, onChange) {
    const n = q.pairs.length;
    const rows = q.pairs.map((pair, i) => {
      const id = `match-${i}`;
      const selected = item.answer ? item.answer[i] : null;
      const select = el("select", { id },
        el("option", { value: "" }, "Choose a match…"),
        shownOrder(q, item).map((source, shown) => el("option",
          { value: String(source), selected: selected === source }, `${LETTERS[shown]}. ${q.pairs[source].match}`)));
      select.addEventListener("change", () => {
        const answer = item.answer ? item.answer.slice() : Array(n).fill(null);
        answer[i] = select.value === "" ? null : Number(select.value);
        item.answer = answer.some((m) => m !== null) ? answer : null;
        onChange();
      });
      return el("div", { class: "match-row" },
        el("label", { htmlFor: id }, el("span", { class: "num" }, String(i + 1)), el("span", {}, pair.prompt)), select);
    });
    return el("div", {}, el("p", { class: "instruction", id: "instruction" },
      "Match each prompt to a response. All pairs must be right."), el("div", { class: "matching" }, rows));
  }

  function performanceTask(q, item, onChange) {
    const box = el("input", { type: "checkbox", id: "task-done", checked: item.answer === true });
    box.addEventListener("change", () => {
      item.answer = box.checked ? true : null;
      onChange();
    });
    return el("div", { class: "task-body" },
      q.setup ? [el("h3", {}, "Setup"), el("p", { class: "pre" }, q.setup)] : null,
      el("h3", {}, "Checks"), el("ul", {}, (q.checks || []).map((c) => el("li", {}, c))),
      el("label", { class: "pick", htmlFor: "task-done" }, box,
        el("span", {}, "I did this task on my own system (self-graded; it scores nothing)")));
  }

  /** Number key k: choose option k, or go to step k of an ordering or prompt k of a matching question. */
  function pickByNumber(k) {
    const input = app.querySelectorAll(".options input")[k];
    if (input) {
      input.focus();
      if (!(input.type === "radio" && input.checked)) input.click();
      return;
    }
    const target = app.querySelectorAll(".ordering li .move:first-child, .matching select")[k];
    if (target) target.focus();
  }

  // ---------------------------------------------------------------- navigator and review (exam mode)

  function navStatus(item) {
    const answered = isAnswered(BANK.get(item.id), item.answer);
    return { answered, text: `${answered ? "answered" : "unanswered"}${item.flagged ? ", flagged" : ""}` };
  }

  function navigator(id, withReview) {
    const s = session();
    return el("nav", { class: "navigator", id, "aria-label": "Questions" },
      el("div", { class: "nav-head" }, el("h2", { class: "nav-title" }, "Questions"),
        withReview ? button("Review all", renderReview, { id: "review", class: "small" }) : null),
      el("ol", { class: "nav-grid" }, s.items.map((item, i) => el("li", {},
        button(String(i + 1), () => go(i), { class: "nav-item", data: { index: String(i) } })))),
      el("p", { class: "legend" },
        el("span", { class: "nav-item answered sample", "aria-hidden": "true" }), "Answered ",
        el("span", { class: "nav-item sample", "aria-hidden": "true" }), "Unanswered ",
        el("span", { class: "nav-item flagged sample", "aria-hidden": "true" }), "Flagged"));
  }

  function refreshNavigator() {
    const s = session();
    if (!s) return;
    for (const b of app.querySelectorAll(".nav-item[data-index]")) {
      const i = Number(b.dataset.index);
      const status = navStatus(s.items[i]);
      b.classList.toggle("answered", status.answered);
      b.classList.toggle("flagged", s.items[i].flagged);
      const here = screen === "question" && i === s.index;
      b.classList.toggle("current", here);
      if (here) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
      b.setAttribute("aria-label", `Question ${i + 1}, ${status.text}${here ? ", current" : ""}`);
    }
  }

  function renderReview() {
    const s = session();
    s.screen = "review";
    save();
    const answered = s.items.filter((i) => isAnswered(BANK.get(i.id), i.answer)).length;
    const flagged = s.items.filter((i) => i.flagged).length;
    const unanswered = s.items.length - answered;
    const firstWhere = (test) => s.items.findIndex(test);
    const confirmRow = el("div", { class: "confirm", hidden: true, id: "submit-confirm" },
      el("p", {}, `${plural(unanswered, "question")} ${unanswered === 1 ? "is" : "are"} unanswered and will ` +
        "score zero."),
      button("Submit anyway", () => submitExam(false), { class: "primary", id: "submit-anyway" }),
      button("Keep working", () => { confirmRow.hidden = true; }));
    const discardRow = el("div", { class: "confirm", hidden: true },
      el("p", {}, "Leave this exam without a score? Its answers are discarded."),
      button("Discard the exam", discardSession, { class: "danger", id: "discard-confirm" }),
      button("Keep working", () => { discardRow.hidden = true; }));
    const submit = () => {
      if (unanswered) {
        confirmRow.hidden = false;
        confirmRow.querySelector("button").focus();
      } else {
        submitExam(false);
      }
    };
    show("review", topBar(),
      el("section", { class: "review-screen", "aria-labelledby": "review-heading" },
        el("h1", { id: "review-heading", "data-focus": "" }, "Review before you submit"),
        el("p", { class: "lede", id: "review-counts" },
          `${answered} answered · ${unanswered} unanswered · ${flagged} flagged`),
        navigator("review-navigator"),
        el("div", { class: "row" },
          button("Back to question " + (s.index + 1), () => go(s.index), { id: "back-to-question" }),
          button("First flagged", () => go(firstWhere((i) => i.flagged)), { id: "first-flagged", disabled: !flagged }),
          button("First unanswered", () => go(firstWhere((i) => !isAnswered(BANK.get(i.id), i.answer))),
            { id: "first-unanswered", disabled: !unanswered }),
          button("Submit exam", submit, { class: "primary", id: "submit" })),
        confirmRow,
        el("p", { class: "row" }, button("Leave without a score…", () => { discardRow.hidden = false; },
          { class: "ghost small", id: "discard" })),
        discardRow));
    refreshNavigator();
    paintTimer();
  }

  function discardSession() {
    stopClock();
    store.session = null;
    save();
    notices = [{ text: "The exam was discarded." }];
    renderStart();
  }

  function submitExam(timedOut) {
    stopClock();
    const s = session();
    const attempt = {
      id: s.id, mode: "exam", label: s.label, started: s.started, finished: Date.now(),
      seconds: Math.round((s.durationMs - s.remainingMs) / 1000), durationSeconds: s.durationMs / 1000, timedOut,
      items: s.items.map(({ id, order, answer, flagged }) => ({ id, order, answer, flagged })),
    };
    store.attempts.push(attempt);
    store.session = null;
    save();
    hideAlert();
    renderResults(attempt);
    if (timedOut) announce("Time is up. The exam was submitted.");
  }

  // ---------------------------------------------------------------- practice

  function checkAnswer() {
    const item = current();
    const q = BANK.get(item.id);
    if (!isAnswered(q, item.answer)) return;
    item.checked = true;
    recordPractice();
    save();
    renderQuestion();
    const verdict = app.querySelector(".verdict");
    if (verdict) {
      verdict.tabIndex = -1;
      verdict.focus();
      announce(verdict.textContent);
    }
  }

  /** Keep the practice session's checked answers as an attempt, so misses count even if it is never finished. */
  function recordPractice() {
    const s = session();
    const items = s.items.filter((i) => i.checked)
      .map(({ id, order, answer }) => ({ id, order, answer, checked: true }));
    const attempt = { id: s.id, mode: "practice", label: s.label, started: s.started, finished: Date.now(),
      seconds: Math.round((Date.now() - s.started) / 1000), items };
    const index = store.attempts.findIndex((a) => a.id === s.id);
    if (!items.length) return index >= 0 ? store.attempts[index] : null;
    if (index >= 0) store.attempts[index] = attempt; else store.attempts.push(attempt);
    return attempt;
  }

  function finishPractice() {
    const attempt = recordPractice();
    store.session = null;
    save();
    if (attempt) renderResults(attempt);
    else {
      notices = [{ text: "The practice ended with no answer checked." }];
      renderStart();
    }
  }

  function feedback(q, item) {
    const ok = isCorrect(q, item.answer);
    return el("div", { class: "feedback" },
      el("p", { class: `verdict ${ok ? "ok" : "miss"}` }, ok ? "✓ Correct" : "✗ Incorrect"),
      answerReview(q, item), explanation(q), factList(q.facts));
  }

  // ---------------------------------------------------------------- results

  function renderResults(attempt) {
    stopClock();
    const exam = attempt.mode === "exam";
    const graded = gradedItems(attempt);
    const result = score(graded);
    const missed = graded.filter((i) => isScored(BANK.get(i.id)) && !isCorrect(BANK.get(i.id), i.answer));
    const onlyMisses = el("input", { type: "checkbox", id: "only-misses" });
    const review = el("div", { class: "review-list" }, graded.map((item, i) => reviewItem(graded, i)));
    onlyMisses.addEventListener("change", () => review.classList.toggle("only-misses", onlyMisses.checked));
    show("results",
      el("header", { class: "results-head" },
        el("p", { class: "eyebrow" }, `${EXAM.code} · ${attempt.label} · ${dateText(attempt.finished)}`),
        el("h1", { "data-focus": "" }, exam ? "Exam results" : "Practice results")),
      exam ? verdictCard(attempt, result) : practiceSummary(attempt, result),
      el("div", { class: "row no-print" },
        button("Print results", () => window.print(), { id: "print" }),
        button(`Drill my misses (${missedIds().length})`, () => startPractice(shuffle(missedIds()), "Drill of misses"),
          { id: "drill-results", disabled: !missedIds().length }),
        button("Back to start", () => { notices = []; renderStart(); }, { class: "primary", id: "home" })),
      breakdown(result),
      restudy(missed),
      el("section", { class: "card wide", "aria-labelledby": "review-all" },
        el("h2", { id: "review-all" }, exam ? "Every question" : "Questions checked"),
        el("label", { class: "pick inline no-print", htmlFor: "only-misses" }, onlyMisses,
          el("span", {}, "Show only questions I missed")),
        review));
  }

  function verdictCard(attempt, result) {
    const s = EXAM.score;
    const scaled = s.scale === "scaled";
    return el("section", { class: `card wide verdict-card ${result.passed ? "pass" : "fail"}`, "aria-label": "Score" },
      el("p", { class: "big-verdict", id: "verdict" }, result.passed ? "Pass" : "Fail"),
      el("dl", { class: "facts-grid" },
        el("dt", {}, "Raw score"),
        el("dd", { id: "raw-score" }, rawText(result)),
        el("dt", {}, scaled ? "Scaled score (estimate)" : "Score"),
        el("dd", { id: "scaled-score" },
          scaled ? `${result.value} (estimate, on a scale of ${s.min}–${s.max})` : `${result.value}%`),
        el("dt", {}, "Pass mark"),
        el("dd", {}, scaled ? String(s.pass) : `${s.pass}%`),
        el("dt", {}, "Time used"),
        el("dd", { id: "time-used" },
          `${clockText(attempt.seconds * 1000)} of ${clockText(attempt.durationSeconds * 1000)}`)),
      attempt.timedOut ? el("p", { class: "notice", id: "timed-out" },
        "Time ran out: the exam was submitted automatically.") : null,
      scaled ? el("p", { class: "hint" }, `The scaled score is an estimate: ${s.min} + (${s.max} − ${s.min}) × ` +
        `the fraction correct. ${s.note || ""}`) : (s.note ? el("p", { class: "hint" }, s.note) : null));
  }

  function practiceSummary(attempt, result) {
    return el("section", { class: "card wide verdict-card", "aria-label": "Score" },
      el("p", { class: "big-verdict", id: "raw-score" }, rawText(result)),
      el("p", { class: "hint" }, `Time spent: ${clockText(attempt.seconds * 1000)}`));
  }

  function bar(correct, total) {
    const fill = el("span", { class: "fill" });
    fill.style.width = `${percent(correct, total)}%`;
    return el("span", { class: "bar-track", "aria-hidden": "true" }, fill);
  }

  function breakdown(result) {
    const domainRows = EXAM.domains.filter((d) => result.byDomain.has(d.id)).map((d) => {
      const r = result.byDomain.get(d.id);
      const tasks = d.tasks.filter((t) => result.byTask.has(`${d.id} ${t.id}`)).map((t) => {
        const tr = result.byTask.get(`${d.id} ${t.id}`);
        return el("li", { class: "score-row task-row" },
          el("span", { class: "label" }, `Task ${t.id} `, el("span", { class: "hint" }, t.text)),
          el("span", { class: "numbers" }, `${tr.correct}/${tr.total}`), bar(tr.correct, tr.total));
      });
      return el("li", { class: "domain-block" },
        el("div", { class: "score-row" },
          el("span", { class: "label" }, el("strong", {}, `Domain ${d.number}: ${d.name}`)),
          el("span", { class: "numbers" }, `${r.correct}/${r.total} · ${percent(r.correct, r.total)}%`),
          bar(r.correct, r.total)),
        el("ul", { class: "tasks-score" }, tasks));
    });
    return el("section", { class: "card wide", "aria-labelledby": "by-domain" },
      el("h2", { id: "by-domain" }, "By domain and task statement"),
      el("ul", { class: "breakdown", id: "breakdown" }, domainRows));
  }

  function restudy(missed) {
    const byDeck = new Map();
    for (const item of missed) {
      for (const id of BANK.get(item.id).facts) {
        const fact = DATA.facts[id];
        if (!fact) continue;
        if (!byDeck.has(fact.deck)) byDeck.set(fact.deck, new Map());
        byDeck.get(fact.deck).set(id, fact);
      }
    }
    const decks = [...byDeck.keys()].sort();
    return el("section", { class: "card wide", "aria-labelledby": "restudy" },
      el("h2", { id: "restudy" }, "Facts to restudy"),
      decks.length ? el("p", { class: "hint" }, "The facts behind the questions you missed, by their Anki deck.")
        : el("p", {}, "Nothing to restudy: every graded question was right."),
      decks.map((deck) => el("div", { class: "deck-block" },
        el("h3", {}, "Deck: ", deck),
        el("ul", { class: "facts restudy-list" }, [...byDeck.get(deck).values()].map((f) => el("li", {}, f.text))))));
  }

  function reviewItem(items, index) {
    const item = items[index];
    const q = BANK.get(item.id);
    const answered = isAnswered(q, item.answer);
    const ok = isCorrect(q, item.answer);
    const status = !isScored(q) ? "Not scored" : ok ? "Correct" : answered ? "Incorrect" : "Not answered";
    const part = casePart(items, index);
    return el("article", { class: `review ${!isScored(q) ? "unscored" : ok ? "ok" : "miss"}`, data: { id: q.id } },
      el("h3", {}, `Question ${index + 1} `, el("span", { class: `badge ${ok ? "pass" : "fail"}` }, status),
        item.flagged ? el("span", { class: "badge flag-on" }, "Flagged") : null),
      el("p", { class: "meta" }, domainLabel(q)),
      part && part.part === 1 ? el("div", { class: "scenario inline" },
        el("strong", {}, `Case study (questions ${part.first + 1}–${part.last + 1}): `), q.scenario) : null,
      part && part.part > 1 ? el("p", { class: "meta" }, `Case study, part ${part.part} of ${part.parts}`) : null,
      el("p", { class: "stem" }, q.stem),
      answerReview(q, item), explanation(q), factList(q.facts));
  }

  function tag(text, kind) {
    return el("span", { class: `tag ${kind}` }, text);
  }

  /** The chosen and the correct answer side by side, with the why of each option. */
  function answerReview(q, item) {
    const order = shownOrder(q, item);
    if (q.options) {
      const chosen = q.type === "multiple-response" ? item.answer || [] : item.answer === null ? [] : [item.answer];
      return el("ol", { class: "choices" }, order.map((source, shown) => {
        const o = q.options[source];
        const mine = chosen.includes(source);
        const kind = `${o.correct ? " key" : ""}${mine ? " mine" : ""}${mine && !o.correct ? " wrong" : ""}`;
        return el("li", { class: `choice${kind}` },
          el("span", { class: "letter" }, LETTERS[shown]),
          el("div", {}, el("p", { class: "option-text" }, o.text),
            el("p", { class: "tags" },
              mine ? tag(o.correct ? "✓ Your answer" : "✗ Your answer", o.correct ? "good" : "bad") : null,
              o.correct ? tag("Correct answer", "good") : null),
            o.why ? el("p", { class: "why" }, o.why) : null));
      }));
    }
    if (q.steps) {
      const mine = item.answer;
      return el("div", { class: "two-col" },
        el("div", {}, el("h4", {}, "Your order"), mine
          ? el("ol", { class: "plain" }, mine.map((step, pos) =>
            el("li", { class: step === pos ? "mark-ok" : "mark-bad" }, step === pos ? "✓ " : "✗ ", q.steps[step])))
          : el("p", {}, "Not answered")),
        el("div", {}, el("h4", {}, "Correct order"),
          el("ol", { class: "plain" }, q.steps.map((s) => el("li", {}, s)))));
    }
    if (q.pairs) {
      return el("ol", { class: "plain pairs" }, q.pairs.map((pair, i) => {
        const mine = item.answer ? item.answer[i] : null;
        const right = mine !== null && q.pairs[mine].match === pair.match;
        return el("li", {}, el("p", {}, pair.prompt),
          el("p", { class: right ? "mark-ok" : "mark-bad" }, right ? "✓ " : "✗ ", "Your match: ",
            mine === null ? "none" : `${LETTERS[order.indexOf(mine)] || ""}. ${q.pairs[mine].match}`),
          right ? null : el("p", { class: "mark-ok" }, "Correct: ", pair.match));
      }));
    }
    return el("div", { class: "task-body" },
      el("p", {}, item.answer === true ? "You marked this task done." : "You did not mark this task done."),
      el("h4", {}, "Checks"), el("ul", {}, (q.checks || []).map((c) => el("li", {}, c))),
      el("h4", {}, "Model solution"), el("pre", { class: "solution" }, q.solution || ""));
  }

  function explanation(q) {
    return q.explanation ? el("p", { class: "explanation" }, el("strong", {}, "Explanation: "), q.explanation) : null;
  }

  function factList(ids) {
    const facts = ids.map((id) => DATA.facts[id]).filter(Boolean);
    if (!facts.length) return null;
    return el("div", { class: "fact-box" }, el("h4", {}, "Facts behind this answer"),
      el("ul", { class: "facts" },
        facts.map((f) => el("li", {}, f.text, el("span", { class: "deck" }, ` — deck ${f.deck}`)))));
  }

  // ---------------------------------------------------------------- keyboard and start-up

  /** Shortcuts on a question. In a matching list's select, letters up to G pick a response, so F is left to it. */
  function onKey(event) {
    if (screen !== "question" || !store.session || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest("textarea, input[type=number], input[type=text], input[type=file]")) return;
    const key = event.key.toLowerCase();
    if (target.closest("select") && !/^[1-9np]$/.test(key)) return;
    if (/^[1-9]$/.test(key)) pickByNumber(Number(key) - 1);
    else if (key === "n") next();
    else if (key === "p") previous();
    else if (key === "f" && session().mode === "exam") toggleFlag();
    else return;
    event.preventDefault();
  }

  function resume() {
    const s = store.session;
    if (s.mode === "exam") {
      startClock();
      if (s.screen === "review") renderReview(); else renderQuestion();
      announce("Your exam in progress was resumed.");
    } else {
      renderQuestion();
    }
  }

  function boot() {
    store = loadStore();
    try {
      if (store.session) resume(); else renderStart();
    } catch (error) {
      // Data that passed the checks but still breaks a screen is set aside too, never left to break the page.
      const ls = storage();
      if (ls && ls.getItem(STORE_KEY) !== null) {
        setAside(ls, STORE_KEY, ls.getItem(STORE_KEY), `Your saved progress could not be shown (${error.message})`);
      }
      store = emptyStore();
      renderStart();
    }
    document.addEventListener("keydown", onKey);
    window.addEventListener("pagehide", () => { if (store.session) save(); });
    document.documentElement.dataset.ready = "true";
    performance.mark("exampack-ready");
  }

  boot();
})();
