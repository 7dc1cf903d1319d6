"""Find an exam's source files, read them and check each against its schema."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .errors import Location, Problem
from .parallel import run_all
from .schemas import KINDS, check_schema
from .yamlsource import MAX_BYTES, SourceFile, read_source

FOLDER_KINDS = {"facts": "facts", "questions": "questions", "commands": "commands", "api": "api", "tools": "reference"}
FILE_KINDS = {"exam.yaml": "exam", "syllabus.yaml": "syllabus", "sheets.yaml": "sheets", "commands.yaml": "commands",
              "api.yaml": "api"}
YAML_SUFFIXES = (".yaml", ".yml")
PARALLEL_BYTES = 256 * 1024  # below this, forking workers costs more than reading on one core saves


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
    readable: list[tuple[str, Path, int]] = []
    for path in found:
        if not is_yaml(path):
            continue
        kind = kind_of(path.relative_to(folder))
        size = path.stat().st_size
        if kind is None:
            problems.append(Problem(Location(shown(path)), _unknown_file_message()))
        elif size > MAX_BYTES:
            problems.append(Problem(Location(shown(path)), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}"))
        else:
            readable.append((kind, path, size))
    calls = [partial(_read_checked, kind, path) for kind, path, _ in readable]
    results = run_all(calls) if sum(size for *_, size in readable) >= PARALLEL_BYTES else [c() for c in calls]
    for (kind, *_), (source, file_problems) in zip(readable, results):
        problems.extend(file_problems)
        if source is not None:
            files[kind].append(source)
    if not files["exam"] and not any(p.location.path.endswith("exam.yaml") for p in problems):
        problems.append(Problem(Location(shown(folder / "exam.yaml")), "exam.yaml is missing"))
    return ExamSources(folder, files), problems


def _read_checked(kind: str, path: Path) -> tuple[SourceFile | None, list[Problem]]:
    """One file parsed and checked against its kind's schema; None with its problems if it cannot be used."""
    result = read_source(shown(path), path.read_bytes())
    if isinstance(result, Problem):
        return None, [result]
    problems = check_schema(kind, result)
    return (None if problems else result), problems


def _unknown_file_message() -> str:
    return (
        "not a known source file; an exam folder holds exam.yaml, syllabus.yaml, sheets.yaml, commands.yaml, api.yaml "
        "and YAML files under facts/, questions/, commands/, api/ or tools/"
    )
