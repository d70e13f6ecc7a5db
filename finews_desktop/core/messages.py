"""What the core tells a user, as a code and named arguments, so each front end words it in its language.

A `Message` keeps the facts (a path, a count, a date as written) apart from the sentence: the
command line reads `.text`, the English of `ENGLISH` (one template per code, `str.format` with
named fields), and the window formats the same arguments into its translated template of the
code (`ui/messages.py`; a test walks this catalogue). An argument may itself be a Message (the
part of a sentence that differs: why the front matter failed, where a date was read), worded
the same way. Messages stored at import go to JSON (`to_json`) and back (`from_json`).

`REASONS` are the short codes a report lists a problem under (`not_a_post`, `bad_date`, …),
shown as words by the window.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

Arg = Union[str, int, "Message"]

ENGLISH: dict[str, str] = {
    # --- how Jekyll reads a post (core/jekyll/post.py) ---
    "fatal_name": "The file name (or a folder above it) is not valid UTF-8: Jekyll 4.3 stops on it "
    "('invalid byte sequence in UTF-8'), which aborts the whole `jekyll build`. "
    "Its bytes are kept, and an export writes it under its original name.",
    "not_utf8": "The file is not valid UTF-8 (it looks like {encoding}); Jekyll skips it. "
    "Its text is decoded here and its bytes are kept unchanged.",
    "not_a_post": "Jekyll does not build this file as a post: a post must sit in a _posts folder, and its "
    "name must start with a date and a dash and have an extension (YYYY-MM-DD-title.md); "
    "hidden and '_'-prefixed names are ignored.",
    "yaml_data_file": "Jekyll reads .yml/.yaml files in _posts as data, not as posts.",
    "front_matter_ignored": "The file seems to start with front matter, but Jekyll does not see it (the first line "
    "must be exactly '---', and a closing '---' line must follow): the whole file is the body.",
    "front_matter_error": "{why} Jekyll logs an error and still builds the post, but without its title, date, "
    "tags or slug (the date becomes the build time).",
    "front_matter_not_yaml": "Its front matter is not valid YAML ({error}).",
    "front_matter_not_keys": "Its front matter is a {kind}, not a set of keys.",
    "front_matter_bad_categories": "'categories: {value}' is neither text nor a list, so Jekyll cannot merge it.",
    "unpublished": "published: {value} — Jekyll does not publish this post.",
    "future": "Dated {date}, after the build time: Jekyll builds this post once that time has passed, "
    "or when the site sets `future: true`.",
    "draft": "A draft (in a _drafts folder): Jekyll builds it only when the site sets `show_drafts: true` "
    "(or with `jekyll build --drafts`).",
    "fatal_slug": "'slug: {value}' is not text: Jekyll fails on it while making "
    "the URL, which aborts the whole `jekyll build`.",
    "bad_date": "The date {date!r} in the {where} is not a date Jekyll can read.",
    "fatal_date": "Jekyll cannot read the date {date!r} in the {where}: this aborts the whole "
    "`jekyll build` (no site at all), not just this post.",
    "in_front_matter": "front matter",
    "in_file_name": "file name",
    # --- finding files in folders and zips (core/importing/sources.py) ---
    "missing": "Cannot import {path}: it does not exist.",
    "missing_link": "Cannot import {path}: it broken link.",
    "unreadable": "Cannot read {path}: {error}.",
    "unreadable_folder": "Cannot read the folder {path}: {error}.",
    "not_a_file": "{path} is {kind}, not a file; it was skipped without being opened.",
    "kind_fifo": "a FIFO (named pipe)",
    "kind_socket": "a socket",
    "kind_device": "a device",
    "kind_folder": "a folder",
    "kind_link": "a link",
    "kind_other": "not a regular file",
    "broken_link": "{path} is a broken link.",
    "link_outside": "{path} is a link to {target}, outside the imported folder; it was not read.",
    "too_large": "{path} is {size} bytes, over the {limit} bytes read for it; it was not read.",
    "link_followed": "{path} is a link to {target} inside the imported folder; it was read, as Jekyll reads it.",
    "folder_link_followed": "{path} is a link to the folder {target} inside the imported folder; its files were "
    "read under this name, as Jekyll reads them.",
    "link_below_posts": "{path} is a link to a folder inside _posts; links are not followed there "
    "(Jekyll does not read folders linked below _posts either).",
    "link_loop": "{path} is a link to a folder that holds it; links are not followed in a loop.",
    "too_deep": "{path} is nested more than {depth} folders deep; its subfolders were not read.",
    "not_text": "{path} is not a text file; skipped.",
    "bad_zip": "{path} is not a readable zip archive ({error}).",
    "zip_too_large": "{path} expands to more than {limit} bytes; the rest was refused.",
    "zip_member_problem": "{path}: {why}",
    "unsafe_zip_member": "{zip}: member {member!r} has an absolute or '..' path and was ignored.",
    "zip_link": "{zip}: member {member!r} is a link and was ignored.",
    "zip_member_not_a_file": "{zip}: member {member!r} is {kind}, not a file, and was ignored.",
    "zip_overlap": "{zip}: member {member!r} shares its bytes with another member and was refused.",
    "zip_bomb": "{zip}: member {member!r} expands too much ({size} bytes) and was refused.",
    # why a zip member is refused when read (sources.ZipArchive.read)
    "zip_ends_early": "the archive ends early",
    "zip_encrypted": "the member is encrypted",
    "zip_claims_too_large": "the archive says the member expands to {size} bytes, over {limit}; refused",
    "zip_overlapping_bytes": "the member's bytes overlap another member's; refused",
    "zip_no_local_header": "the member's local header is missing",
    "zip_names_differ": "the member's two headers give different names",
    "zip_packed_too_large": "the member's packed data alone is over {limit} bytes; refused",
    "zip_expands_past": "the member expands past {limit} bytes; refused",
    "zip_ratio": "the member expands {ratio} times ({size} bytes from {packed}); refused",
    "zip_size_differs": "the archive says the member is {claimed} bytes, but it expands to {size}; refused",
    "zip_bad_crc": "the member's bytes do not match its checksum (CRC-32)",
    "zip_lzma_short": "the member's LZMA header is cut short",
    "zip_lzma_props": "the member's LZMA properties are damaged",
    "zip_damaged_data": "the member's data is damaged ({error})",
    "zip_method": "the member is packed with method {method}, which is not supported",
    # --- a file read by the import's workers (core/importing/prepare.py) ---
    "post_too_large_unread": "The file is {over}; not read.",
    "post_too_large": "The file is {over}.",
    "post_over_mb": "{size} MB, {over} MB over the {limit} MB limit for a post",
    "post_over_bytes": "{size:,} bytes, {over:,} bytes over the {limit} limit for a post",
    "post_over_one_byte": "{size:,} bytes, 1 byte over the {limit} limit for a post",
    "post_limit_mb": "{mb} MB ({size:,} bytes)",
    "post_limit_bytes": "{size:,}-byte",
    "post_not_a_file": "This is {kind}, not a file; it was not read.",
    "post_link_appeared": "This is a link that was not there when the folder was listed; not read.",
    "post_unreadable": "Cannot read the file: {error}.",
    "post_read_failed": "finews-desktop could not read this file ({error}).",
    "binary": "This is a binary file, not a text post; skipped.",
    # --- the import run (core/importing/importer.py) ---
    "config_unreadable": "The site's _config.yml could not be read ({error}); dates use the library timezone {tz}.",
    "config_permalink_type": "The permalink in _config.yml is a {kind}, not text; it was not used.",
    "config_permalink_long": "The permalink in _config.yml is over {limit} characters; it was not used.",
    "config_timezone": "Unknown timezone {tz!r} in _config.yml; dates use {default}.",
    "config_timezone_long": "Unknown timezone in _config.yml in _config.yml; dates use {default}.",
    "config_fatal": "Jekyll would refuse this _config.yml ({error}); its posts were read with Jekyll's defaults.",
    "category_page_unreadable": "The category page could not be read ({error}); skipped.",
    "worker_stopped": "The worker process reading this file and others stopped ({error}); it was not imported.",
    "zip_archive_too_large": "The archive expands past {limit} bytes; refused.",
    "zip_archive_too_large_because": "The archive expands past {limit} bytes ({why}); refused.",
    "zip_member_not_read": "The zip member was not read: {why}.",
    "zip_member_unreadable": "Cannot read the zip member: {error}.",
    "in_trash": "This post is in the library's trash; it was not brought back.",
    "deleted": "This post was deleted from the library; it was not imported again.",
    "duplicate": "A different version of this file is already in the library; skipped.",
    "not_stored": "The library could not store this post ({error}).",
    "kept_both": "This file changed since it was imported, and the post was edited in the library: "
    "both versions are kept.",
    # --- a whole site's other files (core/importing/site_files.py) ---
    "site_file_too_large": "{path} is larger than {mb} MB; not kept.",
    "site_files_too_large": "The site's other files exceed {mb} MB; the rest were not kept.",
    "site_file_unreadable": "Cannot read {path}: {error}; not kept.",
    "site_zip_unreadable": "Cannot read {path}: {error}; the site's other files were not kept.",
    "site_file_refused": "{path}: {why}; not kept.",
    # --- the query language (core/search/query.py) ---
    "query_unclosed_quote": "Unclosed quote: the {quote} at character {at} has no closing quote.",
    "query_empty_phrase": "Empty phrase at character {at}: put words between the quotes.",
    "query_stray_close": "The ) at character {at} closes no parenthesis.",
    "query_field_value": "{field}: at character {at} needs a value, e.g. {example}.",
    "query_or_after": "OR at character {at} needs a term after it.",
    "query_or_before": "OR at character {at} needs a term before it.",
    "query_minus_after": "The - at character {at} needs a term after it.",
    "query_unclosed_paren": "The ( at character {at} is never closed.",
    "query_empty_parens": "Empty parentheses at character {at}.",
    "query_too_deep": "The query is nested too deeply: the {token} at character {at} is inside "
    "{limit} parentheses and negations, the most a query may have.",
    "query_is_value": "is: at character {at} takes edited, trashed, read, unread, duplicate or representative, not {value!r}.",
    "query_dup_value": "dup: at character {at} takes a post's id (dup:1234), not {value!r}.",
    "query_has_value": "has: at character {at} takes warning or note, not {value!r}.",
    "query_bad_date": "Cannot read the date {date!r} at character {at}: write 2022, 2022-05 or 2022-05-01.",
    "query_no_such_date": "There is no date {date!r} (character {at}).",
    "query_range_open": "The date range at character {at} needs at least one end.",
    "query_range_backwards": "The date range at character {at} ends before it starts.",
    "query_not_text": "The query must be text.",
    # --- the export's notes (core/exporting/exporter.py) ---
    "export_case_folders": "The folders {first!r} and {other!r} differ only in case: on Windows and macOS they are "
    "one folder, and Jekyll gives their posts the same category there.",
    "export_site_file_differs": "Two sites hold a different {path}; the one written is the first site's.",
    "export_site_file_too_long": "The site file {path} was not written: {why}.",
    "export_moved_folder": "{count} post(s) in the folder {old!r} were written to {new!r} (the name is not safe on "
    "every system): Jekyll gives them the categories of {new!r}.",
    "export_archives": "The posts come from {count} archives; _config.yml is the one of {root}.",
    "export_archives_zones": "The posts come from {count} archives; _config.yml is the one of {root} "
    "(timezone {tz}; the others use {zones}).",
    "export_name_too_long": "the name {part} would be {size:,} bytes long, {over:,} more than the "
    "{limit} a file name may have there",
    "export_path_too_long": "its path in the export would be {size:,} bytes long, {over:,} more than the "
    "{limit:,} a path may have there",
    # why the export wrote a file under another name (core/exporting/target_names.py)
    "export_why_portable": "Windows or macOS cannot hold {what}, and portable names were asked for",
    "export_why_target": "the file system there does not take {what}",
    "export_why_zip": "a zip entry's name cannot hold {what}",
    "export_why_too_long": "the name is {size:,} bytes long, over the {limit} a file name may have",
    "export_why_not_below_posts": "its path does not lead into a _posts folder",
    "export_why_path_form": "its path has empty or '.' folders",
    "export_what_chars": "the character(s) {chars}",
    "export_what_bytes": "a name that is not UTF-8",
    "export_what_dots": "a name that is empty, '.' or '..'",
    "export_what_trailing": "a name ending in a dot or a space",
    "export_what_reserved": "the device name {name}",
    "export_renamed_slug": "{why}; Jekyll's slug (page.slug, and the post's id) changes from {old!r} to {new!r}, "
    "and so may its URL",
}

# The codes a report lists its problems under, each shown as words by the window.
REASONS: tuple[str, ...] = (
    # how Jekyll reads a post (jekyll.post's warnings and skip reasons)
    "not_a_post",
    "not_utf8",
    "unpublished",
    "future",
    "draft",
    "limit_posts",
    "fatal_date",
    "fatal_slug",
    "fatal_name",
    "yaml_data_file",
    "bad_date",
    "front_matter_error",
    "front_matter_ignored",
    # finding and reading files
    "missing",
    "unreadable",
    "not_a_file",
    "broken_link",
    "link",
    "link_outside",
    "link_followed",
    "too_large",
    "too_deep",
    "bad_zip",
    "unsafe_zip_member",
    "zip_link",
    "zip_bomb",
    "zip_overlap",
    "zip_damaged",
    "zip_unsupported",
    # the import run
    "config",
    "site_file",
    "internal_error",
    "binary",
    "in_trash",
    "deleted",
    "duplicate",
    "kept_both",
)


@dataclass(frozen=True)
class Message:
    """A code of `ENGLISH` and the named arguments its template is formatted with."""

    code: str
    args: Mapping[str, Arg] = field(default_factory=dict, hash=False)

    @property
    def text(self) -> str:
        """The message in English, as the command line shows it."""
        return self.format(english)

    def format(self, template_of: Callable[[str], str]) -> str:
        """The message worded by `template_of` (code -> template), its nested messages too."""
        args = {k: v.format(template_of) if isinstance(v, Message) else v for k, v in self.args.items()}
        return template_of(self.code).format(**args)

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "args": {k: _arg_json(v) for k, v in self.args.items()}}

    @classmethod
    def from_json(cls, data: Any) -> Message | None:
        """The message stored by `to_json`, or None when it is not one (a row stored before messages had args)."""
        if (
            not isinstance(data, Mapping)
            or data.get("code") not in ENGLISH
            or not isinstance(data.get("args"), Mapping)
        ):
            return None
        args: dict[str, Arg] = {}
        for key, value in data["args"].items():
            if isinstance(value, Mapping):
                nested = cls.from_json(value)
                if nested is None:
                    return None
                args[str(key)] = nested
            elif isinstance(value, str | int) and not isinstance(value, bool):
                args[str(key)] = value
            else:
                return None
        message = cls(data["code"], args)
        return message if fields(ENGLISH[message.code]) <= set(args) else None

    def map_text(self, change: Callable[[str], str]) -> Message:
        """The same message with `change` applied to its text arguments (nested ones too)."""
        return Message(
            self.code,
            {
                k: v.map_text(change) if isinstance(v, Message) else change(v) if isinstance(v, str) else v
                for k, v in self.args.items()
            },
        )


def message(code: str, **args: Arg) -> Message:
    """A message of the catalogue; an unknown code or a missing argument is a bug, caught here."""
    missing = fields(ENGLISH[code]) - set(args)
    if missing:
        raise KeyError(f"message {code!r} needs {sorted(missing)}")
    return Message(code, args)


def stored_warning(warning: Any) -> Message | None:
    """The message of a warning stored with a post ({code, message, args}); None for a row stored
    before warnings had arguments (its English `message` is all there is)."""
    if not isinstance(warning, Mapping):
        return None
    return Message.from_json({"code": warning.get("code"), "args": warning.get("args")})


def english(code: str) -> str:
    return ENGLISH[code]


def fields(template: str) -> set[str]:
    """The named fields a template formats (`{date!r}` and `{size:,}` name date and size)."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _arg_json(value: Arg) -> Any:
    return value.to_json() if isinstance(value, Message) else value
