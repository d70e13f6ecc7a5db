"""A site's `_config.yml`, read as Jekyll 4.3's Configuration reads it.

Only the settings that change which files become posts and how they are
dated, named and filtered are kept (`SiteSettings`). The rules follow
`configuration.rb` (Jekyll's DEFAULTS deep-merged under the file: a key
left empty keeps Jekyll's default), `site.rb` (`time`, `timezone`) and
`collection.rb` (the posts collection's permalink wins over the top-level one,
and is used verbatim, never as a style name). A config Jekyll refuses
(`exclude: x`, a `:symbol`, YAML it cannot parse) aborts every build: that is
`fatal`, and the settings are then Jekyll's defaults. Defaults Jekyll fails on
while reading a post (a scope that is not a mapping, a `type` that is not text,
a `date:` that is a YAML date) fail every post instead: `defaults_error`. Pure: the build time and
the machine's zone are arguments, never read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from finews_desktop.core.jekyll.post import (
    STYLE_TO_PERMALINK,
    YAML_ERRORS,
    _one_line,
    load_front_matter_yaml,
    ruby_to_s,
    to_site_time,
)
from finews_desktop.core.jekyll.ruby_zone import is_known_zone, ruby_zone
from finews_desktop.core.jekyll.rubytime import RubyTimeError

# configuration.rb's DEFAULT_EXCLUDES, added to every site's `exclude`.
DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)
DEFAULT_INCLUDE = (".htaccess",)
DEFAULT_KEEP_FILES = (".git", ".svn")
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"


@dataclass(frozen=True)
class DefaultSet:
    """One entry of `defaults:` that FrontmatterDefaults keeps (its `values` are a mapping)."""

    values: Mapping[str, Any]
    has_scope: bool = False
    path: Any = None  # scope path as written (a non-text or empty path applies everywhere)
    type: str | None = None  # scope type, `post`/`page`/`draft` already made plural; None: any type


@dataclass(frozen=True)
class SiteSettings:
    """What Jekyll 4.3 makes of a site's `_config.yml`, for reading its posts."""

    tz: tzinfo
    timezone: str | None = None  # as written; None: the building machine's zone (`tz` is the default given)
    timezone_known: bool = True  # False: Ruby silently builds in UTC
    permalink: str = STYLE_TO_PERMALINK["date"]  # the top-level one, styles expanded
    posts_permalink: str = STYLE_TO_PERMALINK["date"]  # the URL template posts get
    defaults: tuple[DefaultSet, ...] = ()
    future: bool = False
    unpublished: bool = False
    show_drafts: bool = False
    time: datetime | None = None  # `time:`: the build time Jekyll uses instead of the clock
    collections_dir: str = ""
    exclude: tuple[Any, ...] = DEFAULT_EXCLUDES
    include: tuple[Any, ...] = DEFAULT_INCLUDE
    keep_files: tuple[Any, ...] = DEFAULT_KEEP_FILES
    destination: str = "_site"
    markdown_exts: frozenset[str] = frozenset(f".{e}" for e in DEFAULT_MARKDOWN_EXT.split(","))
    limit_posts: int = 0
    strict_front_matter: bool = False
    encoding: str = "utf-8"
    fatal: str | None = None  # why `jekyll build` aborts on this config, or None
    defaults_error: str | None = None  # `defaults:` Jekyll fails on while reading each post (then read as broken)
    problems: tuple[str, ...] = ()
    applied: tuple[str, ...] = field(default=())  # the settings this site sets to other than Jekyll's defaults

    def build_time(self, now: datetime) -> datetime:
        """The `site.time` posts are compared with: `time:` when the site sets it, else `now`."""
        return (self.time or now).astimezone(self.tz)


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


class _Fatal(Exception):
    pass


class _DefaultsBroken(Exception):
    """Jekyll raises on these defaults inside Document#read: each post logs "could not read file"
    and is built as if its front matter were unreadable; the build itself goes on."""


def read_site_settings(config: bytes | None, default_tz: tzinfo, now: datetime) -> SiteSettings:
    """The settings of a site from its `_config.yml` bytes (None: no config file).

    `default_tz` stands for the zone of the machine that builds (Jekyll uses
    the process's zone when the site sets none); `now` is the build time, which
    Ruby's Time.parse takes the parts a date leaves out from. Never raises.
    """
    if not config:
        return SiteSettings(tz=default_tz)
    try:
        data = load_front_matter_yaml(config.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return SiteSettings(tz=default_tz, fatal="_config.yml is not valid UTF-8: Jekyll cannot read it.")
    except YAML_ERRORS as exc:
        return SiteSettings(tz=default_tz, fatal=f"Jekyll cannot read _config.yml ({_one_line(exc)}).")
    if data is None or data is False:
        return SiteSettings(tz=default_tz)
    if not isinstance(data, dict):
        return SiteSettings(
            tz=default_tz,
            problems=("_config.yml is not a set of keys; Jekyll warns and builds with its defaults.",),
        )
    try:
        return _settings(data, default_tz, now)
    except _Fatal as exc:
        return SiteSettings(tz=default_tz, fatal=str(exc))


def _settings(data: dict[str, Any], default_tz: tzinfo, now: datetime) -> SiteSettings:
    problems: list[str] = []
    applied: list[str] = []
    values: dict[str, Any] = {}

    tz_value = data.get("timezone")
    tz, tz_name, tz_known = default_tz, None, True
    if _truthy(tz_value):
        if not isinstance(tz_value, str):
            raise _Fatal(f"timezone: {ruby_to_s(tz_value)} is not text; Jekyll stops on it.")
        tz, tz_name, tz_known = ruby_zone(tz_value), tz_value, is_known_zone(tz_value)
        applied.append("timezone")
        if not tz_known:
            problems.append(f"timezone {tz_value!r} is not a zone Ruby knows: Jekyll builds this site in UTC.")
    values.update(tz=tz, timezone=tz_name, timezone_known=tz_known)

    for key in ("include", "exclude"):
        if key in data and not isinstance(data[key], list):
            raise _Fatal(f"'{key}' should be set as an array, but was: {ruby_to_s(data[key])!r}; Jekyll stops on it.")
    if data.get("exclude") is not None:
        values["exclude"] = tuple(dict.fromkeys([*data["exclude"], *DEFAULT_EXCLUDES]))
        applied.append("exclude")
    if data.get("include") is not None:
        values["include"] = tuple(data["include"])
        applied.append("include")

    permalink = data.get("permalink")
    top = STYLE_TO_PERMALINK["date"]
    if permalink is not None:
        if not isinstance(permalink, str):
            raise _Fatal(f"permalink: {ruby_to_s(permalink)} is not text; Jekyll stops on it.")
        top = STYLE_TO_PERMALINK.get(permalink, permalink)
        applied.append("permalink")
    values["permalink"] = values["posts_permalink"] = top
    own = _posts_collection_permalink(data.get("collections"))
    if _truthy(own):
        values["posts_permalink"] = ruby_to_s(own)  # verbatim: a style name here is not expanded
        applied.append("collections.posts.permalink")

    for key in ("future", "unpublished", "show_drafts", "strict_front_matter"):
        if _truthy(data.get(key)):
            values[key] = True
            applied.append(key)

    collections_dir = data.get("collections_dir")
    if collections_dir is not None:
        if not isinstance(collections_dir, str):
            raise _Fatal(f"collections_dir: {ruby_to_s(collections_dir)} is not text; Jekyll stops on it.")
        values["collections_dir"] = collections_dir
        if collections_dir:
            applied.append("collections_dir")

    if data.get("time") is not None:
        try:
            values["time"] = to_site_time(data["time"], tz, now)
        except RubyTimeError as exc:
            raise _Fatal(f"Invalid time in _config.yml ({ruby_to_s(data['time'])!r}); Jekyll stops on it.") from exc
        applied.append("time")

    _simple_settings(data, values, applied, problems)
    try:
        values["defaults"] = _default_sets(data.get("defaults"), tz, now, problems)
    except _DefaultsBroken as exc:
        values["defaults_error"] = str(exc)
        problems.append(str(exc))
    if values.get("defaults") or values.get("defaults_error"):
        applied.append("defaults")
    return SiteSettings(**values, problems=tuple(problems), applied=tuple(applied))


def _posts_collection_permalink(collections: Any) -> Any:
    """`collections: posts: permalink:` (configuration.rb add_default_collections)."""
    if collections is None or isinstance(collections, list):
        return None
    if not isinstance(collections, dict):
        raise _Fatal("collections: is neither a list nor a set of keys; Jekyll stops on it.")
    posts = collections.get("posts")
    if posts is None:
        return None
    if not isinstance(posts, dict):
        raise _Fatal("collections: posts: is not a set of keys; Jekyll stops on it.")
    return posts.get("permalink")


def _simple_settings(data: dict[str, Any], values: dict[str, Any], applied: list[str], problems: list[str]) -> None:
    """Settings kept as Jekyll holds them: keep_files, destination, markdown_ext, limit_posts, encoding."""
    if isinstance(data.get("keep_files"), list):
        values["keep_files"] = tuple(data["keep_files"])
        applied.append("keep_files")
    if isinstance(data.get("destination"), str):
        values["destination"] = data["destination"]
        applied.append("destination")
    ext = data.get("markdown_ext")
    if isinstance(ext, str):
        values["markdown_exts"] = frozenset(f".{e.lower()}" for e in ext.split(","))
        applied.append("markdown_ext")
    elif ext is not None:
        problems.append("markdown_ext is not text; it was not used.")
    limit = data.get("limit_posts")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit != 0:
        if limit < 0:
            raise _Fatal("limit_posts must be a non-negative number; Jekyll stops on it.")
        values["limit_posts"] = limit
        applied.append("limit_posts")
    if isinstance(data.get("encoding"), str):
        values["encoding"] = data["encoding"]
        applied.append("encoding")


_PLURAL_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def _default_sets(sets: Any, tz: tzinfo, now: datetime, problems: list[str]) -> tuple[DefaultSet, ...]:
    """FrontmatterDefaults#valid_sets: sets that are not a mapping with mapping `values` are dropped (with a warning)."""
    if not isinstance(sets, list):
        return ()
    out: list[DefaultSet] = []
    for entry in sets:
        if not (isinstance(entry, dict) and isinstance(entry.get("values"), dict)):
            problems.append(f"An invalid front-matter default set was found and is ignored: {ruby_to_s(entry)[:200]}")
            continue
        scope = entry.get("scope")
        has_scope = "scope" in entry
        if has_scope and not isinstance(scope, dict):
            raise _DefaultsBroken(
                "A front-matter default set's scope is not a set of keys: Jekyll cannot read any post."
            )
        scope = scope or {}
        set_type: str | None = None
        if "type" in scope:
            if not isinstance(scope["type"], str):
                raise _DefaultsBroken(
                    f"A front-matter default's type {ruby_to_s(scope['type'])!r} is not text: Jekyll cannot read any post."
                )
            set_type = _PLURAL_TYPES.get(scope["type"], scope["type"])
        values = dict(entry["values"])
        if "date" in values and not isinstance(values["date"], datetime):
            values["date"] = _default_date(values["date"], tz, now)
        out.append(DefaultSet(values=values, has_scope=has_scope, path=scope.get("path"), type=set_type))
    return tuple(out)


def _default_date(value: Any, tz: tzinfo, now: datetime) -> datetime:
    """FrontmatterDefaults#ensure_time!: a default `date:` text that is no date stops the build
    (InvalidDateError is fatal); a YAML date or a number fails each post's reading instead."""
    if not isinstance(value, str):  # Time.parse of a Date or a number raises TypeError
        raise _DefaultsBroken(
            f"A front-matter default date {ruby_to_s(value)!r} is not a time: Jekyll cannot read any post."
        )
    try:
        return to_site_time(value, tz, now)
    except RubyTimeError as exc:
        raise _Fatal(f"An invalid date format was found in a front-matter default set: {value!r}.") from exc
