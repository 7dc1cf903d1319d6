"""Find an exam's source files, read them and check each against its schema."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem
from .schemas import KINDS, check_schema
from .yamlsource import MAX_BYTES, SourceFile, read_source

FOLDER_KINDS = {"facts": "facts", "questions": "questions", "commands": "commands", "api": "api", "tools": "reference"}
FILE_KINDS = {"exam.yaml": "exam", "syllabus.yaml": "syllabus", "sheets.yaml": "sheets", "commands.yaml": "commands",
              "api.yaml": "api"}
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


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def source_files(folder: Path, sources_root: Path) -> tuple[list[Path], list[Problem]]:
    """Every file under an exam folder, following links that stay inside sources_root, sorted.

    A link out of sources_root to a folder or YAML file, a broken link and anything that is not a
    regular file or folder is a Problem, never skipped in silence; other files linked from outside
    are not sources and are left out.
    """
    root = sources_root.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    visited: set[Path] = set()

    def visit(directory: Path) -> None:
        visited.add(directory.resolve())
        for entry in sorted(directory.iterdir()):
            if entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(root):
                    if target.is_dir() or is_yaml(entry):
                        problems.append(Problem(Location(shown(entry)),
                                                f"symbolic link points outside {shown(sources_root)}/"))
                    continue
                if not target.exists():
                    problems.append(Problem(Location(shown(entry)), "broken symbolic link; remove it"))
                    continue
            if entry.is_dir():
                if entry.resolve() not in visited:
                    visit(entry)
            elif entry.is_file():
                files.append(entry)
            else:
                problems.append(Problem(Location(shown(entry)), "not a regular file or folder; remove it"))

    if not folder.resolve().is_relative_to(root):
        return [], [Problem(Location(shown(folder)), f"exam folder is a link outside {shown(sources_root)}/")]
    visit(folder)
    return files, problems


def load_exam_sources(folder: Path, sources_root: Path) -> tuple[ExamSources, list[Problem]]:
    """Read every YAML file of an exam folder; a Problem for each one that cannot be used."""
    files: dict[str, list[SourceFile]] = {kind: [] for kind in KINDS}
    found, problems = source_files(folder, sources_root)
    if not found and problems:
        return ExamSources(folder, files), problems
    for path in found:
        if not is_yaml(path):
            continue
        name = shown(path)
        kind = kind_of(path.relative_to(folder))
        if kind is None:
            problems.append(Problem(Location(name), _unknown_file_message()))
            continue
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(Location(name), f"file is {path.stat().st_size:,} bytes; the limit is {MAX_BYTES:,}"))
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
        "not a known source file; an exam folder holds exam.yaml, syllabus.yaml, sheets.yaml, commands.yaml, api.yaml "
        "and YAML files under facts/, questions/, commands/, api/ or tools/"
    )
