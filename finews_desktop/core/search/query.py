"""The query language: what a search box or `finews search` accepts, parsed into a small tree.

Pure (no index, no library): free text, phrases, OR, -negation, grouping and the
fields of QUERY_HELP; a query that does not parse raises QueryError saying what
and at which character, and nesting is bounded (MAX_NESTING), never a RecursionError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from finews_desktop.core.errors import QueryError
from finews_desktop.core.messages import Arg, message
from finews_desktop.core.search.index import fold

SORTS = ("date", "relevance", "title", "source", "id")

QUERY_HELP = """\
Search the title and text of posts. Letters match in any case, and full-width
and half-width forms alike (ＮＩＯ finds NIO); any part of a word matches (碳 finds 碳中和).

  碳中和 光伏         both words (AND)
  光伏 OR 风电        either word; OR binds tighter than AND: 碳 光伏 OR 风电 = 碳 AND (光伏 OR 风电)
  -减持               posts without the word
  "new energy"       an exact phrase, spaces included (“中文引号” work too)
  (光伏 OR 风电) -减持  parentheses group
  title:茅台          in the title only
  tag:东财滚动新闻     a tag (the whole tag name)
  category:emnews    a category, by slug or by display name
  stock:600160       a stock mentioned in the post, by code, name, symbol or East Money's
                     market.code (stock:巨化股份, stock:600160.SH, stock:00700.HK, stock:1.600160)
  source:东财         the source: part of the source name (the first tag) or of the
                     source link's host name (source:eastmoney.com)
  date:2022-05       a year, month or day in the archive's timezone
  date:2022-05-01..2022-05-31   a range (either end may be left out)
  date:>2022-01-01   after that day (also >=, <, <=)
  collection:待读     posts in a collection
  note:待核实         in the post's private note (matched as text is)
  is:edited  is:trashed  has:warning
  is:read  is:unread  has:note   read state and notes (kept in the library, not in the posts)
  dup:1234           the posts of post 1234's story: its near-duplicate copies and versions
  is:duplicate       a copy or version whose story another post represents
  is:representative  the post shown for a story of several (the earliest, or the one picked)
Field values with spaces go in quotes: tag:"A B". A field name is also understood
with a full-width colon (tag：东财).\
"""

_FIELDS = ("title", "tag", "category", "stock", "source", "date", "collection", "note", "is", "has", "dup")
_FIELD_RE = re.compile(r"([A-Za-z]+)[:：]")
_QUOTES = {'"': '"', "“": "”"}


# --- the query tree -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A substring of the title or plain text (folded), or of the title alone."""

    value: str
    title_only: bool = False
    position: int = 0


@dataclass(frozen=True)
class Field:
    name: str  # tag, category, stock, source, collection, note
    value: str  # as typed
    position: int = 0


@dataclass(frozen=True)
class Dates:
    """Local days lo..hi inclusive, as YYYYMMDD numbers."""

    lo: int
    hi: int
    position: int = 0


@dataclass(frozen=True)
class Flag:
    name: str  # edited, trashed, warning, read, unread, note, duplicate, representative
    position: int = 0


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Text | Field | Dates | Flag | Not | And | Or


@dataclass(frozen=True)
class Query:
    text: str
    root: Node | None

    def positive_texts(self) -> list[Text]:
        """Free-text terms that are not negated: what snippets mark and relevance weighs."""
        out: list[Text] = []

        def walk(node: Node | None) -> None:
            if isinstance(node, Text):
                out.append(node)
            elif isinstance(node, (And, Or)):
                for child in node.children:
                    walk(child)

        walk(self.root)
        return out

    def mentions_trash(self) -> bool:
        def walk(node: Node | None) -> bool:
            if isinstance(node, Flag):
                return node.name == "trashed"
            if isinstance(node, Not):
                return walk(node.child)
            if isinstance(node, (And, Or)):
                return any(walk(c) for c in node.children)
            return False

        return walk(self.root)


# --- parsing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) OR - word field
    position: int
    value: str = ""
    name: str = ""
    value_position: int = 0


def _error(position: int, code: str, **args: Arg) -> QueryError:
    """The error of a catalogue message (its English is the exception's text)."""
    said = message(code, **args)
    return QueryError(said.text, position, said)


def _phrase(text: str, start: int) -> tuple[str, int]:
    """The phrase opened by the quote at `start`: (content, index after the closing quote)."""
    close = _QUOTES[text[start]]
    end = text.find(close, start + 1)
    if end < 0 and close != '"':
        end = text.find('"', start + 1)
    if end < 0:
        raise _error(start, "query_unclosed_quote", quote=text[start], at=start + 1)
    if end == start + 1:
        raise _error(start, "query_empty_phrase", at=start + 1)
    return text[start + 1 : end], end + 1


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "(":
            out.append(_Tok("(", i))
            depth += 1
            i += 1
        elif c == ")":
            if depth == 0:
                raise _error(i, "query_stray_close", at=i + 1)
            out.append(_Tok(")", i))
            depth -= 1
            i += 1
        elif c == "-" and i + 1 < n and not text[i + 1].isspace():
            out.append(_Tok("-", i))
            i += 1
        elif c in _QUOTES:
            value, i_next = _phrase(text, i)
            out.append(_Tok("word", i, value, value_position=i + 1))
            i = i_next
        else:
            j = i
            while j < n and not text[j].isspace() and not (text[j] == ")" and depth > 0):
                j += 1
            word = text[i:j]
            m = _FIELD_RE.match(word)
            if m and m.group(1).lower() in _FIELDS:
                name = m.group(1).lower()
                v_start = i + m.end()
                if v_start < n and text[v_start] in _QUOTES:
                    value, j = _phrase(text, v_start)
                    v_pos = v_start + 1
                else:
                    value, v_pos = text[v_start:j], v_start
                    if not value:
                        raise _error(i, "query_field_value", field=name, at=i + 1, example=_EXAMPLES[name])
                out.append(_Tok("field", i, value, name, v_pos))
            elif word == "OR":
                out.append(_Tok("OR", i))
            else:
                out.append(_Tok("word", i, word, value_position=i))
            i = j
    return out


_EXAMPLES = {
    "title": "title:茅台",
    "tag": "tag:东财滚动新闻",
    "category": "category:emnews",
    "stock": "stock:600160",
    "source": "source:东财",
    "date": "date:2022-05",
    "collection": "collection:待读",
    "note": "note:待核实",
    "is": "is:edited",
    "has": "has:warning",
    "dup": "dup:1234",
}


MAX_NESTING = 100  # parentheses and negations, one inside another


class _Parser:
    """Recursive descent, three frames per level of nesting; `depth` stops it at MAX_NESTING
    levels, which also bounds the depth of the tree the evaluator and the walks recurse over
    (at most two nodes a level: an And and an Or, or one Not)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        items = self.sequence()
        assert self.peek() is None  # the tokenizer only emits ')' inside a group
        return _and(items)

    def sequence(self) -> list[Node]:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            items.append(self.either())
        return items

    def either(self) -> Node:
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                raise _error(tok.position, "query_or_after", at=tok.position + 1)
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def unary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        if tok.kind == "OR":
            raise _error(tok.position, "query_or_before", at=tok.position + 1)
        if tok.kind == "-":
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                raise _error(tok.position, "query_minus_after", at=tok.position + 1)
            self._deeper(tok)
            negated = Not(self.unary())
            self.depth -= 1
            return negated
        if tok.kind == "(":
            self._deeper(tok)
            items = self.sequence()
            self.depth -= 1
            close = self.peek()
            if close is None:
                raise _error(tok.position, "query_unclosed_paren", at=tok.position + 1)
            self.i += 1
            if not items:
                raise _error(tok.position, "query_empty_parens", at=tok.position + 1)
            node = _and(items)
            assert node is not None
            return node
        if tok.kind == "word":
            return Text(fold(tok.value), False, tok.value_position)
        return _field_node(tok)

    def _deeper(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _error(tok.position, "query_too_deep", token=tok.kind, at=tok.position + 1, limit=MAX_NESTING)


def _and(items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _field_node(tok: _Tok) -> Node:
    name, value, pos = tok.name, tok.value, tok.value_position
    if name == "title":
        return Text(fold(value), True, pos)
    if name == "date":
        lo, hi = _parse_dates(value, pos)
        return Dates(lo, hi, pos)
    if name == "is":
        v = fold(value)
        if v not in ("edited", "trashed", "read", "unread", "duplicate", "representative"):
            raise _error(pos, "query_is_value", at=tok.position + 1, value=value)
        return Flag(v, pos)
    if name == "has":
        v = fold(value)
        if v not in ("warning", "warnings", "note", "notes"):
            raise _error(pos, "query_has_value", at=tok.position + 1, value=value)
        return Flag("note" if v.startswith("note") else "warning", pos)
    if name == "dup" and not fold(value).isdigit():
        raise _error(pos, "query_dup_value", at=tok.position + 1, value=value)
    return Field(name, value, pos)


_DAY_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _day_span(text: str, pos: int) -> tuple[int, int]:
    """First and last day (YYYYMMDD) of a year, month or day."""
    m = _DAY_RE.fullmatch(text)
    if not m:
        raise _error(pos, "query_bad_date", date=text, at=pos + 1)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return year * 10000 + 101, year * 10000 + 1231
        mon = int(month)
        if day is None:
            date(year, mon, 1)
            nxt = date(year + mon // 12, mon % 12 + 1, 1)
            last = (nxt - date(year, mon, 1)).days
            return year * 10000 + mon * 100 + 1, year * 10000 + mon * 100 + last
        d = date(year, mon, int(day))
    except ValueError:
        raise _error(pos, "query_no_such_date", date=text, at=pos + 1) from None
    n = d.year * 10000 + d.month * 100 + d.day
    return n, n


def _parse_dates(value: str, pos: int) -> tuple[int, int]:
    low, high = 0, 99991231
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            rest = value[len(op) :]
            first, last = _day_span(rest, pos + len(op))
            if op == ">=":
                return first, high
            if op == ">":
                return next_day(last), high
            if op == "<=":
                return low, last
            return low, _prev_day(first)
    if ".." in value:
        a, b = value.split("..", 1)
        if not a and not b:
            raise _error(pos, "query_range_open", at=pos + 1)
        lo = _day_span(a, pos)[0] if a else low
        hi = _day_span(b, pos + len(a) + 2)[1] if b else high
        if lo > hi:
            raise _error(pos, "query_range_backwards", at=pos + 1)
        return lo, hi
    return _day_span(value, pos)


def to_date(n: int) -> date:
    return date(n // 10000, n // 100 % 100, n % 100)


def next_day(n: int) -> int:
    d = to_date(n)
    if d == date.max:
        return 99991231
    d = date.fromordinal(d.toordinal() + 1)
    return d.year * 10000 + d.month * 100 + d.day


def _prev_day(n: int) -> int:
    d = to_date(n)
    if d == date.min:
        return 0
    d = date.fromordinal(d.toordinal() - 1)
    return d.year * 10000 + d.month * 100 + d.day


def parse_query(text: str) -> Query:
    """Parse the query language (see QUERY_HELP); raises QueryError saying what and where."""
    if not isinstance(text, str):
        raise _error(0, "query_not_text")
    return Query(text, _Parser(text).parse())


@dataclass(frozen=True)
class DateTerm:
    """A `date:` term every result must match, its days (lo..hi) and where it is in the query's text."""

    start: int
    end: int
    lo: int
    hi: int


def required_dates(text: str) -> list[DateTerm]:
    """The `date:` terms ANDed with the whole query (at its top level, not negated, not beside an OR):
    the ones narrowing a search by date may replace. None when the query does not parse."""
    try:
        parser = _Parser(text)
        parser.parse()
    except QueryError:
        return []
    toks, depth, out = parser.toks, 0, []
    for k, tok in enumerate(toks):
        depth += (tok.kind == "(") - (tok.kind == ")")
        if tok.kind != "field" or tok.name != "date" or depth:
            continue
        after = toks[k + 1] if k + 1 < len(toks) else None
        if (k and toks[k - 1].kind in ("-", "OR")) or (after is not None and after.kind == "OR"):
            continue
        end = after.position if after is not None else len(text)
        while text[end - 1].isspace():
            end -= 1
        lo, hi = _parse_dates(tok.value, tok.value_position)
        out.append(DateTerm(tok.position, end, lo, hi))
    return out
