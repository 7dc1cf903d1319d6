"""Fingerprints of what an output depends on, so an unchanged output is not rendered again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .templates import template_text

PACKAGE = Path(__file__).resolve().parent
OUTPUT_LIBRARIES = ("genanki", "reportlab", "fontpkg-ibm-plex-mono")


def _plain(value: Any) -> Any:
    """Dataclasses by the digest of their compared fields (source locations left out), containers recursively."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.frozen:
            return _fields(value)
        try:
            return _digest(value)
        except TypeError:  # a dataclass holding a dict cannot be hashed: spell it out each time
            return _fields(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _fields(value: Any) -> dict[str, Any]:
    return {"": type(value).__name__, **{f.name: _plain(getattr(value, f.name))
                                        for f in dataclasses.fields(value) if f.compare}}


@lru_cache(maxsize=1 << 15)
def _digest(value: Any) -> str:
    """A frozen dataclass's digest. Equal values share it, so a fact or question that several outputs
    depend on is serialised once per build, not once per output."""
    return hashlib.sha256(_json(_fields(value)).encode()).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@cache
def pipeline_digest() -> str:
    """The pipeline's version, its code and the libraries that shape the outputs: a changed renderer,
    or an upgraded genanki, reportlab or font, invalidates every output."""
    digest = hashlib.sha256(__version__.encode())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(templates: tuple[str, ...], *inputs: Any) -> str:
    """A digest of the pipeline, the named template files and the given inputs."""
    payload = _json([pipeline_digest(), [template_text(t) for t in templates], _plain(inputs)])
    return hashlib.sha256(payload.encode()).hexdigest()


def inputs_digest(trees: list[tuple[Path, list[Path]]], options: Any, extra: bytes) -> str:
    """A digest of the listed files (named relative to their tree), of `extra`, the pipeline and the options."""
    digest = hashlib.sha256(pipeline_digest().encode())
    digest.update(json.dumps(_plain(options), sort_keys=True).encode())
    digest.update(hashlib.sha256(extra).digest())
    for tree, files in trees:
        for path in files:
            digest.update(path.relative_to(tree).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
