"""The one place that touches the output folder.

An exam's outputs are written into a fresh build folder, manifest last, and published by
atomically repointing the symbolic link `<out>/<exam-id>` at it. A reader, or a build killed
at any moment, sees either the whole previous build or the whole new one, never a mix.
Nothing is removed or replaced unless the build can prove it wrote it: its own build
folders, a link into them, or an output folder holding its own manifest.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BuildFailure
from .load import shown

LOCK_NAME = ".exampack.lock"
STATE_SUFFIX = ".state.json"
MANIFEST_NAME = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as stable, readable JSON."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def failures_explained(target: Path | None = None) -> Iterator[None]:
    """Turn an operating-system error (full disk, read-only folder, ...) into a BuildFailure naming the path."""
    try:
        yield
    except OSError as error:
        path = target or error.filename2 or error.filename
        where = f" {shown(Path(path))}" if path else ""
        raise BuildFailure(f"cannot write{where}: {error.strerror or error}; nothing was published") from error


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _write_temporary(path: Path, data: bytes) -> Path:
    """data in a new temporary file beside path, ready to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        _write_file(Path(temporary), data)
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder and a rename."""
    temporary = _write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_out_folder(out: Path, protected: list[Path]) -> None:
    """Refuse an output folder that is a file, or that is, holds or lies in one of the protected folders."""
    if out.exists() and not out.is_dir():
        raise BuildFailure(f"--out {shown(out)} is not a folder")
    target = out.resolve()
    for folder in protected:
        kept = folder.resolve()
        if target == kept or target.is_relative_to(kept) or kept.is_relative_to(target):
            relation = "is" if target == kept else "lies inside" if target.is_relative_to(kept) else "holds"
            raise BuildFailure(f"--out {shown(out)} {relation} {shown(folder)}/, which the build reads; "
                               "choose another output folder")


@contextlib.contextmanager
def output_lock(out: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder for one build at a time; on_wait is called before waiting for another."""
    with failures_explained():
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK_NAME, "a")  # noqa: SIM115 -- opened here to report a failure as a message
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def builds_folder(out: Path, exam_id: str) -> Path:
    """Where an exam's build folders live, beside its published link."""
    return out / f".{exam_id}.builds"


def published_folder(out: Path, exam_id: str) -> Path | None:
    """The folder `<out>/<exam_id>` shows if the build may replace it; None if there is none.

    BuildFailure, naming the path, when something there was not made by a build.
    """
    link, builds = out / exam_id, builds_folder(out, exam_id)
    if builds.is_symlink() or (builds.exists() and not builds.is_dir()):
        raise BuildFailure(f"{shown(builds)} was not made by a build (not a folder); move it away")
    if link.is_symlink():
        target = Path(os.readlink(link))
        if target.is_absolute() or target.parent != Path(builds.name):
            raise BuildFailure(f"{shown(link)} is a link the build did not make (to {target}); move it away")
        return link if link.is_dir() else None
    if not link.exists():
        return None
    if not link.is_dir():
        raise BuildFailure(f"{shown(link)} is a file the build did not make; move it away")
    foreign = _foreign_files(link, exam_id)
    if foreign:
        raise BuildFailure(f"{shown(link)} holds files the build did not make ({shown(foreign[0])}"
                           f"{f' and {len(foreign) - 1} more' if len(foreign) > 1 else ''}); move them away")
    return link


def _foreign_files(folder: Path, exam_id: str) -> list[Path]:
    """Files in an old output folder that its manifest does not list (all of them if it has none)."""
    files = sorted(p for p in folder.rglob("*") if not p.is_dir())
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        listed = {folder / o["path"] for o in manifest["outputs"]} | {folder / MANIFEST_NAME}
        if manifest["exam"] != exam_id:
            return files
    except (OSError, ValueError, KeyError, TypeError):
        return files
    return [f for f in files if f not in listed]


def state_path(build: Path) -> Path:
    """Where the build folder's record of how it was made is kept: beside it, so outputs stay outputs only."""
    return build.parent / f"{build.name}{STATE_SUFFIX}"


def read_state(published: Path | None) -> dict[str, Any]:
    """What the published build recorded about how it was made; empty when unknown."""
    if published is None:
        return {}
    try:
        with open(state_path(published.resolve()), "rb") as stream:
            state = json.loads(stream.read(64 << 20))
    except (OSError, ValueError, RecursionError):
        return {}
    return state if isinstance(state, dict) else {}


@dataclass(frozen=True)
class Publication:
    """One exam's files to publish: outputs by relative path, the manifest and the build's state."""

    exam_id: str
    files: dict[str, bytes]
    manifest: bytes
    state: dict[str, Any]


def publish(out: Path, publications: list[Publication], side_files: dict[Path, bytes]) -> None:
    """Write every build folder and side file, then make them current: all of it, or on failure none of it.

    Call under output_lock, after published_folder() accepted each target.
    """
    staged: list[tuple[Publication, Path]] = []
    temporaries: dict[Path, Path] = {}
    try:
        for publication in publications:
            with failures_explained():
                staged.append((publication, _stage(out, publication)))
        for path, data in side_files.items():
            with failures_explained(path):
                temporaries[path] = _write_temporary(path, data)
        for path, temporary in list(temporaries.items()):
            with failures_explained(path):
                os.replace(temporary, path)
            del temporaries[path]
    except BaseException:
        for _, staging in staged:
            shutil.rmtree(staging, ignore_errors=True)
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    for publication, staging in staged:
        _make_current(out, publication.exam_id, staging)


def _stage(out: Path, publication: Publication) -> Path:
    builds = builds_folder(out, publication.exam_id)
    builds.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=builds, prefix="build-"))
    os.chmod(staging, 0o755)
    try:
        state = (json.dumps(publication.state, sort_keys=True) + "\n").encode()
        for path, data in [*((staging / r, d) for r, d in publication.files.items()),
                           (staging / MANIFEST_NAME, publication.manifest), (state_path(staging), state)]:
            with failures_explained(path):
                _write_file(path, data)
        _fsync_folder(staging)
        _fsync_folder(builds)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        state_path(staging).unlink(missing_ok=True)
        raise
    return staging


def _make_current(out: Path, exam_id: str, staging: Path) -> None:
    """Point `<out>/<exam_id>` at the staged build; keep the one it replaces, drop older and partial ones."""
    builds, link = builds_folder(out, exam_id), out / exam_id
    previous = link.resolve() if link.is_symlink() else None
    if link.is_dir() and not link.is_symlink():  # an output folder from before links were used, proven ours
        previous = builds / "previous"
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(link, previous)
    temporary_link = builds / ".link"
    temporary_link.unlink(missing_ok=True)
    temporary_link.symlink_to(staging.relative_to(out))
    os.replace(temporary_link, link)
    _fsync_folder(out)
    prune_builds(out, exam_id, keep={staging, previous})


def prune_builds(out: Path, exam_id: str, keep: set[Path | None] | None = None) -> None:
    """Delete an exam's build folders but the published one and those in keep; with keep None, only
    the partial ones an interrupted build left (those without a manifest)."""
    builds, link = builds_folder(out, exam_id), out / exam_id
    if not builds.is_dir() or builds.is_symlink():
        return
    kept = {p.resolve() for p in keep or set() if p is not None}
    if link.is_symlink():
        kept.add(link.resolve())
    for entry in builds.iterdir():
        if entry.is_symlink() or not entry.is_dir():
            owner = builds / entry.name.removesuffix(STATE_SUFFIX)
            if not entry.name.endswith(STATE_SUFFIX) or not owner.is_dir():
                entry.unlink(missing_ok=True)
        elif entry.resolve() not in kept and (keep is not None or not (entry / MANIFEST_NAME).is_file()):
            shutil.rmtree(entry, ignore_errors=True)
            state_path(entry).unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
