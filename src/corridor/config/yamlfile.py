"""Reading a user's YAML file safely: bounded work whatever the file holds.

A scenario file is untrusted input. Before any setting is looked at, the file must be a
regular file of at most ``YAML_BYTES``, UTF-8 without NUL bytes, and its YAML must have no
aliases (``&a`` / ``*a``: an alias tree of a few hundred bytes can expand to gigabytes),
no duplicate keys (YAML would silently keep the last) and no nesting deeper than
``YAML_DEPTH`` (the schema needs 7). Scalars follow YAML 1.2's core schema, not PyYAML's
YAML 1.1: ``yes``/``no``/``on``/``off`` are text, not booleans (so they cannot pass as
numbers), ``1e6`` is a number and ``1:30`` is not sexagesimal 90.

Examples
--------
>>> loads("share: {2030: 1e-1, 2035: yes}", "x.yaml")
{'share': {2030: 0.1, 2035: 'yes'}}
>>> loads("a: &x [1]\\nb: *x", "x.yaml")
Traceback (most recent call last):
...
corridor.errors.InputError: x.yaml: a (line 1, column 4): anchors and aliases (&name, ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import yaml

from corridor.errors import InputError, one_line
from corridor.limits import YAML_DEPTH, read_text

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10x faster


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loading with YAML 1.2 core scalars, without aliases or duplicate keys."""

    yaml_implicit_resolvers: ClassVar[dict] = {}  # our own: YAML 1.2 core only

    def construct_object(self, node, deep=False):
        # the composer shares an aliased node: meeting a node twice is an alias
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused("anchors and aliases (&name, *name) are not allowed", node.start_mark)
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if len(mapping) < len(node.value):
            seen = set()
            for key_node, _ in node.value:
                key = self.constructed_objects[key_node]
                if key in seen:
                    raise _Refused(f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
        return mapping


_CORE = {  # YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
    "tag:yaml.org,2002:null": (r"~|null|Null|NULL|", "~nN"),
    "tag:yaml.org,2002:bool": (r"true|True|TRUE|false|False|FALSE", "tTfF"),
    "tag:yaml.org,2002:int": (r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    "tag:yaml.org,2002:float": (
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+0123456789."),
}
for _tag, (_pattern, _first) in _CORE.items():
    _Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), list(_first))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile("^$"), [""])


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if len(text) > 30:
        raise _Refused(f"a number of {len(text):,} digits", node.start_mark)
    return int(text, 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# only the core schema's types: no !!binary, !!timestamp, !!set, !!omap or !!pairs
_CORE_TYPES = ("null", "bool", "int", "float", "str", "seq", "map")
_Loader.yaml_constructors = {  # None: the constructor that refuses any other tag
    tag: construct for tag, construct in _Loader.yaml_constructors.items()
    if tag is None or tag.removeprefix("tag:yaml.org,2002:") in _CORE_TYPES}


def _depth(doc) -> int:
    """Nesting depth of mappings and lists, without recursion."""
    deepest, stack = 0, [(doc, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= YAML_DEPTH:
            children = value.values() if isinstance(value, dict) else value if isinstance(
                value, list) else ()
            stack.extend((child, depth + 1) for child in children)
    return deepest


def key_path(text: str, line: int, column: int) -> str:
    """The dotted path of keys to the node at ``line``, ``column`` (0-based), as far as
    the text parses; ``""`` at the top level.

    >>> key_path("a:\\n  b: [1, !!set {}]\\n", 1, 9)
    'a.b.1'
    """
    frames: list[list] = []  # [is_mapping, key or index, expecting a key]

    def done() -> None:  # a node ended: its parent moves on
        if frames:
            top = frames[-1]
            if top[0]:
                top[2] = True
            else:
                top[1] += 1

    def path(with_key=None) -> str:
        parts = [str(f[1]) for f in frames if not f[0] or not f[2]]
        return ".".join([*parts, *([str(with_key)] if with_key is not None else [])])

    try:
        for event in yaml.parse(text, Loader=_Base):
            at = (event.start_mark.line, event.start_mark.column) >= (line, column)
            if isinstance(event, yaml.ScalarEvent):
                key = bool(frames) and frames[-1][0] and frames[-1][2]
                if at:
                    return path(event.value if key else None)
                if key:
                    frames[-1][1:] = [event.value, False]
                else:
                    done()
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if at:
                    return path()
                frames.append([isinstance(event, yaml.MappingStartEvent), 0, True])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frames.pop()
                done()
    except yaml.YAMLError:
        pass
    return path()


def loads(text: str, label: str):
    """The document in ``text``; one :class:`InputError` naming ``label`` if it is refused."""
    try:
        doc = yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise InputError(f"{label}: nested more than {YAML_DEPTH} levels deep") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = ""
        if mark is not None:
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            field = one_line(key_path(text, mark.line, mark.column))
            where = f"{field} ({where}): " if field else f"{where}: "
        problem = getattr(err, "problem", None) or "not valid YAML"
        if not isinstance(err, _Refused):
            problem = f"not valid YAML ({problem})"
        raise InputError(f"{label}: {where}{problem}") from None
    if _depth(doc) > YAML_DEPTH:
        raise InputError(f"{label}: nested more than {YAML_DEPTH} levels deep")
    return doc


def read_yaml(path: Path, label: str) -> dict:
    """A YAML file's top-level mapping; one :class:`InputError` line if it is refused."""
    return read_mapping(read_text(Path(path), label), label)


def read_mapping(text: str, label: str) -> dict:
    """The top-level mapping of YAML ``text`` (an uploaded file, say); one
    :class:`InputError` line naming ``label`` if it is refused."""
    doc = loads(text, label)
    if doc is None:
        raise InputError(f"{label}: file is empty")
    if not isinstance(doc, dict):
        raise InputError(f"{label}: expected a mapping of settings, got {type(doc).__name__}")
    return doc
