"""The one place that touches the output folder.

An exam's outputs are written into a fresh build folder, manifest last, and published by
atomically repointing the symbolic link `<out>/<exam-id>` at it. A reader, or a build killed
at any moment, sees either the whole previous build or the whole new one, never a mix.
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
from pathlib import Path
from typing import Any

LOCK_NAME = ".exampack.lock"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as stable, readable JSON."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        _write_file(Path(temporary), data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def output_lock(out: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder for one build at a time; on_wait is called before waiting for another."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "a") as handle:
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


def publish(out: Path, exam_id: str, files: dict[str, bytes], manifest: bytes) -> Path:
    """Write files and then the manifest into a new build folder and make it `<out>/<exam_id>`."""
    builds = builds_folder(out, exam_id)
    builds.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=builds, prefix="build-"))
    os.chmod(staging, 0o755)
    for relative, data in files.items():
        _write_file(staging / relative, data)
    _write_file(staging / "manifest.json", manifest)
    _fsync_folder(staging)
    link = out / exam_id
    if link.is_dir() and not link.is_symlink():  # an output folder from before links were used
        os.replace(link, builds / "previous")
    temporary_link = out / f".{exam_id}.link"
    temporary_link.unlink(missing_ok=True)
    temporary_link.symlink_to(staging.relative_to(out))
    os.replace(temporary_link, link)
    _fsync_folder(out)
    for stale in builds.iterdir():
        if stale != staging:
            shutil.rmtree(stale, ignore_errors=True)
    return staging


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
