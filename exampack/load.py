"""Find an exam's source files, read them and check each against its schema."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem
from .schemas import check_schema
from .yamlsource import SourceFile, read_source

FOLDER_KINDS = {"facts": "facts", "questions": "questions", "commands": "commands", "api": "api"}
FILE_KINDS = {"exam.yaml": "exam", "commands.yaml": "commands", "api.yaml": "api"}
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ExamSources:
    """The parsed, schema-checked files of one exam folder, by kind."""

    folder: Path
    files: dict[str, list[SourceFile]]


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def find_exams(sources: Path) -> list[Path]:
    """Every folder directly under sources that holds an exam.yaml, sorted."""
    return sorted(p.parent for p in sources.glob("*/exam.yaml"))


def kind_of(relative: Path) -> str | None:
    """The kind of source a file in an exam folder holds, from where it stands."""
    if len(relative.parts) == 1:
        return FILE_KINDS.get(relative.name)
    if len(relative.parts) == 2:
        return FOLDER_KINDS.get(relative.parts[0])
    return None


def load_exam_sources(folder: Path, sources_root: Path) -> tuple[ExamSources, list[Problem]]:
    """Read every YAML file of an exam folder; a Problem for each one that cannot be used."""
    problems: list[Problem] = []
    files: dict[str, list[SourceFile]] = {kind: [] for kind in ("exam", "facts", "commands", "api", "questions")}
    root = sources_root.resolve()
    for path in sorted(folder.rglob("*")):
        if path.suffix not in YAML_SUFFIXES or path.is_dir():
            continue
        name = shown(path)
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(Problem(Location(name), f"symbolic link points outside {shown(sources_root)}/"))
            continue
        kind = kind_of(path.relative_to(folder))
        if kind is None:
            problems.append(Problem(Location(name), _unknown_file_message()))
            continue
        result = read_source(name, path.read_bytes())
        if isinstance(result, Problem):
            problems.append(result)
            continue
        schema_problems = check_schema(kind, result)
        problems.extend(schema_problems)
        if not schema_problems:
            files[kind].append(result)
    if not files["exam"] and not any(p.location.path.endswith("exam.yaml") for p in problems):
        problems.append(Problem(Location(shown(folder / "exam.yaml")), "exam.yaml is missing"))
    return ExamSources(folder, files), problems


def _unknown_file_message() -> str:
    return (
        "not a known source file; an exam folder holds exam.yaml, commands.yaml, api.yaml "
        "and YAML files under facts/, questions/, commands/ or api/"
    )
