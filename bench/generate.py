"""Write a corpus N times the size of an exam's: its facts and questions copied N times.

Copies are new notes and questions with their own ids; copied facts stay off the cheat
sheets (`sheet: false`), so the sheets still fit on one page. Commands and API terms are
kept once: they name real AWS CLI commands, which cannot repeat.

    python bench/generate.py SOURCE_EXAM_FOLDER TARGET_SOURCES_FOLDER FACTOR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

PER_FILE = 250


class PlainDumper(yaml.SafeDumper):
    """Writes shared values out again instead of as anchors, which sources refuse."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def copy_question(question: dict, suffix: str) -> dict:
    copy = dict(question, id=question["id"] + suffix)
    if "facts" in copy:
        copy["facts"] = [f + suffix for f in copy["facts"]]
    if "parts" in copy:
        copy["parts"] = [copy_question(part, suffix) for part in copy["parts"]]
    return copy


def write_chunks(folder: Path, stem: str, key: str, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(items), PER_FILE):
        chunk = items[start:start + PER_FILE]
        path = folder / f"{stem}-{start // PER_FILE:04d}.yaml"
        path.write_text(yaml.dump({key: chunk}, Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=1000),
                        encoding="utf-8")


def generate(source: Path, target_sources: Path, factor: int) -> Path:
    """The exam folder written under target_sources."""
    target = target_sources / source.name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("exam.yaml", "syllabus.yaml", "sheets.yaml", "commands.yaml", "api.yaml"):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    for kind, key in (("facts", "facts"), ("questions", "questions")):
        for path in sorted((source / kind).glob("*.yaml")):
            items = yaml.safe_load(path.read_text(encoding="utf-8"))[key]
            everything = list(items)
            for copy in range(1, factor):
                suffix = f"-x{copy}"
                if kind == "facts":
                    everything += [{**{k: v for k, v in f.items() if k != "replaces"}, "id": f["id"] + suffix,
                                    "sheet": False, "tip": False} for f in items]
                else:
                    everything += [copy_question(q, suffix) for q in items]
            write_chunks(target / kind, path.stem, key, everything)
    return target


if __name__ == "__main__":
    generate(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
