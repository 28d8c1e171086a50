"""Read, check and write assessment frameworks as YAML. Django-free.

`parse_framework(data)` returns a `ParsedFramework` or raises `FrameworkFileError` whose
`errors` name the line and the field of every problem found ("line 42:
modules[2].principles[0].proof_points[1]: 'text' is required"). `dump_framework()` writes a
file that parses back to an equal `ParsedFramework`. The schema is documented in
docs/frameworks.md.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KEY_MAX_LENGTH = 80
MAX_ERRORS = 50
MAX_LEVELS = 11
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

INT_TAG = "tag:yaml.org,2002:int"
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class ParsedChoice:
    code: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class ParsedScale:
    name: str
    levels: tuple[ParsedChoice, ...]
    non_ordinal: tuple[ParsedChoice, ...]


@dataclass(frozen=True)
class ParsedProofPoint:
    key: str
    text: str
    guidance: str = ""


@dataclass(frozen=True)
class ParsedPrinciple:
    key: str
    title: str
    description: str = ""
    proof_points: tuple[ParsedProofPoint, ...] = ()


@dataclass(frozen=True)
class ParsedModule:
    key: str
    title: str
    description: str = ""
    principles: tuple[ParsedPrinciple, ...] = ()


@dataclass(frozen=True)
class ParsedFramework:
    key: str
    title: str
    description: str = ""
    version: int | None = None
    scale: ParsedScale | None = None
    modules: tuple[ParsedModule, ...] = ()

    @property
    def proof_point_count(self) -> int:
        return sum(len(p.proof_points) for m in self.modules for p in m.principles)


DEFAULT_SCALE = ParsedScale(
    name="Default scale",
    levels=tuple(
        ParsedChoice(code=i, label=label)
        for i, label in enumerate(
            ["Not started", "Beginning", "Partially meets", "Substantially meets", "Fully meets"],
            start=1,
        )
    ),
    non_ordinal=(ParsedChoice(code=0, label="Don't know"),),
)


class FrameworkFileError(Exception):
    """A framework file that cannot be imported. `errors` lists every problem, one a line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class _TooManyErrors(Exception):
    pass


@dataclass
class _Field:
    """How one field of a mapping is read: its kind, whether required, its length limit."""

    kind: str  # "key", "text", "int", "list", "map", "levels"
    required: bool = False
    max_length: int = 0


FRAMEWORK_FIELDS = {
    "key": _Field("key", required=True),
    "title": _Field("text", required=True, max_length=200),
    "description": _Field("text"),
    "version": _Field("int"),
    "scale": _Field("map"),
    "modules": _Field("list", required=True),
}
SCALE_FIELDS = {
    "name": _Field("text", required=True, max_length=120),
    "levels": _Field("list", required=True),
    "non_ordinal": _Field("list"),
}
CHOICE_FIELDS = {
    "label": _Field("text", required=True, max_length=80),
    "description": _Field("text"),
}
NON_ORDINAL_FIELDS = {"code": _Field("int", required=True), **CHOICE_FIELDS}
MODULE_FIELDS = {
    "key": _Field("key", required=True),
    "title": _Field("text", required=True, max_length=200),
    "description": _Field("text"),
    "principles": _Field("list", required=True),
}
PRINCIPLE_FIELDS = {
    "key": _Field("key", required=True),
    "title": _Field("text", required=True, max_length=300),
    "description": _Field("text"),
    "proof_points": _Field("list", required=True),
}
PROOF_POINT_FIELDS = {
    "key": _Field("key", required=True),
    "text": _Field("text", required=True),
    "guidance": _Field("text"),
}


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _kind_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    return "text"


class _Reader:
    """Walks the composed YAML nodes, collecting errors instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, node: Node, path: str, message: str) -> None:
        where = f"line {_line(node)}: {path}: " if path else f"line {_line(node)}: "
        self.errors.append(where + message)
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    def mapping(self, node: Node, path: str, spec: dict[str, _Field]) -> dict[str, Any] | None:
        """The mapping's fields read by `spec`; None when the node is not a mapping."""
        if not isinstance(node, MappingNode):
            self.error(node, path, f"must be a mapping of fields, not {_kind_name(node)}")
            return None
        values: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name is None or name not in spec:
                self._unknown_field(key_node, path, name, spec)
                continue
            if name in seen:
                self.error(key_node, path, f"'{name}' appears twice (first on line {seen[name]})")
                continue
            seen[name] = _line(key_node)
            values[name] = self.value(value_node, _join(path, name), spec[name])
        for name, rule in spec.items():
            if rule.required and name not in seen:
                self.error(node, path, f"'{name}' is required")
        return values

    def _unknown_field(self, key_node: Node, path: str, name, spec) -> None:
        if name is None:
            self.error(key_node, path, "field names must be text")
            return
        close = difflib.get_close_matches(name, list(spec), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        allowed = ", ".join(spec)
        self.error(key_node, path, f"unknown field '{name}'{hint}; allowed fields: {allowed}")

    def value(self, node: Node, path: str, rule: _Field) -> object:
        if rule.kind in ("list", "map"):
            return node  # read by the caller, which knows what the items are
        if not isinstance(node, ScalarNode):
            self.error(node, path, f"must be {_expected(rule.kind)}, not {_kind_name(node)}")
            return None
        if rule.kind == "int":
            return self._int(node, path)
        text = "" if node.tag == NULL_TAG else node.value.strip()
        if rule.kind == "key":
            return self._key(node, path, text)
        if rule.required and not text:
            self.error(node, path, "must not be empty")
            return None
        if rule.max_length and len(text) > rule.max_length:
            self.error(
                node, path, f"is {len(text)} characters long; the limit is {rule.max_length}"
            )
            return None
        return text

    def _int(self, node: ScalarNode, path: str) -> int | None:
        if node.tag != INT_TAG:
            self.error(node, path, f"must be a whole number, not '{node.value}'")
            return None
        return SafeConstructor().construct_yaml_int(node)

    def _key(self, node: ScalarNode, path: str, text: str) -> str | None:
        if not text:
            self.error(node, path, "must not be empty")
            return None
        if len(text) > KEY_MAX_LENGTH or not KEY_PATTERN.match(text):
            self.error(
                node,
                path,
                f"'{text}' is not a valid key: use at most {KEY_MAX_LENGTH} lowercase letters, "
                "digits, hyphens and underscores, starting with a letter or digit",
            )
            return None
        return text

    def items(self, node: object, path: str, *, allow_empty: bool = False) -> list[Node]:
        """The items of a list field, or [] (with an error) when it is not a non-empty list."""
        if not isinstance(node, Node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"must be a list, not {_kind_name(node)}")
            return []
        if not node.value and not allow_empty:
            self.error(node, path, "must not be an empty list")
        return list(node.value)

    def unique_keys(self, nodes: list[Node], path: str) -> None:
        """Report keys used twice among siblings (modules of a framework, and so on)."""
        first: dict[str, tuple[int, int]] = {}
        for i, node in enumerate(nodes):
            key_node = _key_node(node)
            if not isinstance(key_node, ScalarNode) or key_node is node:
                continue
            key = key_node.value.strip()
            if key in first:
                j, line = first[key]
                message = f"duplicate key '{key}' (already used by {path}[{j}] on line {line})"
                self.error(key_node, f"{path}[{i}].key", message)
            else:
                first[key] = (i, _line(key_node))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _expected(kind: str) -> str:
    return {"int": "a whole number"}.get(kind, "text")


def _key_node(node: Node) -> Node:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "key":
                return value_node
    return node


def _load_nodes(data: bytes | str, max_bytes: int) -> Node:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise FrameworkFileError(
            [f"the file is {_size(len(raw))}; the largest accepted is {_size(max_bytes)}"]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(
            [f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)"]
        ) from None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise FrameworkFileError([f"line {line}: YAML aliases (*name) are not supported"])
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = ", ".join(part for part in (exc.context, exc.problem) if part) or "unreadable"
        raise FrameworkFileError([f"{where}this is not valid YAML: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise FrameworkFileError([f"this is not valid YAML: {exc}"]) from None
    if node is None:
        raise FrameworkFileError(["the file is empty"])
    return node


def _error_line(error: str) -> int:
    match = re.match(r"line (\d+)", error)
    return int(match.group(1)) if match else 1_000_000_000


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def parse_framework(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedFramework:
    """The framework in `data`, or FrameworkFileError listing every problem with its line."""
    root = _load_nodes(data, max_bytes)
    reader = _Reader()
    try:
        parsed = _read_framework(reader, root)
    except _TooManyErrors:
        reader.errors.append(f"stopped after {MAX_ERRORS} problems; fix these and try again")
        parsed = None
    if reader.errors or parsed is None:
        raise FrameworkFileError(sorted(reader.errors, key=_error_line))

    return parsed


def _read_framework(reader: _Reader, root: Node) -> ParsedFramework | None:
    if not isinstance(root, MappingNode):
        reader.error(
            root,
            "",
            f"the file must be a mapping with key, title and modules, not {_kind_name(root)}",
        )
        return None
    values = reader.mapping(root, "", FRAMEWORK_FIELDS)
    assert values is not None
    version = values.get("version")
    if isinstance(version, int) and version < 1:
        reader.error(_field_node(root, "version"), "version", "must be 1 or more")
    scale = _read_scale(reader, values["scale"]) if "scale" in values else None
    module_nodes = reader.items(values.get("modules"), "modules")
    modules = [_read_module(reader, node, f"modules[{i}]") for i, node in enumerate(module_nodes)]
    reader.unique_keys(module_nodes, "modules")
    if reader.errors:
        return None
    return ParsedFramework(
        key=values["key"],
        title=values["title"],
        description=values.get("description") or "",
        version=version if isinstance(version, int) else None,
        scale=scale,
        modules=tuple(m for m in modules if m),
    )


def _field_node(mapping: MappingNode, name: str) -> Node:
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) == name:
            return value_node
    return mapping


def _read_module(reader: _Reader, node: Node, path: str) -> ParsedModule | None:
    values = reader.mapping(node, path, MODULE_FIELDS)
    if values is None:
        return None
    nodes = reader.items(values.get("principles"), f"{path}.principles")
    principles = [
        _read_principle(reader, n, f"{path}.principles[{i}]") for i, n in enumerate(nodes)
    ]
    reader.unique_keys(nodes, f"{path}.principles")
    if not values.get("key") or not values.get("title") or None in principles:
        return None
    return ParsedModule(
        key=values["key"],
        title=values["title"],
        description=values.get("description") or "",
        principles=tuple(p for p in principles if p is not None),
    )


def _read_principle(reader: _Reader, node: Node, path: str) -> ParsedPrinciple | None:
    values = reader.mapping(node, path, PRINCIPLE_FIELDS)
    if values is None:
        return None
    nodes = reader.items(values.get("proof_points"), f"{path}.proof_points")
    points = [
        reader.mapping(n, f"{path}.proof_points[{i}]", PROOF_POINT_FIELDS)
        for i, n in enumerate(nodes)
    ]
    reader.unique_keys(nodes, f"{path}.proof_points")
    proof_points = tuple(
        ParsedProofPoint(key=p["key"], text=p["text"], guidance=p.get("guidance") or "")
        for p in points
        if p and p.get("key") and p.get("text")
    )
    if not values.get("key") or not values.get("title") or len(proof_points) != len(points):
        return None
    return ParsedPrinciple(
        key=values["key"],
        title=values["title"],
        description=values.get("description") or "",
        proof_points=proof_points,
    )


def _read_scale(reader: _Reader, node: Node) -> ParsedScale | None:
    values = reader.mapping(node, "scale", SCALE_FIELDS)
    if values is None:
        return None
    level_nodes = reader.items(values.get("levels"), "scale.levels")
    if 0 < len(level_nodes) < 2 or len(level_nodes) > MAX_LEVELS:
        reader.error(
            values["levels"], "scale.levels", f"must have between 2 and {MAX_LEVELS} levels"
        )
    levels = [
        _read_level(reader, n, f"scale.levels[{i}]", code=i + 1) for i, n in enumerate(level_nodes)
    ]
    if "non_ordinal" in values:
        other_nodes = reader.items(values["non_ordinal"], "scale.non_ordinal", allow_empty=True)
        others = [
            _read_non_ordinal(reader, n, f"scale.non_ordinal[{i}]")
            for i, n in enumerate(other_nodes)
        ]
    else:
        other_nodes, others = [], list(DEFAULT_SCALE.non_ordinal)
    paths = [f"scale.levels[{i}]" for i in range(len(level_nodes))]
    paths += [f"scale.non_ordinal[{i}]" for i in range(len(other_nodes))]
    _check_choices(
        reader, list(zip(level_nodes + other_nodes, paths, strict=True)), levels + others
    )
    if None in levels or None in others or not values.get("name"):
        return None
    return ParsedScale(
        name=values["name"],
        levels=tuple(c for c in levels if c is not None),
        non_ordinal=tuple(c for c in others if c is not None),
    )


def _read_level(reader: _Reader, node: Node, path: str, code: int) -> ParsedChoice | None:
    if isinstance(node, ScalarNode):
        label = reader.value(node, path, CHOICE_FIELDS["label"])
        return ParsedChoice(code=code, label=label) if isinstance(label, str) else None
    values = reader.mapping(node, path, CHOICE_FIELDS)
    if not values or not values.get("label"):
        return None
    return ParsedChoice(
        code=code, label=values["label"], description=values.get("description") or ""
    )


def _read_non_ordinal(reader: _Reader, node: Node, path: str) -> ParsedChoice | None:
    values = reader.mapping(node, path, NON_ORDINAL_FIELDS)
    if not values:
        return None
    code = values.get("code")
    if isinstance(code, int) and code > 0:
        reader.error(
            _field_node(node, "code"),
            f"{path}.code",
            "must be 0 (don't know) or below; codes 1 and up are the ordered levels",
        )
        return None
    if not isinstance(code, int) or not values.get("label"):
        return None
    return ParsedChoice(
        code=code, label=values["label"], description=values.get("description") or ""
    )


def _check_choices(
    reader: _Reader, places: list[tuple[Node, str]], choices: list[ParsedChoice | None]
) -> None:
    """Labels and codes must each be used once in a scale, or ratings would be ambiguous."""
    labels: dict[str, int] = {}
    codes: dict[int, int] = {}
    for (node, path), choice in zip(places, choices, strict=False):
        if choice is None:
            continue
        folded = choice.label.casefold()
        if folded in labels:
            first = labels[folded]
            reader.error(node, path, f"'{choice.label}' is already an answer (line {first})")
        labels.setdefault(folded, _line(node))
        if choice.code <= 0 and choice.code in codes:
            first = codes[choice.code]
            reader.error(node, path, f"the code {choice.code} is already used (line {first})")
        codes.setdefault(choice.code, _line(node))


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their field, and multi-line text as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _with_text(values: dict, **optional: str) -> dict:
    values.update({name: text for name, text in optional.items() if text})
    return values


def framework_to_dict(parsed: ParsedFramework) -> dict:
    result: dict = {"key": parsed.key, "title": parsed.title}
    if parsed.description:
        result["description"] = parsed.description
    if parsed.version is not None:
        result["version"] = parsed.version
    if parsed.scale is not None:
        result["scale"] = _scale_to_dict(parsed.scale)
    result["modules"] = [
        _with_text({"key": m.key, "title": m.title}, description=m.description)
        | {"principles": [_principle_to_dict(p) for p in m.principles]}
        for m in parsed.modules
    ]
    return result


def _principle_to_dict(principle: ParsedPrinciple) -> dict:
    return _with_text(
        {"key": principle.key, "title": principle.title}, description=principle.description
    ) | {
        "proof_points": [
            _with_text({"key": pp.key, "text": pp.text}, guidance=pp.guidance)
            for pp in principle.proof_points
        ]
    }


def _scale_to_dict(scale: ParsedScale) -> dict:
    return {
        "name": scale.name,
        "levels": [
            {"label": c.label, "description": c.description} if c.description else c.label
            for c in scale.levels
        ],
        "non_ordinal": [
            _with_text({"code": c.code, "label": c.label}, description=c.description)
            for c in scale.non_ordinal
        ],
    }


def dump_framework(parsed: ParsedFramework) -> str:
    """The framework as YAML text that `parse_framework` reads back to an equal framework."""
    header = "# Learnloop framework. Schema: docs/frameworks.md\n"
    body = yaml.dump(
        framework_to_dict(parsed),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body
