"""Read a YAML file into plain data, remembering where each value was written.

Only plain YAML is accepted: mappings, sequences and scalars. Duplicate keys,
anchors and aliases, language-specific tags, nesting deeper than MAX_DEPTH and text
no output can carry are refused with their location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Location, Problem

Path = tuple[str | int, ...]

MAX_BYTES = 1_000_000
PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 64
DEPTH_MESSAGE = f"nesting is deeper than {MAX_DEPTH} levels; flatten the data"
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str) -> None:
        self.mark = mark
        self.message = message


@dataclass(frozen=True)
class SourceFile:
    """A parsed source file: its data and where each value and key stands."""

    path: str
    data: Any
    values: dict[Path, Location]
    keys: dict[Path, Location]

    def at(self, path: Path) -> Location:
        """The location of the value at path, or of its nearest written parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Location(self.path))

    def key_at(self, path: Path) -> Location:
        """The location of the key that names path (falls back to the value)."""
        return self.keys.get(path) or self.at(path)


class _Composer(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases and deep nesting before they can multiply or recurse."""

    depth: int = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, "YAML aliases are not supported; write the value out")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"YAML anchors are not supported (&{anchor})")
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth == MAX_DEPTH:
            raise _Refused(event.start_mark, DEPTH_MESSAGE)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _location(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def read_source(path: str, raw: bytes) -> SourceFile | Problem:
    """Parse raw bytes of the file shown as path; a Problem if it cannot be read."""
    if len(raw) > MAX_BYTES:
        return Problem(Location(path), f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(Location(path), "file starts with a UTF-8 byte order mark; save it without one")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return Problem(Location(path, line, column), "file is not valid UTF-8; save it as UTF-8")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return Problem(Location(path), "file is empty")
    try:
        node = _compose_fast(text)
    except _Refused as refused:
        return Problem(_location(path, refused.mark), refused.message)
    except yaml.YAMLError:
        node = None
    if node is None:
        # The C parser found a problem: parse again in Python for its familiar, exact message.
        found = _compose_checked(path, text)
        if isinstance(found, Problem):
            return found
        node = found
    values: dict[Path, Location] = {}
    keys: dict[Path, Location] = {}
    try:
        data = _plain(node, (), path, values, keys, yaml.constructor.SafeConstructor())
    except _Refused as refused:
        return Problem(_location(path, refused.mark), refused.message)
    return SourceFile(path, data, values, keys)


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose with libyaml when available; None on anchors or aliases, refused if nested too deep."""
    if not yaml.__with_libyaml__:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, DEPTH_MESSAGE)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return None
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _compose_checked(path: str, text: str) -> yaml.Node | Problem:
    """Compose in pure Python, turning every refusal or syntax error into a located Problem."""
    try:
        loader = _Composer(text)
    except yaml.reader.ReaderError as error:
        return _unreadable(path, text, error)
    try:
        return loader.get_single_node()
    except _Refused as refused:
        return Problem(_location(path, refused.mark), refused.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return Problem(_location(path, mark), f"YAML syntax: {_yaml_reason(error)}")
    except yaml.reader.ReaderError as error:
        return _unreadable(path, text, error)
    except yaml.YAMLError as error:
        return Problem(Location(path), f"YAML syntax: {error}")
    finally:
        loader.dispose()


def _unreadable(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow, such as a control character, at its place."""
    line = text.count("\n", 0, error.position) + 1
    column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    character = error.character if isinstance(error.character, int) else ord(error.character)
    return Problem(Location(path, line, column), f"character U+{character:04X} is not allowed in YAML; remove it")


def _yaml_reason(error: yaml.MarkedYAMLError) -> str:
    reason = error.problem or str(error)
    if "'\\t'" in reason:
        return "tabs are not allowed for indentation; use spaces"
    if error.context:
        return f"{reason} ({error.context})"
    return reason


def _checked_text(value: Any, mark: yaml.Mark | None) -> Any:
    """The value itself, refused if it is a string holding a character no output can carry."""
    # Every forbidden character is non-printable, so the search runs only on the rare strings that need it.
    if isinstance(value, str) and not value.isprintable() and (found := FORBIDDEN_CHARACTER.search(value)):
        character = ord(found.group())
        kind = _character_kind(character)
        raise _Refused(mark, f"character U+{character:04X} ({kind}) is not allowed in text; remove it")
    return value


def _character_kind(character: int) -> str:
    """What kind of forbidden character this code point is, as the message names it."""
    if 0xD800 <= character <= 0xDFFF:
        return "a lone surrogate"
    if character >= 0xFDD0:
        return "a noncharacter"
    return "a control character"


def _plain(
    node: yaml.Node,
    path: Path,
    file: str,
    values: dict[Path, Location],
    keys: dict[Path, Location],
    loader: yaml.constructor.SafeConstructor,
) -> Any:
    """Turn a composed node into dicts, lists and scalars, recording locations."""
    if node.tag == TIMESTAMP_TAG and isinstance(node, yaml.ScalarNode):
        values[path] = _location(file, node.start_mark)
        return _checked_text(node.value, node.start_mark)
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(node.start_mark, f"tag {tag} is not allowed; sources are plain YAML")
    values[path] = _location(file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in PLAIN_TAGS:
                raise _Refused(key_node.start_mark, "mapping keys must be plain scalars")
            key = _checked_text(str(loader.construct_object(key_node)), key_node.start_mark)
            if key in result:
                first = keys[path + (key,)]
                raise _Refused(
                    key_node.start_mark,
                    f"duplicate key {key!r} (first defined at line {first.line})",
                )
            keys[path + (key,)] = _location(file, key_node.start_mark)
            result[key] = _plain(value_node, path + (key,), file, values, keys, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _plain(item, path + (index,), file, values, keys, loader)
            for index, item in enumerate(node.value)
        ]
    return _checked_text(loader.construct_object(node), node.start_mark)
