"""Rewriting a post's front matter key by key, keeping every other byte (and the file name that goes with it).

Only the keys asked for change: a changed value keeps its place and its
quoting style, a new key goes just before the closing `---`, a removed key's
lines go. Everything else (order, comments, CRLF/LF, a BOM, the body) is kept
byte for byte. Scalars are written by PyYAML; where the text sits comes from
PyYAML's composer (node marks), never from a parser of our own. Every rewrite is
read back with `jekyll.parse_post`, and refused with a KnownError unless Jekyll
would read exactly the new values and all the old ones.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from itertools import pairwise
from typing import Any, Final, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.rubytime import RubyTimeError, parse_ruby_time


class _Unchanged:
    """The value of an edit argument that was not given."""

    _instance: _Unchanged | None = None

    def __new__(cls) -> _Unchanged:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHANGED"

    def __reduce__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = _Unchanged()
"""Sentinel: leave this field as it is."""


class _Absent:
    """The value a front matter key has when the file does not have it."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __reduce__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()
"""Sentinel: the key is not in the front matter."""

NAMED_KEYS = frozenset({"title", "date", "categories", "category", "tags", "tag"})
_RUBY_SPACE = re.compile(r"[ \t\n\v\f\r\x00]")
# Plain scalars that Ruby's Psych (ScalarScanner#tokenize) reads as something other than
# text: PyYAML can disagree (1,000 is an int and yEs a bool in Psych), so these are quoted.
_PSYCH_TYPED = re.compile(
    r"(?i:~|null|yes|true|on|no|false|off|=|<<)"
    r"|-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?"
    r"|\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)"
    r"|(?i:[-+]?\.inf|\.nan)"
    r"|:.+"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}(?:\.[0-9_]*)?"
    r"|[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+",
    re.DOTALL,
)
_WS = " \t\n\v\f\r"  # Ruby's \\s
_FILENAME_DATE = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-")


class FrontMatterEditError(KnownError):
    """The edit cannot be written so that Jekyll reads it back exactly; nothing was changed."""


@dataclass(frozen=True)
class Rewritten:
    """The new bytes of a post, the path it must have, and the front matter keys that changed."""

    raw: bytes
    site_path: str
    keys: tuple[str, ...]
    parsed: jekyll.ParsedPost


# --- values ------------------------------------------------------------------


def coerce_date(value: Any, tz: tzinfo, now: datetime | None = None) -> datetime:
    """A date given by a user or a caller as an aware datetime (naive or text means site-local time)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=tz)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=tz)
    elif isinstance(value, str):
        try:
            moment = parse_ruby_time(value, tz, now or datetime.now(tz))
        except RubyTimeError as exc:
            raise KnownError(f"{value!r} is not a date ({exc}).") from exc
    else:
        raise TypeError(f"a date must be a datetime, a date or text, not {type(value).__name__}")
    return moment.astimezone(UTC).astimezone(tz)  # a wall time that exists (DST gaps resolved)


def format_jekyll_date(value: datetime, tz: tzinfo) -> str:
    """`2022-05-20 17:01:37 +0800` in the site's timezone: what Jekyll reads back as that very instant."""
    local = value.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    if offset.seconds % 60 or offset.microseconds:  # local mean time (+08:05:43): not writable, use UTC
        local = value.astimezone(UTC)
        offset = local.utcoffset()
        assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    frac = f".{local.microsecond:06d}".rstrip("0") if local.microsecond else ""
    return (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d} "
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}{frac} {sign}{hours:02d}{mins:02d}"
    )


def renamed_for_date(site_path: str, new_date: datetime, tz: tzinfo) -> str:
    """The site path with the file name's date prefix set to `new_date`'s local day (kept when it already is)."""
    folder, _, name = site_path.rpartition("/")
    m = _FILENAME_DATE.match(name)
    if m is None:
        return site_path
    local = new_date.astimezone(tz)
    year = int(m.group(1))
    if len(m.group(1)) == 2:
        year += 1900 if year >= 69 else 2000
    if (year, int(m.group(2)), int(m.group(3))) == (local.year, local.month, local.day):
        return site_path
    name = f"{local.year:04d}-{local.month:02d}-{local.day:02d}-" + name[m.end() :]
    return f"{folder}/{name}" if folder else name


def _clean_names(values: Any, what: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{what} must be a list of names, not {type(values).__name__}")
    out = []
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"{what} must be text, not {type(v).__name__}")
        if not v.strip():
            raise KnownError(f"A name in {what} cannot be empty or only spaces.")
        out.append(v)
    return out


# --- writing YAML scalars ------------------------------------------------------


def _dump(value: Any, **kwargs: Any) -> str:
    text = yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, width=float("inf"), **kwargs)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def _reads_back(text: str, value: Any, flow: bool) -> bool:
    """Whether `k: text` (or `k: [text]`) reads back as exactly `value` the way Jekyll loads YAML."""
    doc = f"k: [{text}]" if flow else f"k: {text}"
    try:
        loaded = jekyll.load_front_matter_yaml(doc)
    except Exception:
        return False
    if not isinstance(loaded, dict) or list(loaded) != ["k"]:
        return False
    got = loaded["k"]
    if flow:
        if not (isinstance(got, list) and len(got) == 1):
            return False
        got = got[0]
    return _same(got, value)


def render_scalar(value: str, style: str | None = None, *, flow: bool = False) -> str:
    """One line of YAML that Jekyll reads back as exactly `value` (a str).

    `style` is the style to keep: None (plain), "'" or '"'; plain and single
    quotes are used only when they read back as the same text in both PyYAML and
    Ruby's Psych, otherwise the value is double-quoted (always possible).
    """
    if style in (None, "'") and value and "\n" not in value and "\r" not in value:
        if style is None and not _PSYCH_TYPED.fullmatch(value):
            text = _dump([value], default_flow_style=True)[1:-1] if flow else _dump(value)
            if text == value and _reads_back(text, value, flow):
                return text
        elif style == "'":
            text = _dump(value, default_style="'")
            if text.startswith("'") and "\n" not in text and _reads_back(text, value, flow):
                return text
    text = _dump(value, default_style='"')
    if "\n" in text or not _reads_back(text, value, flow):  # pragma: no cover - PyYAML always manages
        raise FrontMatterEditError(f"Cannot write {value!r} as YAML text.")
    return text


def _render_inline(value: Any, style: str | None = None) -> str:
    if isinstance(value, str):
        return render_scalar(value, style)
    text = _dump(value, default_flow_style=True)
    if "\n" in text or not _reads_back(text, value, False):
        raise FrontMatterEditError(f"Cannot write {value!r} on one line of YAML so that it reads back the same.")
    return text


def _render_flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(render_scalar(i, None, flow=True) for i in items) + "]"


def _needs_list(names: Sequence[str]) -> bool:
    return any(_RUBY_SPACE.search(n) for n in names)


# --- comparing values as Jekyll sees them ----------------------------------------


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, datetime):
        return a == b and (a.tzinfo is None) == (b.tzinfo is None) and a.utcoffset() == b.utcoffset()
    return bool(a == b)


# --- where things are in the text ----------------------------------------------


@dataclass
class _Block:
    """The front matter of a decoded post and the top-level key/value nodes in it."""

    text: str
    pairs: list[tuple[str | None, Node, Node]]
    insert_at: int  # where a new key line goes (the closing line's start)
    indent: str
    eol: str


def _eol_at(text: str, line_end: int) -> str:
    return "\r\n" if line_end > 0 and text[line_end - 1] == "\r" else "\n"


def _locate(text: str, site_path: str) -> _Block | None:
    m = jekyll.FRONT_MATTER_RE.match(text)
    if m is None:
        return None
    yaml_text = m.group(1)
    first_nl = text.find("\n")
    try:
        documents = yaml.compose_all(yaml_text, Loader=yaml.SafeLoader)
        try:
            root = next(documents, None)
        finally:
            documents.close()  # type: ignore[attr-defined]  # a generator, typed as an iterator
    except yaml.YAMLError as exc:
        raise FrontMatterEditError(
            f"{site_path}: the front matter could not be read for editing ({jekyll._one_line(exc)})."
        ) from exc
    pairs: list[tuple[str | None, Node, Node]] = []
    indent = ""
    if isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value.strip():
        root = None  # `---` right after `---`, or only comments
    if root is not None:
        if not isinstance(root, MappingNode):
            raise FrontMatterEditError(f"{site_path}: the front matter is not a set of keys; it cannot be edited.")
        if root.flow_style:
            raise FrontMatterEditError(
                f"{site_path}: the front matter is written as one {{…}} mapping; edit it in a text editor."
            )
        for k, v in root.value:
            name = k.value if isinstance(k, ScalarNode) and k.tag == "tag:yaml.org,2002:str" else None
            pairs.append((name, k, v))
        if pairs:
            first_key = pairs[0][1]
            indent = " " * first_key.start_mark.column
    closer = m.start(2)
    return _Block(text, pairs, closer, indent, _eol_at(text, closer - 1) if closer > 0 else _eol_at(text, first_nl))


def _node_end(text: str, node: Node) -> int:
    """Where a value's own text ends (block collections and block scalars end on their last content character)."""
    if isinstance(node, ScalarNode):
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            end = start + len(text[start:end].rstrip(" \t\r\n"))
        return end
    if isinstance(node, SequenceNode | MappingNode):
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return _node_end(text, last[1] if isinstance(node, MappingNode) else last)
    return node.end_mark.index  # pragma: no cover


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    """Index just past the end of the line containing pos (past its line break)."""
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


# --- the rewrite -------------------------------------------------------------------


@dataclass
class _Want:
    """What one key should become: a rendered inline value, a block list, or nothing (removal)."""

    key: str
    value: Any
    remove: bool = False
    kind: str = "scalar"  # scalar | date | names


def rewrite_post(
    raw: bytes,
    site_path: str,
    tz: tzinfo,
    *,
    title: Any = UNCHANGED,
    date: Any = UNCHANGED,
    tags: Any = UNCHANGED,
    categories: Any = UNCHANGED,
    extra: Mapping[str, Any] | None = None,
    remove_keys: Iterable[str] = (),
    permalink: Any = None,
    now: datetime | None = None,
) -> Rewritten:
    """Change only the given front matter keys of one post file; raises FrontMatterEditError when it cannot.

    `tags` and `categories` are the full lists Jekyll should read (categories
    include the ones from folders above `_posts`); `date` is an aware datetime
    (see `coerce_date`); `extra` sets other keys to YAML values; `remove_keys`
    deletes keys. If categories from folders no longer lead the list, the post
    moves to the site's top `_posts/` folder; the returned `site_path` says so.
    The file name's date is not changed here (see `renamed_for_date`).
    """
    now = now or datetime.now(tz)
    extra = dict(extra or {})
    removals = list(dict.fromkeys(remove_keys))
    _check_keys(extra, removals)
    text, encoding, old = _read_for_edit(raw, site_path, tz, now, permalink)
    fm: dict[str, Any] = dict(old.front_matter or {})
    block = _locate(text, site_path)
    wants: list[_Want] = []
    expect: dict[str, Any] = {}
    if title is not UNCHANGED:
        if not isinstance(title, str):
            raise TypeError(f"a title must be text, not {type(title).__name__}")
        wants.append(_Want("title", title))
        expect["title"] = title
    if date is not UNCHANGED:
        when = coerce_date(date, tz, now)
        wants.append(_Want("date", format_jekyll_date(when, tz), kind="date"))
        expect["date"] = when
    new_path = site_path
    if categories is not UNCHANGED:
        expect["categories"] = cats = list(dict.fromkeys(_clean_names(categories, "categories")))
        new_path, own = _own_categories(cats, site_path)
        wants.extend(_names_wants(fm, own, "categories", "category"))
    if tags is not UNCHANGED:
        expect["tags"] = tag_list = _clean_names(tags, "tags")
        wants.extend(_names_wants(fm, tag_list, "tags", "tag"))
    wants.extend(_Want(key, value) for key, value in extra.items())
    wants.extend(_Want(key, None, remove=True) for key in removals if key in fm)

    new_text = _apply(text, block, wants, site_path)
    if new_text == text:  # already so (an empty list where there was none): nothing to verify
        return Rewritten(raw, new_path, (), old)
    new_raw = (codecs.BOM_UTF8 if encoding == "utf-8-sig" else b"") + new_text.encode("utf-8")
    new = jekyll.parse_post(new_raw, new_path, tz, now, permalink)
    _verify(old, new, fm, wants, expect, extra, removals, site_path)
    changed = tuple(dict.fromkeys(w.key for w in wants))
    return Rewritten(new_raw, new_path, changed, new)


def _check_keys(extra: dict[str, Any], removals: list[str]) -> None:
    """The keys of `extra` and `remove_keys` are other keys than the named ones, set or removed, not both."""
    clash = (NAMED_KEYS & set(extra)) | (NAMED_KEYS & set(removals))
    if clash:
        raise KnownError(f"Use the title/date/tags/categories arguments for {', '.join(sorted(clash))}.")
    both = set(extra) & set(removals)
    if both:
        raise KnownError(f"Cannot both set and remove {', '.join(sorted(both))}.")
    for key in [*extra, *removals]:
        if not isinstance(key, str) or not key:
            raise KnownError(f"{key!r} is not a front matter key.")


def _read_for_edit(
    raw: bytes, site_path: str, tz: tzinfo, now: datetime, permalink: Any
) -> tuple[str, str, jekyll.ParsedPost]:
    """(text, encoding, the post as Jekyll reads it) of a post this module can edit; FrontMatterEditError if not."""
    text, encoding, valid = jekyll.decode_post_bytes(raw)
    if not valid or encoding not in ("utf-8", "utf-8-sig"):
        raise FrontMatterEditError(
            f"{site_path} is not UTF-8 text (it looks like {encoding}); Jekyll skips it, and it is not edited here."
        )
    old = jekyll.parse_post(raw, site_path, tz, now, permalink)
    if old.front_matter_error:
        raise FrontMatterEditError(
            f"{site_path}: Jekyll cannot read this front matter ({old.warnings[-1].message if old.warnings else ''}); "
            "fix it in a text editor first."
        )
    return text, encoding, old


def _own_categories(cats: list[str], site_path: str) -> tuple[str, list[str]]:
    """(the post's path, the categories its front matter lists) for the full list `cats` Jekyll should read."""
    folder = jekyll.folder_categories(site_path)
    if cats[: len(folder)] == folder:
        return site_path, cats[len(folder) :]
    # the folders above _posts would add categories the user removed: the post leaves them
    below = site_path.split("/_posts/", 1)[1] if "/_posts/" in site_path else site_path
    return f"_posts/{below}", cats


def _names_wants(fm: dict[str, Any], names: list[str], plural: str, singular: str) -> list[_Want]:
    """How to write a category/tag list, given the keys the file already uses."""
    has_singular = singular in fm and fm[singular] is not None and fm[singular] is not False
    if has_singular and plural not in fm and len(names) == 1:
        return [_Want(singular, names[0])]  # `tag:`/`category:` is never split
    wants = []
    if has_singular:
        wants.append(_Want(singular, None, remove=True))
    if names or plural in fm:
        wants.append(_Want(plural, names, kind="names"))
    return wants


def _render_names(names: list[str], node: Node | None) -> tuple[str, bool]:
    """(text, is_block) for a category/tag list in the form the file used."""
    if isinstance(node, SequenceNode):
        if node.flow_style or not names:
            return _render_flow_list(names), False
        return "", True
    style = node.style if isinstance(node, ScalarNode) and node.value != "" else None
    if not names:
        return "[]", False
    if _needs_list(names):
        return _render_flow_list(names), False
    return render_scalar(" ".join(names), style if style in (None, "'", '"') else '"'), False


def _apply(text: str, block: _Block | None, wants: list[_Want], site_path: str) -> str:
    edits: list[tuple[int, int, str]] = []
    new_lines: list[str] = []
    pairs = block.pairs if block else []
    for want in wants:
        found = [(k, v) for name, k, v in pairs if name == want.key]
        if want.remove:
            for k, v in found:
                start = _line_start(text, k.start_mark.index)
                if text[start : k.start_mark.index].strip(" \t"):
                    raise FrontMatterEditError(f"{site_path}: the key {want.key!r} is not on a line of its own.")
                edits.append((start, _line_end(text, max(_node_end(text, v), k.end_mark.index)), ""))
            continue
        node = found[-1][1] if found else None  # the last of duplicate keys is the one Jekyll reads
        key_node = found[-1][0] if found else None
        if want.kind == "names":
            inline, is_block = _render_names(want.value, node)
        elif want.kind == "date":
            inline, is_block = want.value, False  # already `2022-05-20 17:01:37 +0800`, never quoted
        else:
            style = node.style if isinstance(node, ScalarNode) and node.value != "" else None
            inline, is_block = _render_inline(want.value, style if style in (None, "'", '"') else '"'), False
        if node is None or key_node is None:
            assert not is_block
            new_lines.append(f"{render_scalar(want.key)}: {inline}")
            continue
        edits.append(_replace_value(text, key_node, node, inline, is_block, want.value, site_path))

    if new_lines:
        if block is None:
            eol = _eol_at(text, text.find("\n")) if "\n" in text else "\n"
            edits.append((0, 0, "---" + eol + "".join(line + eol for line in new_lines) + "---" + eol))
        else:
            edits.append(
                (block.insert_at, block.insert_at, "".join(block.indent + line + block.eol for line in new_lines))
            )
    edits.sort(key=lambda e: (e[0], e[1]))
    for (_s1, e1, _), (s2, _e2, _) in pairwise(edits):
        if s2 < e1:
            raise FrontMatterEditError(f"{site_path}: two edited keys overlap in the text; edit them one at a time.")
    out = []
    pos = 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _replace_value(
    text: str, key: Node, node: Node, inline: str, is_block: bool, value: Any, site_path: str
) -> tuple[int, int, str]:
    start, end = node.start_mark.index, _node_end(text, node)
    if start < key.end_mark.index:
        raise FrontMatterEditError(f"{site_path}: the value of {key.value!r} is an alias (*name); edit it by hand.")
    if is_block:
        assert isinstance(node, SequenceNode)
        column = node.value[0].start_mark.column if node.value else node.start_mark.column
        dash_col = node.start_mark.column
        item_offset = max(column - dash_col, 2)
        eol = _eol_at(text, _line_end(text, start) - 1)
        prefix = " " * dash_col
        items = ["-" + " " * (item_offset - 1) + render_scalar(v, _item_style(node, i)) for i, v in enumerate(value)]
        return start, end, (eol + prefix).join(items)
    if start == end:  # an empty value (null): write after the colon
        gap = len(text[start:]) - len(text[start:].lstrip(" \t"))
        after = text[start + gap : start + gap + 1]
        if after == "#":
            return start, start + gap, " " + inline + " "
        return start, start + gap, " " + inline
    colon = text.find(":", key.end_mark.index, start)
    between = text[colon + 1 : start] if colon >= 0 else ""
    if "\n" in between:
        # The old value started on a later line (a block list or mapping): the new one goes right after
        # the colon; comments between the key and the old value stay, the value's indentation goes.
        kept = between[: between.rfind("\n")]
        return colon + 1, end, " " + inline + (kept if kept.strip() else "")
    return start, end, inline


def _item_style(node: SequenceNode, index: int) -> str | None:
    items = node.value
    model = items[min(index, len(items) - 1)] if items else None
    style = model.style if isinstance(model, ScalarNode) else None
    return style if style in (None, "'", '"') else '"'


def _verify(
    old: jekyll.ParsedPost,
    new: jekyll.ParsedPost,
    fm: dict[str, Any],
    wants: list[_Want],
    expect: dict[str, Any],
    extra: dict[str, Any],
    removals: list[str],
    site_path: str,
) -> None:
    """Jekyll reads the rewritten post as asked and the same in everything else; FrontMatterEditError if not."""
    if new.front_matter_error or (new.front_matter is None and new.front_matter_span is None):
        raise FrontMatterEditError(
            f"Cannot edit {site_path}: the rewritten front matter would not be readable YAML. The post was left unchanged."
        )
    # Jekyll's closing line swallows the blank lines after it, so a front matter put before a body
    # that starts with blank lines hides them from Jekyll (the file keeps them); nothing else may differ.
    cut = len(old.body) - len(new.body)
    if new.body != old.body and not (cut > 0 and old.body.endswith(new.body) and not old.body[:cut].strip(_WS)):
        _refuse(site_path, "the body", new.body[:80], old.body[:80])
    _verify_named(new, expect, site_path)
    _verify_other_keys(new.front_matter or {}, fm, wants, extra, removals, site_path)


def _verify_named(new: jekyll.ParsedPost, expect: dict[str, Any], site_path: str) -> None:
    """The title, date, categories and tags asked for are what Jekyll reads."""
    if "title" in expect and not _same(new.title, expect["title"]):
        _refuse(site_path, "the title", new.title, expect["title"])
    if "date" in expect and (
        new.date is None or new.date_from_build_time or new.date.astimezone(UTC) != expect["date"].astimezone(UTC)
    ):
        _refuse(site_path, "the date", new.date, expect["date"])
    if "categories" in expect and not _same(new.categories, expect["categories"]):
        _refuse(site_path, "the categories", new.categories, expect["categories"])
    if "tags" in expect and not _same(new.tags, expect["tags"]):
        _refuse(site_path, "the tags", new.tags, expect["tags"])


def _verify_other_keys(
    new_fm: dict[str, Any],
    fm: dict[str, Any],
    wants: list[_Want],
    extra: dict[str, Any],
    removals: list[str],
    site_path: str,
) -> None:
    """Keys set are set, keys removed are gone, and every other key reads as before (none appeared).

    `new_fm` is empty for `---` `---` with every key removed: an empty front matter.
    """
    for key, value in extra.items():
        if key not in new_fm or not _same(new_fm[key], value):
            _refuse(site_path, key, new_fm.get(key), value)
    for key in removals:
        if key in new_fm:
            _refuse(site_path, key, new_fm[key], "(removed)")
    touched = {w.key for w in wants}
    for key, value in fm.items():
        if key in touched:
            continue
        if key not in new_fm or not _same(new_fm[key], value):
            _refuse(site_path, f"the untouched key {key!r}", new_fm.get(key), value)
    for key in new_fm:
        if key not in fm and key not in touched:
            _refuse(site_path, f"a new key {key!r}", new_fm[key], "(absent)")


def _refuse(site_path: str, what: str, got: Any, wanted: Any) -> NoReturn:
    raise FrontMatterEditError(
        f"Cannot edit {site_path}: after the rewrite Jekyll would read {what} as {got!r} instead of "
        f"{wanted!r}. The post was left unchanged."
    )
