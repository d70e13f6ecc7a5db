"""How Jekyll 4.3 reads a post: pure functions mirroring Jekyll's own code.

Every rule here follows `jekyll/document.rb`, `utils.rb`, `url.rb` and
`drops/url_drop.rb` of Jekyll 4.3.1 (and ../shared/docs/JEKYLL_RULES.md); the
conformance suite in tests/data/jekyll checks it against a real Jekyll build.
Nothing here touches the file system: callers pass bytes and site paths.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any

import yaml

from finews_desktop.core.filenames import has_name_bytes, shown_name
from finews_desktop.core.jekyll.rubytime import RubyTimeError, parse_ruby_time
from finews_desktop.core.messages import Message, message

# --- which files are posts -------------------------------------------------

# Jekyll's DATE_FILENAME_MATCHER, verbatim (Python 3.11 has atomic groups).
DATE_FILENAME_RE = re.compile(r"^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
DATELESS_FILENAME_RE = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
_SPECIAL_LEADING = (".", "_", "#", "~")
YAML_FILE_EXTS = (".yaml", ".yml")
MARKDOWN_EXTS = frozenset([".markdown", ".mkdown", ".mkdn", ".mkd", ".md"])

# Jekyll's YAML_FRONT_MATTER_REGEXP; Ruby's \s is ASCII whitespace only.
_WS = r"[ \t\n\v\f\r]"
FRONT_MATTER_RE = re.compile(rf"\A(---{_WS}*\n.*?\n?)^((---|\.\.\.){_WS}*$\n?)", re.DOTALL | re.MULTILINE)

STYLE_TO_PERMALINK = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
}

SKIP_REASONS = (
    "not_a_post",
    "not_utf8",
    "unpublished",
    "draft",
    "future",
    "limit_posts",  # given over a whole archive, not by parse_post (core/store/rederive.apply_limit_posts)
    "fatal_date",
    "fatal_slug",
    "fatal_name",
    "yaml_data_file",
)


@dataclass(frozen=True)
class JekyllWarning:
    """Something Jekyll would do differently from what the user may expect: `code` names the reason,
    `said` the sentence (a catalogue message, so the window words it in the user's language)."""

    code: str
    said: Message

    @property
    def message(self) -> str:
        return self.said.text

    def to_json(self) -> dict[str, Any]:
        """As stored with the post: the English text (what older rows hold alone) and the message's arguments
        (its code is the warning's: `messages.stored_warning` reads it back)."""
        return {"code": self.code, "message": self.said.text, "args": self.said.to_json()["args"]}


@dataclass
class ParsedPost:
    """What Jekyll makes of one post file, plus what export needs to rewrite it."""

    site_path: str
    title: Any = None
    date: datetime | None = None
    categories: list[Any] = field(default_factory=list)
    tags: list[Any] = field(default_factory=list)
    slug: Any = None
    ext: Any = None
    url: str | None = None
    published: Any = None
    builds: bool = True
    skip_reason: str | None = None
    front_matter_error: bool = False
    warnings: list[JekyllWarning] = field(default_factory=list)
    front_matter: dict[str, Any] | None = None
    # Where the parts are in the decoded text (character offsets).
    text: str = ""
    encoding: str = "utf-8"
    front_matter_span: tuple[int, int] | None = None
    body_start: int = 0
    date_from_build_time: bool = False
    defaults: Mapping[str, Any] | None = None  # the site's front matter defaults for this post

    def data_value(self, key: str) -> Any:
        """A key of Jekyll's data for the post: its front matter's value over its defaults' (a nil keeps the default)."""
        fm = self.front_matter if not self.front_matter_error else None
        value = (fm or {}).get(key)
        if value is None and self.defaults:
            return self.defaults.get(key)
        return value

    def has_data(self, key: str) -> bool:
        fm = self.front_matter if not self.front_matter_error else None
        return key in (fm or {}) or key in (self.defaults or {})

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def layout(self) -> Any:
        return self.data_value("layout")

    def warn(self, code: str, said: Message | None = None) -> None:
        """A warning under the reason `code`, said by the catalogue's message of the same code unless given."""
        self.warnings.append(JekyllWarning(code, said or message(code)))

    def skip(self, reason: str) -> None:
        """Jekyll does not build this post; the first reason found is the one kept."""
        if self.builds:
            self.builds, self.skip_reason = False, reason


class SiteRules:
    """What a site's `_config.yml` changes in reading its posts; core/jekyll/site_reader.SiteReader is
    the one kind, made once per site (it imports this module, so this module knows only its shape)."""

    tz: tzinfo
    url_template: str  # the posts' URL template, used as it is (no style name)
    unpublished: bool
    show_drafts: bool  # `_drafts` are read either way; built only with show_drafts
    markdown_exts: frozenset[str]

    def build_time(self, now: datetime) -> datetime:
        raise NotImplementedError

    def relative_path(self, site_path: str) -> str | None:
        """Jekyll's path of the post or draft (below `collections_dir`), None when Jekyll does not read the
        file (a draft: would not, were `show_drafts` set)."""
        raise NotImplementedError

    def is_future(self, date: datetime, now: datetime) -> bool:
        """Jekyll leaves the post out as dated after the build (`now` the clock; the site's `time:` wins)."""
        raise NotImplementedError

    def post_defaults(self, relative_path: str, site_path: str) -> Mapping[str, Any]:
        raise NotImplementedError


# --- path rules ---------------------------------------------------------------


def _special(name: str) -> bool:
    return name.startswith(_SPECIAL_LEADING)


def jekyll_relative_path(path: str, magic_dir: str = "_posts") -> str | None:
    """The path as Jekyll finds it, or None when Jekyll would never look at it.

    `path` is relative to the site root with '/' separators. Jekyll walks
    folders that do not start with . _ # ~ (nor end with ~ or .), and in each
    reads `<folder>/_posts/**/*` (and `<folder>/_drafts/**/*`: `magic_dir`),
    rejecting entries whose first segment below it or whose basename is special
    or a backup.
    """
    parts = path.split("/")
    try:
        i = parts.index(magic_dir)
    except ValueError:
        return None
    above, below = parts[:i], parts[i + 1 :]
    if not below:
        return None
    for folder in above:
        if _special(folder) or folder.endswith(("~", ".")) or not folder:
            return None
    # Ruby's Dir["**/*"] skips hidden entries at every level.
    if any(p.startswith(".") for p in below):
        return None
    entry = "/".join(below)
    if entry.endswith((".", "~")) or _special(entry) or _special(below[-1]):
        return None
    return path


def is_post_name(entry: str) -> bool:
    return DATE_FILENAME_RE.match(entry) is not None


def folder_categories(site_path: str) -> list[str]:
    """Categories from the folders above the first `_posts` (a draft's: `_drafts`; Jekyll's superdirs)."""
    special_dir = "_drafts" if is_draft_path(site_path) and jekyll_draft(site_path) else "_posts"
    if site_path.startswith(special_dir):
        return []
    basename = site_path.rsplit("/", 1)[-1]
    head = re.sub(re.escape(special_dir) + ".*", "", site_path, count=1)
    return [c for c in head.split("/") if c and c != special_dir and c != basename]


def magic_dir(site_path: str) -> str | None:
    """The folder Jekyll reads the file from: the first `_posts` or `_drafts` on its path, if any."""
    return next((p for p in site_path.split("/")[:-1] if p in ("_posts", "_drafts")), None)


def is_draft_path(site_path: str) -> bool:
    """A file of a `_drafts` folder (Jekyll reads it as a draft with `show_drafts`)."""
    return magic_dir(site_path) == "_drafts"


def jekyll_draft(relative_path: str) -> bool:
    """Document#draft?: a file read from `_drafts` whose path has no `_posts` in it at all."""
    return "_posts" not in relative_path


# --- Ruby value semantics --------------------------------------------------


def ruby_to_s(value: Any) -> str:
    """`value.to_s` as Ruby would print it (Jekyll stringifies categories this way)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _ruby_float(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):  # Psych reads !!binary as a (binary) String
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (list, dict)):
        return ruby_inspect(value)
    return str(value)


def _ruby_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = exponent[0] if exponent[0] in "+-" else "+"
        digits = exponent.lstrip("+-").rjust(2, "0")
        return f"{mantissa}e{sign}{digits}"
    return text


def ruby_inspect(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(ruby_inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{ruby_inspect(k)}=>{ruby_inspect(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bytes):
        return ruby_inspect(value.decode("utf-8", errors="replace"))
    return ruby_to_s(value)


_RUBY_SPACE_RE = re.compile(r"[ \t\n\v\f\r\x00]+")


def _ruby_split(text: str) -> list[str]:
    """Ruby's awk-style `String#split`: ASCII whitespace only."""
    return [p for p in _RUBY_SPACE_RE.split(text) if p]


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _ruby_key(value: Any) -> Any:
    """A key for Ruby's `uniq`/`|` (eql?): 1 and 1.0 and true differ, lists compare by content."""
    if isinstance(value, list):
        return ("list", tuple(_ruby_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_ruby_key(k), _ruby_key(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def _ruby_union(a: list[Any], b: list[Any]) -> list[Any]:
    both = [*a, *b]
    if all(type(v) is str for v in both):  # the usual case: text is eql? to equal text only
        return list(dict.fromkeys(both))
    seen: set[Any] = set()
    out = []
    for v in both:
        k = _ruby_key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def _pluralized(data: dict[str, Any], singular: str, plural: str) -> list[Any]:
    value = data.get(singular) if singular in data else None
    if value is None or value is False:
        value = None
        if plural in data:
            val = data[plural]
            if isinstance(val, str):
                value = _ruby_split(val)
            elif isinstance(val, list):
                value = [v for v in val if v is not None]
    return [v for v in _flatten([value]) if v is not None]


def titleize_slug(slug: str) -> str:
    """Jekyll's Utils.titleize_slug: Ruby's split drops trailing empty pieces."""
    pieces = slug.split("-")
    while pieces and pieces[-1] == "":
        pieces.pop()
    return " ".join(p[:1].upper() + p[1:].lower() for p in pieces)


# --- YAML as Psych.safe_load reads it --------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SymbolFound(Exception):
    pass


_STR_TAG, _MAP_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map"


class JekyllYamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's YAML 1.1 safe loader, plus Psych's refusal of :symbols."""

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        """Resolver.resolve for a scalar, without building its list of patterns for every
        value (the C parser asks this of each key and value: a tenth of reading a post);
        short plain values (keys, layouts, slugs) are resolved once."""
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        if not implicit[0]:
            return _STR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _STR_TAG
            for found, pattern in _IMPLICIT_BY_FIRST.get(value[:1], _IMPLICIT_ANY):
                if pattern.match(value):
                    tag = found
                    break
            if len(value) <= 24 and len(_RESOLVED) < 4096:
                _RESOLVED[value] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # only path resolvers need these; this loader has none (_index_implicit_resolvers checks)

    def ascend_resolver(self) -> None:
        pass


def _refuse_symbol(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    raise _SymbolFound(f"Tried to load unspecified class: Symbol ({node.value})")


# Psych's ScalarScanner patterns (wider than PyYAML's: '+0800' and one-digit months are timestamps too).
_PSYCH_TIME_RE = re.compile(
    r"^(?P<year>-?\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[Tt]|\s+)(?P<hour>\d{1,2}):(?P<minute>\d\d):"
    r"(?P<second>\d\d)(?:\.(?P<fraction>\d*))?(?:\s*(?:(?P<tz>Z)|(?P<tz_sign>[-+])(?P<tz_hour>\d{1,2}):?(?P<tz_minute>\d\d)?))?$"
)
_PSYCH_DATE_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>1[012]|0\d|\d)-(?P<day>[12]\d|3[01]|0\d|\d)$")


def _timestamp(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    """Psych's reading of timestamps: impossible ones stay text (which Jekyll may still parse).

    A date-only value that is not a real day (2022-02-30) stays a string; a
    time without an offset is built with Time.utc, which refuses hour 25; a time
    with an offset is built with Time.new, which rolls 25:00 over to the next day.
    """
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    m = _PSYCH_TIME_RE.match(value)
    if m is None:
        m = _PSYCH_DATE_RE.match(value)
        if m is None:
            return value
        try:
            return date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            return value
    year, month, day, hour, minute, second = map(int, m.group("year", "month", "day", "hour", "minute", "second"))
    tz_sign, tz_hour, tz_minute = m.group("tz_sign", "tz_hour", "tz_minute")
    has_offset = bool(tz_sign or m.group("tz"))
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 60):
        return value
    if not has_offset and (hour > 24 or (hour == 24 and (minute or second))):
        return value
    microsecond = int((m.group("fraction") or "")[:6].ljust(6, "0"))
    try:
        moment = datetime(year, month, day, hour, minute, second, microsecond)  # nothing to roll over (most)
    except ValueError:
        moment = datetime(year, month, 1) + timedelta(
            days=day - 1, hours=hour, minutes=minute, seconds=second, microseconds=microsecond
        )
    if tz_sign:
        return moment.replace(tzinfo=_fixed_offset(tz_sign, int(tz_hour), int(tz_minute or 0)))
    if m.group("tz"):  # 'Z'
        return moment.replace(tzinfo=UTC)
    return moment


@lru_cache(maxsize=256)
def _fixed_offset(sign: str, hours: int, minutes: int) -> timezone:
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if sign == "-" else offset)


def _comma_int(loader: yaml.BaseLoader, node: yaml.Node) -> int:
    """Psych reads `1,000` as 1000: commas (like underscores) may group the digits of an integer."""
    return int(loader.construct_scalar(node).replace(",", "").replace("_", ""))  # type: ignore[arg-type]


_PSYCH_BOOL_RE = re.compile(r"^(?:yes|true|on|no|false|off)$", re.IGNORECASE)  # any case, unlike PyYAML
_PSYCH_COMMA_INT_RE = re.compile(r"^[-+]?[1-9](?:[0-9]|,[0-9]|_[0-9])*$")
JekyllYamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _PSYCH_BOOL_RE, list("yYtToOnNfF"))
JekyllYamlLoader.add_implicit_resolver("tag:finews,2026:comma-int", _PSYCH_COMMA_INT_RE, list("-+123456789"))
JekyllYamlLoader.add_constructor("tag:finews,2026:comma-int", _comma_int)
JekyllYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
JekyllYamlLoader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _PSYCH_TIME_RE, list("-0123456789"))
JekyllYamlLoader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _PSYCH_DATE_RE, list("0123456789"))
JekyllYamlLoader.add_implicit_resolver("tag:finews,2026:symbol", re.compile(r"^:[^:\s]"), [":"])
JekyllYamlLoader.add_constructor("tag:finews,2026:symbol", _refuse_symbol)

_IMPLICIT_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
_RESOLVED: dict[str, str] = {}  # plain scalar -> tag, for short values (bounded)
_IMPLICIT_ANY: list[tuple[str, re.Pattern[str]]] = []


def _index_implicit_resolvers() -> None:
    """The implicit resolvers by first character, each list followed by those for any character."""
    assert not JekyllYamlLoader.yaml_path_resolvers  # descend/ascend_resolver are skipped
    table = JekyllYamlLoader.yaml_implicit_resolvers
    _IMPLICIT_ANY[:] = table.get(None, [])
    _IMPLICIT_BY_FIRST.clear()
    _IMPLICIT_BY_FIRST.update({first: found + _IMPLICIT_ANY for first, found in table.items() if first is not None})
    _RESOLVED.clear()
    assert JekyllYamlLoader.DEFAULT_SCALAR_TAG == _STR_TAG


_index_implicit_resolvers()


MAX_FRONT_MATTER_NODES = 20_000
MAX_FRONT_MATTER_DEPTH = 64


def _check_size(value: Any) -> None:
    """Refuse front matter that would explode when expanded (YAML alias 'billion laughs') or nests absurdly."""
    budget = MAX_FRONT_MATTER_NODES
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise ValueError(f"more than {MAX_FRONT_MATTER_NODES} values once its aliases are expanded")
        if depth > MAX_FRONT_MATTER_DEPTH:
            raise ValueError(f"nested more than {MAX_FRONT_MATTER_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for kv in item.items() for v in kv)
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


MAX_FLOW_OPENERS = 256


def _refuse_deep_flow(text: str) -> None:
    """libyaml recurses in C for each nested [ or {: 200,000 of them crash the process, so count first."""
    if text.count("[") + text.count("{") <= MAX_FLOW_OPENERS:
        return
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    if deepest > MAX_FRONT_MATTER_DEPTH:
        raise ValueError(f"nested more than {MAX_FRONT_MATTER_DEPTH} levels deep")


def load_front_matter_yaml(text: str, loader_class: type[JekyllYamlLoader] | None = None) -> Any:
    """The first YAML document only, as Psych.safe_load reads it (a later `--- x` line is ignored).

    Guarded: deep flow nesting is refused before libyaml sees it (libyaml itself
    refuses deep block nesting), and a value of more than MAX_FRONT_MATTER_NODES
    values once aliases are expanded, or nested deeper than MAX_FRONT_MATTER_DEPTH,
    raises ValueError. Every error it can raise is one of YAML_ERRORS.
    """
    _refuse_deep_flow(text)
    loader = (loader_class or JekyllYamlLoader)(text)
    try:
        if not loader.check_node():
            return None
        node = loader.get_node()
        data = _flat_mapping(loader, node)
        if data is None:
            data = loader.construct_document(node)
            _check_size(data)
        elif 2 * len(data) >= MAX_FRONT_MATTER_NODES:  # what _check_size counts for one level of keys and values
            _check_size(data)
    finally:
        loader.dispose()
    return data


class SiteYamlLoader(JekyllYamlLoader):
    """The YAML of a site's `_config.yml`: Jekyll reads it with SafeYAML, which keeps `:name` as text."""


SiteYamlLoader.add_constructor("tag:finews,2026:symbol", SiteYamlLoader.construct_yaml_str)

YAML_ERRORS: tuple[type[BaseException], ...] = (
    yaml.YAMLError,
    _SymbolFound,
    ValueError,
    TypeError,
    OverflowError,
    RecursionError,
)


def read_value(text: str) -> Any:
    """One front matter value as a person typed it (an editor's field), typed as Jekyll reads it.

    The same guarded reader as a post's front matter, so that a value means in the editor
    what it will mean to Jekyll (`yes` is true, `:name` is refused, 2022-05-20 is a date).
    Raises ValueError with the reader's first line for text Jekyll cannot read.
    """
    try:
        return load_front_matter_yaml(text)
    except YAML_ERRORS as exc:
        first = str(exc).strip().splitlines()
        raise ValueError(first[0] if first else type(exc).__name__) from exc


def load_site_yaml(text: str) -> Any:
    """A site file's YAML (`_config.yml`) through the same guards as front matter; raises one of YAML_ERRORS."""
    return load_front_matter_yaml(text, SiteYamlLoader)


def _flat_mapping(loader: Any, node: yaml.Node) -> dict[str, Any] | None:
    """A mapping of text keys to single values (most front matter) built straight from its nodes,
    None for any other shape. Same values as the constructor's, in a third less time: its
    generic walk was a fifth of reading a post."""
    if type(node) is not yaml.MappingNode or node.tag != _MAP_TAG:
        return None
    for key, value in node.value:  # all checked first: the constructor's errors come in its own order
        if type(key) is not yaml.ScalarNode or key.tag != _STR_TAG or type(value) is not yaml.ScalarNode:
            return None  # merge keys, typed keys, lists and maps: the constructor's way
    return {
        key.value: value.value if value.tag == _STR_TAG else loader.construct_object(value, deep=True)
        for key, value in node.value
    }


# --- dates --------------------------------------------------------------------


def to_site_time(value: Any, tz: tzinfo, now: datetime) -> datetime:
    """`Utils.parse_date(value.to_s)`: Jekyll turns any date value into local time."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # YAML timestamp without offset: Psych reads UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    return parse_ruby_time(ruby_to_s(value), tz, now)


def format_date(dt: datetime, tz: tzinfo) -> str:
    """`%Y-%m-%d %H:%M:%S %z`, formatted without strftime where the offset is whole minutes (a third of the time)."""
    local = dt.astimezone(tz)
    offset = local.utcoffset()
    if offset is None or offset.microseconds or offset.seconds % 60:
        return local.strftime("%Y-%m-%d %H:%M:%S %z")
    minutes = offset.days * 1440 + offset.seconds // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{local.year}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}:{local.second:02d} "
        f"{sign}{hours:02d}{minutes:02d}"
    )


# --- URL ------------------------------------------------------------------------

_PATH_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")


def _is_slug_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat == "Nd" or ch in "._~!$&'()+,;=@"


_ASCII_SLUG_RE = re.compile(r"[^A-Za-z0-9._~!$&'()+,;=@]+")
_EDGE_DASH_RE = re.compile(r"^-|-$", re.MULTILINE)


def slugify_pretty(text: str) -> str:
    """Jekyll's `slugify(mode: "pretty", cased: true)`."""
    if text.isascii():  # the common case: ASCII letters and digits are the only \p{L}/\p{Nd} there
        if text.isalnum():  # (a finews news id) nothing to replace, no dash at either end
            return text
        return _EDGE_DASH_RE.sub("", _ASCII_SLUG_RE.sub("-", text))
    out: list[str] = []
    in_run = False
    for ch in text:
        if _is_slug_char(ch):
            out.append(ch)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    # gsub(/^-|-$/, "") with Ruby's line anchors
    return _EDGE_DASH_RE.sub("", "".join(out))


def _encode_component(text: str, safe: frozenset[str]) -> str:
    out = []
    for ch in text:
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


_PLAIN_PATH_RE = re.compile(r"[a-zA-Z0-9./-]+")


def escape_path(path: str) -> str:
    """Jekyll's URL.escape_path (Addressable::URI.encode, then the first # escaped)."""
    if not path or _PLAIN_PATH_RE.fullmatch(path):
        return path
    fragment = None
    query = None
    rest = path
    if "#" in rest:
        rest, fragment = rest.split("#", 1)
    if "?" in rest:
        rest, query = rest.split("?", 1)
    out = _encode_component(rest, _PATH_SAFE)
    if query is not None:
        out += "?" + _encode_component(query, _PATH_SAFE | {"?"})
    if fragment is not None:
        out += "#" + _encode_component(fragment, _PATH_SAFE | {"?"})
    return out.replace("#", "%23", 1)


_SLASHES_RE = re.compile(r"/+")


def sanitize_url(url: str) -> str:
    result = ("/" + url).replace("..", "/").replace("./", "")
    return _SLASHES_RE.sub("/", result) if "//" in result else result


def output_ext(extname: str, permalink: Any, markdown_exts: frozenset[str] = MARKDOWN_EXTS) -> str:
    if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
        base = permalink.rsplit("/", 1)[-1]
        dot = base.rfind(".")
        if dot > 0:
            return base[dot:]
    if extname.lower() in markdown_exts:
        return ".html"
    return extname


_DATE_PLACEHOLDERS = {
    "year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M", "second": "%S",
    "short_year": "%y", "short_month": "%b", "long_month": "%B", "w_year": "%G", "week": "%V",
    "w_day": "%u", "short_day": "%a", "long_day": "%A", "y_day": "%j",
}  # fmt: skip
# The same numbers as strftime's %Y (not padded), %m, %d, %H, %M, %S, without its cost.
_NUMERIC_DATE_PLACEHOLDERS: dict[str, Callable[[datetime], str]] = {
    "year": lambda dt: str(dt.year),
    "month": lambda dt: f"{dt.month:02d}",
    "day": lambda dt: f"{dt.day:02d}",
    "hour": lambda dt: f"{dt.hour:02d}",
    "minute": lambda dt: f"{dt.minute:02d}",
    "second": lambda dt: f"{dt.second:02d}",
}
_PLACEHOLDER_RE = re.compile(r":([a-z_]+)")
_KNOWN_PLACEHOLDERS = frozenset(
    {"categories", "title", "output_ext", "i_day", "i_month", "slug", "name", "path", "collection"}
    | _DATE_PLACEHOLDERS.keys()
)


@lru_cache(maxsize=64)
def _template_parts(tmpl: str) -> tuple[str | tuple[str, str], ...]:
    """A permalink template as literal text and (placeholder, text after it), read once per template.

    `:name_` is `:name` then '_' when `name_` itself is not a placeholder (Jekyll tries both).
    """
    parts: list[str | tuple[str, str]] = []
    last = 0
    for m in _PLACEHOLDER_RE.finditer(tmpl):
        name = m.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        key = next((k for k in pool if k in _KNOWN_PLACEHOLDERS), None)
        if key is None:
            continue
        parts.append(tmpl[last : m.start()])
        parts.append((key, m.group(0)[len(key) + 1 :]))
        last = m.end()
    parts.append(tmpl[last:])
    return tuple(p for p in parts if p != "")


def build_url(
    post: ParsedPost,
    template: str,
    basename_without_ext: str,
    extname: str,
    markdown_exts: frozenset[str] = MARKDOWN_EXTS,
) -> str:
    """The post's URL: its own `permalink` (or its default), else the site's template, each placeholder filled
    as Jekyll fills it; `markdown_exts` are the site's `markdown_ext` (their posts end `.html`)."""
    dt = post.date
    assert dt is not None
    permalink = post.data_value("permalink")
    out: list[str] = []
    for part in _template_parts(permalink if isinstance(permalink, str) and permalink else template):
        if isinstance(part, str):
            out.append(part)
        else:
            value = _placeholder(part[0], post, dt, basename_without_ext, extname, permalink, markdown_exts)
            out.append(escape_path(value) + part[1])
    return sanitize_url("".join(out))


def _placeholder(
    name: str,
    post: ParsedPost,
    dt: datetime,
    basename_without_ext: str,
    extname: str,
    permalink: Any,
    markdown_exts: frozenset[str] = MARKDOWN_EXTS,
) -> str:
    """One placeholder's value (url_drop.rb); `name` is one `_template_parts` kept, so known here."""
    if name == "categories":
        seen: list[str] = []
        for c in post.categories:
            s = ruby_to_s(c).lower()
            if s not in seen:
                seen.append(s)
        return "/".join(seen)
    if name == "title":
        slug = post.slug if isinstance(post.slug, str) else None
        return slugify_pretty(slug if slug is not None else basename_without_ext)
    if name == "output_ext":
        return output_ext(extname, permalink, markdown_exts)
    number = _NUMERIC_DATE_PLACEHOLDERS.get(name)
    if number is not None:
        return number(dt)
    fmt = _DATE_PLACEHOLDERS.get(name)
    if fmt is not None:
        return dt.strftime(fmt)
    if name == "i_day":
        return str(dt.day)
    if name == "i_month":
        return str(dt.month)
    if name in ("slug", "name"):
        raw = post.slug if name == "slug" and isinstance(post.slug, str) else basename_without_ext
        return re.sub(r"^-|-$", "", re.sub(r"[^\w]+|_+", "-", raw)).lower()
    if name == "path":
        return post.site_path.rsplit(".", 1)[0]
    if name == "collection":
        return "posts"
    raise AssertionError(f"_template_parts kept an unknown placeholder {name!r}")


def permalink_template(site_permalink: Any) -> str:
    if site_permalink is None:
        return STYLE_TO_PERMALINK["date"]
    text = ruby_to_s(site_permalink)
    return STYLE_TO_PERMALINK.get(text, text)


# --- reading one post ---------------------------------------------------------


def decode_post_bytes(raw: bytes) -> tuple[str, str, bool]:
    """(text, encoding, is_valid_utf8). Jekyll reads `bom|utf-8`; others are decoded for the user."""
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), "utf-8-sig", True
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            pass
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc, False
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8-invalid", False


def split_front_matter(text: str) -> tuple[str | None, tuple[int, int] | None, int]:
    """(yaml_text, span of the whole block, body offset) the way Jekyll cuts a file."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return None, None, 0
    return m.group(1), (0, m.end()), m.end()


def parse_post(
    raw: bytes,
    site_path: str,
    tz: tzinfo,
    build_time: datetime,
    site_permalink: Any = None,
    file_time: datetime | None = None,
) -> ParsedPost:
    """Read one file as Jekyll 4.3 would, never raising for bad input.

    `site_path` is relative to the site root ('news/_posts/2022-05-20-x.md').
    `site_permalink` is the site's `permalink`, or the `SiteRules` of its whole
    `_config.yml` (its zone and `time` then replace `tz` and `build_time`, and a
    post dated after the build is not built unless the site sets `future: true`).
    A file of a `_drafts` folder is read as Jekyll reads a draft, built only when
    the site sets `show_drafts: true`; `file_time` is its modification time, the
    date of a draft whose front matter and name give none (naive: wall time in
    the site's zone, as a zip member's). Where Jekyll would skip the file or
    abort the build, the post is still returned, with `builds` False, a
    `skip_reason` and a warning in words.
    """
    post = ParsedPost(site_path=site_path)
    name_not_utf8 = has_name_bytes(site_path)  # filenames.stored_name kept bytes that are not UTF-8
    if name_not_utf8:
        site_path = shown_name(site_path)  # what is made of the name: with U+FFFD, as it is shown
    rules = site_permalink if isinstance(site_permalink, SiteRules) else None
    relative_path: str | None = site_path
    now = build_time
    if rules is not None:
        tz, build_time = rules.tz, rules.build_time(build_time)
        relative_path = rules.relative_path(site_path)
        if relative_path is not None:
            post.defaults = rules.post_defaults(relative_path, site_path) or None
            post.site_path = site_path = relative_path
    draft = is_draft_path(site_path)
    text, encoding, valid_utf8 = decode_post_bytes(raw)
    post.text, post.encoding = text, encoding
    basename_without_ext, extname = _split_extension(site_path.rsplit("/", 1)[-1])
    _check_post_name(post, site_path, extname, relative_path is not None if rules is not None else None)
    if draft and post.builds and not (rules is not None and rules.show_drafts):
        post.skip("draft")
        post.warn("draft")
    if name_not_utf8:
        post.skip("fatal_name")
        post.warn("fatal_name")
    if not valid_utf8:
        post.skip("not_utf8")
        post.warn("not_utf8", message("not_utf8", encoding=encoding))
    _read_front_matter(post, text)

    mtime_dated = draft and jekyll_draft(site_path)  # Document#draft?
    data: dict[str, Any] = {"categories": folder_categories(site_path)}
    fatal = False
    if post.defaults:  # Document#merge_defaults comes first; a defaults date is already a time
        _merge_front_matter(post, data, dict(post.defaults), tz, build_time)
    if post.front_matter is not None and not post.front_matter_error:
        fatal = not _merge_front_matter(post, data, post.front_matter, tz, build_time)
    if not post.front_matter_error and not fatal:
        fatal = not _read_post_data(post, data, site_path, tz, build_time)
    undated = _file_date(file_time, tz) if mtime_dated and file_time is not None else None
    _take_post_data(post, data, fatal, site_path, tz, build_time, undated)
    _check_published(post, rules is not None and rules.unpublished)
    if fatal:
        post.skip("fatal_date")
    if rules is not None and post.builds and post.date is not None and rules.is_future(post.date, now):
        post.skip("future")
        post.warn("future", message("future", date=format_date(post.date, tz)))
    _check_slug(post)
    if post.date is not None and not fatal:
        if rules is None:
            post.url = build_url(post, permalink_template(site_permalink), basename_without_ext, extname)
        else:
            post.url = build_url(post, rules.url_template, basename_without_ext, extname, rules.markdown_exts)
    return post


def _split_extension(basename: str) -> tuple[str, str]:
    """('2022-05-20-x', '.md'); a leading dot is no extension."""
    dot = basename.rfind(".")
    return (basename[:dot], basename[dot:]) if dot > 0 else (basename, "")


def _file_date(file_time: datetime, tz: tzinfo) -> datetime:
    """File.mtime in the site's zone (a naive time is a wall time there)."""
    return file_time.replace(tzinfo=tz) if file_time.tzinfo is None else file_time.astimezone(tz)


def _check_post_name(post: ParsedPost, site_path: str, extname: str, read: bool | None = None) -> None:
    """Whether Jekyll reads the file as a post (or a draft) at all, from its path alone (`read`: as the
    site's settings decided it, None: under Jekyll's defaults)."""
    if read is None:
        magic = magic_dir(site_path) or "_posts"
        parts = site_path.split("/")
        below = "/".join(parts[parts.index(magic) + 1 :]) if magic in parts else site_path
        matcher = DATE_FILENAME_RE if magic == "_posts" else DATELESS_FILENAME_RE
        read = jekyll_relative_path(site_path, magic) is not None and matcher.match(below) is not None
    if not read:
        post.skip("not_a_post")
        post.warn("not_a_post")
    elif extname.lower() in YAML_FILE_EXTS:
        post.skip("yaml_data_file")
        post.warn("yaml_data_file")


def _read_front_matter(post: ParsedPost, text: str) -> None:
    """The front matter's keys (`post.front_matter`) and where the body starts, or why Jekyll cannot read them."""
    yaml_text, span, body_start = split_front_matter(text)
    post.front_matter_span, post.body_start = span, body_start
    if yaml_text is None:
        if text.lstrip("\n\r \t").startswith("---"):
            post.warn("front_matter_ignored")
        return
    try:
        fm_data = load_front_matter_yaml(yaml_text)
    except YAML_ERRORS as exc:
        _front_matter_failed(post, message("front_matter_not_yaml", error=_one_line(exc)))
        return
    if isinstance(fm_data, dict):
        post.front_matter = fm_data
    elif fm_data is not None and fm_data is not False:  # None or false: Jekyll merges nothing, reads the post
        _front_matter_failed(post, message("front_matter_not_keys", kind=type(fm_data).__name__))


def _take_post_data(
    post: ParsedPost,
    data: dict[str, Any],
    fatal: bool,
    site_path: str,
    tz: tzinfo,
    build_time: datetime,
    undated: datetime | None = None,
) -> None:
    """The post's title, slug, date, categories and tags from what Jekyll read (none of them after a fatal date).
    `undated`: the date when nothing gives one (a draft's mtime), else the build time."""
    if post.front_matter_error:  # Jekyll keeps only what it merged before failing: folder categories, defaults
        post.title, post.slug, post.ext = data.get("title"), data.get("slug"), data.get("ext")
        post.tags = data.get("tags")  # type: ignore[assignment]
        post.categories = list(data.get("categories") or [])
        post.date = data.get("date")
        if post.date is None:
            _undated(post, tz, build_time, undated)
    elif not fatal:
        post.title, post.slug, post.ext = data.get("title"), data.get("slug"), data.get("ext")
        post.categories, post.tags = data.get("categories") or [], data.get("tags") or []
        post.date = data.get("date")
        if post.date is None:
            _undated(post, tz, build_time, undated)


def _undated(post: ParsedPost, tz: tzinfo, build_time: datetime, undated: datetime | None) -> None:
    """Document#date: `data["date"] ||= (draft? ? source_file_mtime : site.time)`."""
    if undated is not None:
        post.date = undated
    else:
        post.date, post.date_from_build_time = build_time.astimezone(tz), True


def _check_published(post: ParsedPost, unpublished: bool = False) -> None:
    """Publisher#can_be_published?: `published` false or nil (front matter or default) is not built,
    unless the site sets `unpublished: true`."""
    post.published = post.data_value("published")
    if post.has_data("published") and not unpublished:
        pub = post.published
        if pub is None or pub is False:
            post.skip("unpublished")
            post.warn("unpublished", message("unpublished", value=ruby_to_s(pub) or "null"))


def _check_slug(post: ParsedPost) -> None:
    """A slug that is not text aborts Jekyll's build when it makes the URL."""
    slug_value = post.data_value("slug")
    if slug_value not in (None, False) and not isinstance(slug_value, str) and post.builds:
        post.skip("fatal_slug")
        post.warn("fatal_slug", message("fatal_slug", value=ruby_to_s(slug_value)))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _front_matter_failed(post: ParsedPost, why: Message) -> None:
    post.front_matter_error = True
    post.warn("front_matter_error", message("front_matter_error", why=why))


def _fatal_date(post: ParsedPost, value: Any, where: str) -> None:
    """`where`: in_front_matter or in_file_name."""
    code = "bad_date" if post.skip_reason is not None else "fatal_date"
    post.warn(code, message(code, date=ruby_to_s(value), where=message(where)))


def _merge_front_matter(
    post: ParsedPost, data: dict[str, Any], other: dict[str, Any], tz: tzinfo, now: datetime
) -> bool:
    """Document#merge_data! for the front matter; False when the date is fatal."""
    other = dict(other)
    if other.get("categories") is not None:
        cats = other["categories"]
        if isinstance(cats, str):
            cats = _ruby_split(cats)
        if not isinstance(cats, list):
            _front_matter_failed(post, message("front_matter_bad_categories", value=ruby_to_s(cats)))
            return True
        other["categories"] = _ruby_union(data.get("categories") or [], cats)
    for key, value in other.items():
        if value is None and key in data:
            continue  # Jekyll's deep merge keeps the old value over a nil
        data[key] = value
    if "date" in other:
        try:
            data["date"] = to_site_time(other["date"], tz, now)
        except RubyTimeError:
            _fatal_date(post, other["date"], "in_front_matter")
            return False
    return True


def _read_post_data(post: ParsedPost, data: dict[str, Any], site_path: str, tz: tzinfo, now: datetime) -> bool:
    """Document#read_post_data: populate_title, populate_categories, populate_tags."""
    m = DATE_FILENAME_RE.match(site_path)
    ext: str | None
    if m:
        date_text, slug, ext = m.groups()
        if not data.get("date"):
            try:
                data["date"] = parse_ruby_time(date_text, tz, now)
            except RubyTimeError:
                _fatal_date(post, date_text, "in_file_name")
                return False
    else:
        m2 = DATELESS_FILENAME_RE.match(site_path)
        slug, ext = (m2.group(1), m2.group(2)) if m2 else (None, None)
    if slug is None:
        base = site_path.rsplit("/", 1)[-1]
        slug = base[: base.rfind(".")] if base.rfind(".") > 0 else base
    slug = slug.rstrip(".")
    if data.get("title") is None or data.get("title") is False:
        data["title"] = titleize_slug(slug)
    if data.get("slug") is None or data.get("slug") is False:
        data["slug"] = slug
    if data.get("ext") is None or data.get("ext") is False:
        data["ext"] = ext

    cats = list(data.get("categories") or []) + _pluralized(data, "category", "categories")
    stringified = _ruby_union([], _flatten([ruby_to_s(c) for c in cats]))
    data["categories"] = _ruby_union(data.get("categories") or [], stringified)

    data["tags"] = _flatten(_pluralized(data, "tag", "tags"))
    return True
