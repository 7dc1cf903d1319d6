"""JSON Schema checks of each source file, reported at the offending YAML node."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .errors import Problem
from .yamlsource import SourceFile

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
KINDS = ("exam", "syllabus", "sheets", "facts", "commands", "api", "questions", "reference")


@cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    """The validator for one kind of source file, its local references written out in place (resolving a
    reference for every item of a large file is most of what validating it costs)."""
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(_inlined(schema, schema.get("$defs", {})))


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    """A schema with each {"$ref": "#/$defs/name"} replaced by that definition (the schemas do not recurse)."""
    if isinstance(node, dict):
        reference = node.get("$ref", "")
        if reference.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return _inlined({**definitions[reference.removeprefix("#/$defs/")], **rest}, definitions)
        return {key: _inlined(value, definitions) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inlined(item, definitions) for item in node]
    return node


def dotted(path: tuple[str | int, ...]) -> str:
    """('facts', 3, 'text') as facts[3].text."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def check_schema(kind: str, source: SourceFile) -> list[Problem]:
    """Every schema violation in the file, one Problem each."""
    problems = []
    for error in validator(kind).iter_errors(source.data):
        path = tuple(error.absolute_path)
        problems.extend(_explain(error, path, source))
    return problems


def _explain(error: jsonschema.ValidationError, path: tuple, source: SourceFile) -> list[Problem]:
    where = dotted(path)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        problems = []
        for key in instance:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                suggestion = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    Problem(source.key_at(path + (key,)), f"{where}: unknown field {key!r}{suggestion}")
                )
        return problems
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return [Problem(source.at(path), f"{where}: missing required field {missing!r}")]
    if error.validator == "type":
        expected = error.validator_value
        got = type(instance).__name__.replace("str", "string").replace("NoneType", "nothing")
        hint = "; quote it" if expected == "string" and isinstance(instance, (int, float)) else ""
        return [Problem(source.at(path), f"{where}: expected {_article(expected)}, got {got} {instance!r}{hint}")]
    if error.validator == "pattern":
        return [Problem(source.at(path), f"{where}: {instance!r} does not match the pattern {error.validator_value}")]
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return [Problem(source.at(path), f"{where}: {instance!r} is not one of: {allowed}")]
    if error.validator in ("maxLength", "maxItems"):
        unit = "characters" if isinstance(instance, str) else "items"
        return [Problem(source.at(path), f"{where}: {len(instance)} {unit}; the limit is {error.validator_value}")]
    if error.validator == "const":
        return []
    return [Problem(source.at(path), f"{where}: {error.message}")]


def _article(kind: object) -> str:
    names = {"string": "a string", "integer": "an integer", "array": "a list",
             "object": "a mapping", "boolean": "true or false", "number": "a number"}
    return names.get(str(kind), str(kind))
