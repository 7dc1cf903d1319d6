"""The note lock: each Anki note's content hash and modification time, kept in the exam folder.

Anki updates a note on import only when the incoming modification time is newer than its own,
so a note's time must move forward whenever its content changes, and only then.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

from .errors import Location, Problem
from .load import shown

LOCK_NAME = "anki-notes.lock.json"
MAX_LOCK_BYTES = 64 << 20
MAX_MOD = 9_999_999_999  # seconds: the year 2286
GROUPS = ("notes", "notetypes")
HASH = re.compile(r"[0-9a-f]{64}")
FRESH_START = "; delete it to start afresh (note times then come from the last build in the output folder)"

NoteLock = dict[str, dict[str, dict[str, Any]]]


def lock_bytes(lock: NoteLock) -> bytes:
    """The note lock as it is saved."""
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode() if lock else b""


def read_note_lock(path: Path) -> tuple[NoteLock, bytes, list[Problem]]:
    """The exam's note lock (empty when there is none) and its bytes, or the problems that make it unusable."""
    name = shown(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not path.is_symlink():
            return {}, b"", []
        return _unusable(Location(name), "note lock is a broken link" + FRESH_START)
    except OSError as error:
        return _unusable(Location(name), f"cannot read the note lock: {error.strerror}")
    if not stat.S_ISREG(mode):
        return _unusable(Location(name), "note lock is not a regular file" + FRESH_START)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_LOCK_BYTES + 1)
    except OSError as error:
        return _unusable(Location(name), f"cannot read the note lock: {error.strerror}")
    if len(raw) > MAX_LOCK_BYTES:
        return _unusable(Location(name), f"note lock is over {MAX_LOCK_BYTES:,} bytes" + FRESH_START)
    try:
        text = raw.decode("utf-8")
        lock = json.loads(text)
    except UnicodeDecodeError:
        return _unusable(Location(name), "note lock is not UTF-8" + FRESH_START)
    except json.JSONDecodeError as error:
        return _unusable(Location(name, error.lineno, error.colno), f"note lock is not valid JSON ({error.msg})"
                         + FRESH_START)
    except RecursionError:
        return _unusable(Location(name), "note lock is nested too deeply" + FRESH_START)
    problems = [Problem(_locate(name, text, where), f"note lock: {message}" + FRESH_START)
                for where, message in _shape_problems(lock)]
    return ({}, b"", problems) if problems else (lock, raw, [])


def _unusable(where: Location, message: str) -> tuple[NoteLock, bytes, list[Problem]]:
    return {}, b"", [Problem(where, message)]


def published_note_lock(state: dict[str, Any]) -> NoteLock:
    """The note lock a published build recorded, or an empty one when the record is missing or broken."""
    lock = state.get("anki_notes", {})
    return {} if _shape_problems(lock) else lock


def _shape_problems(lock: Any) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with a parsed lock's shape: (key path, message) for each problem."""
    if not isinstance(lock, dict):
        return [((), f"expected a mapping of {' and '.join(GROUPS)}, got {type(lock).__name__}")]
    found = [((key,), f"unknown key {key!r}") for key in lock if key not in GROUPS]
    for group in GROUPS:
        entries = lock.get(group, {})
        if not isinstance(entries, dict):
            found.append(((group,), f"{group} must be a mapping, got {type(entries).__name__}"))
            continue
        for key, entry in entries.items():
            where = (group, key)
            if not isinstance(entry, dict) or set(entry) != {"hash", "mod"}:
                found.append((where, f"{group}[{key!r}] must be a mapping of hash and mod"))
            elif not isinstance(entry["hash"], str) or not HASH.fullmatch(entry["hash"]):
                found.append((where + ("hash",), f"{group}[{key!r}].hash must be 64 hex digits"))
            elif type(entry["mod"]) is not int or not 0 <= entry["mod"] <= MAX_MOD:
                found.append((where + ("mod",), (f"{group}[{key!r}].mod must be whole seconds from 0 to {MAX_MOD}, "
                                                f"got {entry['mod']!r}")))
    return found


def _locate(name: str, text: str, keys: tuple[str, ...]) -> Location:
    """Where the value at a key path is written: each key searched for after the one before."""
    position = 0
    for key in keys:
        found = text.find(json.dumps(key), position)
        if found < 0:
            break
        position = found
    line = text.count("\n", 0, position) + 1
    return Location(name, line, position - (text.rfind("\n", 0, position) + 1) + 1)


def newest_entry(content: str, known: list[dict[str, Any]], now: int) -> dict[str, Any]:
    """A note's lock entry for its content, given every entry it is known to have had.

    The time of an entry with the same content is kept when no other content is known with a
    time as new; otherwise the note gets a time newer than any it had, so Anki takes it.
    """
    same = [e for e in known if e["hash"] == content]
    other = [e for e in known if e["hash"] != content]
    if same:
        kept = max(same, key=lambda e: e["mod"])
        if all(e["mod"] < kept["mod"] for e in other):
            return {"hash": content, "mod": kept["mod"]}
    return {"hash": content, "mod": max([now] + [e["mod"] + 1 for e in known])}
