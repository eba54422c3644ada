"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two equal keys. Planners
need ``file:line:column`` for errors inside valid YAML, so mappings and sequences are built as
``LocatedDict``/``LocatedList`` carrying the 1-based position of each value. Hostile files are
refused before construction: size, nesting depth, alias count and the alias-expanded node count
are all bounded (the "billion laughs" bomb expands exponentially through aliases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from metrics.domain import limits
from metrics.domain.messages import Message, msg, os_reason
from metrics.domain.problems import ProblemList

# PyYAML's own words for what it found, as codes (with the part that varies), so a planner reads them in
# their language; a phrase not listed here is shown as PyYAML wrote it.
_YAML_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"mapping values are not allowed here", "yaml.mapping_values"),
        (r"could not find expected (?P<token>.+)", "yaml.could_not_find"),
        (r"found character (?P<token>.+) that cannot start any token", "yaml.cannot_start_token"),
        (r"expected (?P<token>.+), but found (?P<found>.+)", "yaml.expected_but_found"),
        (r"expected (?P<token>.+), but got (?P<found>.+)", "yaml.expected_but_got"),
        (r"found unexpected end of stream", "yaml.unexpected_end"),
        (r"found undefined alias (?P<token>.+)", "yaml.undefined_alias"),
        (r"found unknown escape character (?P<token>.+)", "yaml.unknown_escape"),
        (r"while scanning a (?P<token>.+)", "yaml.while_scanning_a"),
        (r"while scanning an (?P<token>.+)", "yaml.while_scanning_an"),
        (r"while parsing a (?P<token>.+)", "yaml.while_parsing_a"),
        (r"while parsing an (?P<token>.+)", "yaml.while_parsing_an"),
    )
)


def yaml_reason(text: str) -> Message | str:
    """One of PyYAML's problem or context phrases as a message, if it is a known one."""
    for pattern, code in _YAML_PHRASES:
        found = pattern.fullmatch(text.strip())
        if found:
            return msg(code, **found.groupdict())
    return text


Position = tuple[int, int]  # (line, column), both 1-based

MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class YamlLimits:
    """Bounds that keep a hostile file from hanging the loader or exhausting memory."""

    max_bytes: int = limits.MAX_YAML_BYTES
    max_depth: int = 40
    max_aliases: int = 200
    max_nodes: int = 200_000
    max_problems: int = limits.MAX_PROBLEMS_PER_CHECK  # listed problems per file; the rest are counted


class LocatedDict(dict[Any, Any]):
    """A mapping that knows the position of itself, of each key and of each value."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_positions: dict[Any, Position] = {}
        self.value_positions: dict[Any, Position] = {}

    def pos(self, key: Any) -> Position:
        """Where the value of ``key`` is, or where the mapping starts if the key is absent."""
        return self.value_positions.get(key, self.position)

    def key_pos(self, key: Any) -> Position:
        return self.key_positions.get(key, self.position)


class LocatedList(list[Any]):
    """A sequence that knows the position of itself and of each item."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.positions: list[Position] = []

    def pos(self, index: int) -> Position:
        return self.positions[index] if 0 <= index < len(self.positions) else self.position


class _LimitExceeded(Exception):
    def __init__(self, message: Message, position: Position) -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.position = position


def _position(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _LocatingLoader(yaml.SafeLoader):
    """SafeLoader (no object-constructing tags) that bounds depth and aliases and records positions."""

    def __init__(self, stream: str, limits: YamlLimits, problems: ProblemList) -> None:
        super().__init__(stream)
        self.limits = limits
        self.problems = problems
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.max_aliases:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
                raise _LimitExceeded(
                    msg("problem.yaml_aliases", limit=self.limits.max_aliases),
                    (mark.line + 1, mark.column + 1),
                )
        self._depth += 1
        if self._depth > self.limits.max_depth:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
            raise _LimitExceeded(
                msg("problem.yaml_depth", limit=self.limits.max_depth),
                (mark.line + 1, mark.column + 1),
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_map(loader: _LocatingLoader, node: MappingNode) -> Any:
    data = LocatedDict()
    data.position = _position(node)
    yield data
    seen: dict[Any, Position] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode) and key_node.tag != MERGE_TAG:
            key = loader.construct_object(key_node)
            try:
                first = seen.get(key)
            except TypeError:
                continue
            if first is not None:
                line, col = _position(key_node)
                loader.problems.add(str(key), msg("problem.yaml_duplicate_key", first=first[0]), line, col)
            else:
                seen[key] = _position(key_node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            line, col = _position(key_node)
            loader.problems.add("", msg("problem.yaml_key_not_plain"), line, col)
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_positions[key] = _position(key_node)
        data.value_positions[key] = _position(value_node)


def _construct_seq(loader: _LocatingLoader, node: SequenceNode) -> Any:
    data = LocatedList()
    data.position = _position(node)
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=True))
        data.positions.append(_position(child))


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _expanded_size(node: Node, limit: int) -> int:
    """Nodes the document would have with every alias expanded, stopping once past ``limit``."""
    memo: dict[int, int] = {}

    def size(n: Node) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        total = 1
        if isinstance(n, SequenceNode):
            for child in n.value:
                total += size(child)
                if total > limit:
                    break
        elif isinstance(n, MappingNode):
            for k, v in n.value:
                total += size(k) + size(v)
                if total > limit:
                    break
        memo[key] = total
        return total

    return size(node)


if hasattr(yaml, "CSafeLoader"):

    class _FastLocatingLoader(yaml.CSafeLoader):
        """libyaml's parser with our located constructors: about ten times faster than pure Python."""

        def __init__(self, stream: str, problems: ProblemList) -> None:
            super().__init__(stream)
            self.problems = problems

    _FastLocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _FastLocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLocatingLoader = None  # type: ignore[misc,assignment]  # the stubs declare CSafeLoader even where it is missing


_BRACKETS = re.compile(r"[^\[\]{}]")


def _nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth: libyaml composes recursively, so only shallow files may use it.

    A block level needs at least one more column of indentation, or a "- " at the same column (hence
    x2); flow brackets are counted without regard to quoting, which can only overestimate.
    """
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    depth = deepest = 0
    for char in _BRACKETS.sub("", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return 2 * (indent + 1) + deepest


def _load_with_libyaml(text: str, limits: YamlLimits, path: Path) -> tuple[Any, ProblemList] | None:
    """Load with libyaml when the file is provably shallow and valid; ``None`` means use the guarded pure-Python path.

    Any error sends the file to the pure-Python loader as well, so messages are the same whichever
    parser ran.
    """
    if _FastLocatingLoader is None or _nesting_bound(text) > limits.max_depth:
        return None
    problems = ProblemList(path)
    loader = _FastLocatingLoader(text, problems)
    try:
        node = loader.get_single_node()
        if node is None or _expanded_size(node, limits.max_nodes) > limits.max_nodes:
            return None
        return loader.construct_document(node), problems
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def decode_text(raw: bytes, problems: ProblemList) -> str | None:
    """UTF-8 text without a BOM, or ``None`` with a problem naming the position and encoding."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        code = "problem.not_utf8_gbk"
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            code = "problem.not_utf8"
        problems.add("", msg(code), line, column)
        return None


def load_located_yaml(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[Any, ProblemList]:
    """Parse one YAML file into located data; on failure the data is ``None`` and problems say why."""
    problems = ProblemList(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            problems.add("", msg("problem.file_too_large", size=size, limit=limits.max_bytes))
            return None, problems
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("", msg("problem.cannot_read", reason=os_reason(exc)))
        return None, problems
    text = decode_text(raw, problems)
    if text is None:
        return None, problems
    if not text.strip():
        problems.add("", msg("problem.yaml_empty"), 1, 1)
        return None, problems
    fast = _load_with_libyaml(text, limits, path)
    if fast is not None:
        data, fast_problems = fast
        problems.extend(fast_problems)
        return data, problems
    try:
        loader = _LocatingLoader(text, limits, problems)
    except yaml.reader.ReaderError as exc:
        line: int | None = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.add("", msg("problem.yaml_character", character=f"#x{exc.character:04x}"), line, column)
        return None, problems
    try:
        node = loader.get_single_node()
        if node is None:
            problems.add("", msg("problem.yaml_only_comments"), 1, 1)
            return None, problems
        if _expanded_size(node, limits.max_nodes) > limits.max_nodes:
            problems.add("", msg("problem.yaml_expands", limit=limits.max_nodes), *_position(node))
            return None, problems
        data = loader.construct_document(node)
    except _LimitExceeded as exc:
        problems.add("", exc.message, *exc.position)
        return None, problems
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = exc.problem or ""
        found: Message | str
        if "constructor for the tag" in what:
            found = msg("problem.yaml_tag_not_allowed", tag=what.split("for the tag ", 1)[1])
        else:
            found = yaml_reason(what) if what else msg("problem.yaml_unsupported_value")
        problems.add("", msg("problem.yaml_not_plain", what=found), line, col)
        return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        syntax: Message | str = yaml_reason(exc.problem) if exc.problem else msg("problem.yaml_invalid")
        if exc.context:
            problems.add("", msg("problem.yaml_syntax_in", what=syntax, context=yaml_reason(exc.context)), line, col)
        else:
            problems.add("", msg("problem.yaml_syntax", what=syntax), line, col)
        return None, problems
    except yaml.YAMLError as exc:
        problems.add("", msg("problem.yaml_syntax", what=str(exc)))
        return None, problems
    finally:
        loader.dispose()
    return data, problems
