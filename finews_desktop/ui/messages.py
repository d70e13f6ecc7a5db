"""The core's messages (core/messages.py) in the window's language: a translated template per code,
the reason codes as words.

Every template is a literal here so that lupdate finds it; its named fields (`{path}`, `{date!r}`)
are the core's arguments, formatted as the core formats its English (tests/ui/test_messages.py walks
the catalogue: no code without a template, no template with other fields). A translation that cannot be
formatted (a field mistyped) falls back to the English, never to an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from finews_desktop.core.messages import Message, english, stored_warning


def templates() -> dict[str, str]:
    """code -> the template in the current language."""
    return {
        "fatal_name": QCoreApplication.translate(
            "Messages",
            "The file name (or a folder above it) is not valid UTF-8: Jekyll 4.3 stops on it ('invalid byte sequence in UTF-8'), which aborts the whole `jekyll build`. Its bytes are kept, and an export writes it under its original name.",
        ),
        "not_utf8": QCoreApplication.translate(
            "Messages",
            "The file is not valid UTF-8 (it looks like {encoding}); Jekyll skips it. Its text is decoded here and its bytes are kept unchanged.",
        ),
        "not_a_post": QCoreApplication.translate(
            "Messages",
            "Jekyll does not build this file as a post: a post must sit in a _posts folder, and its name must start with a date and a dash and have an extension (YYYY-MM-DD-title.md); hidden and '_'-prefixed names are ignored.",
        ),
        "yaml_data_file": QCoreApplication.translate(
            "Messages", "Jekyll reads .yml/.yaml files in _posts as data, not as posts."
        ),
        "front_matter_ignored": QCoreApplication.translate(
            "Messages",
            "The file seems to start with front matter, but Jekyll does not see it (the first line must be exactly '---', and a closing '---' line must follow): the whole file is the body.",
        ),
        "front_matter_error": QCoreApplication.translate(
            "Messages",
            "{why} Jekyll logs an error and still builds the post, but without its title, date, tags or slug (the date becomes the build time).",
        ),
        "front_matter_not_yaml": QCoreApplication.translate(
            "Messages", "Its front matter is not valid YAML ({error})."
        ),
        "front_matter_not_keys": QCoreApplication.translate(
            "Messages", "Its front matter is a {kind}, not a set of keys."
        ),
        "front_matter_bad_categories": QCoreApplication.translate(
            "Messages", "'categories: {value}' is neither text nor a list, so Jekyll cannot merge it."
        ),
        "unpublished": QCoreApplication.translate(
            "Messages", "published: {value} — Jekyll does not publish this post."
        ),
        "future": QCoreApplication.translate(
            "Messages",
            "Dated {date}, after the build time: Jekyll builds this post once that time has passed, or when the site sets `future: true`.",
        ),
        "draft": QCoreApplication.translate(
            "Messages",
            "A draft (in a _drafts folder): Jekyll builds it only when the site sets `show_drafts: true` (or with `jekyll build --drafts`).",
        ),
        "fatal_slug": QCoreApplication.translate(
            "Messages",
            "'slug: {value}' is not text: Jekyll fails on it while making the URL, which aborts the whole `jekyll build`.",
        ),
        "bad_date": QCoreApplication.translate(
            "Messages", "The date {date!r} in the {where} is not a date Jekyll can read."
        ),
        "fatal_date": QCoreApplication.translate(
            "Messages",
            "Jekyll cannot read the date {date!r} in the {where}: this aborts the whole `jekyll build` (no site at all), not just this post.",
        ),
        "in_front_matter": QCoreApplication.translate("Messages", "front matter"),
        "in_file_name": QCoreApplication.translate("Messages", "file name"),
        "missing": QCoreApplication.translate("Messages", "Cannot import {path}: it does not exist."),
        "missing_link": QCoreApplication.translate("Messages", "Cannot import {path}: it broken link."),
        "unreadable": QCoreApplication.translate("Messages", "Cannot read {path}: {error}."),
        "unreadable_folder": QCoreApplication.translate("Messages", "Cannot read the folder {path}: {error}."),
        "not_a_file": QCoreApplication.translate(
            "Messages", "{path} is {kind}, not a file; it was skipped without being opened."
        ),
        "kind_fifo": QCoreApplication.translate("Messages", "a FIFO (named pipe)"),
        "kind_socket": QCoreApplication.translate("Messages", "a socket"),
        "kind_device": QCoreApplication.translate("Messages", "a device"),
        "kind_folder": QCoreApplication.translate("Messages", "a folder"),
        "kind_link": QCoreApplication.translate("Messages", "a link"),
        "kind_other": QCoreApplication.translate("Messages", "not a regular file"),
        "broken_link": QCoreApplication.translate("Messages", "{path} is a broken link."),
        "link_outside": QCoreApplication.translate(
            "Messages", "{path} is a link to {target}, outside the imported folder; it was not read."
        ),
        "too_large": QCoreApplication.translate(
            "Messages", "{path} is {size} bytes, over the {limit} bytes read for it; it was not read."
        ),
        "link_followed": QCoreApplication.translate(
            "Messages", "{path} is a link to {target} inside the imported folder; it was read, as Jekyll reads it."
        ),
        "folder_link_followed": QCoreApplication.translate(
            "Messages",
            "{path} is a link to the folder {target} inside the imported folder; its files were read under this name, as Jekyll reads them.",
        ),
        "link_below_posts": QCoreApplication.translate(
            "Messages",
            "{path} is a link to a folder inside _posts; links are not followed there (Jekyll does not read folders linked below _posts either).",
        ),
        "link_loop": QCoreApplication.translate(
            "Messages", "{path} is a link to a folder that holds it; links are not followed in a loop."
        ),
        "too_deep": QCoreApplication.translate(
            "Messages", "{path} is nested more than {depth} folders deep; its subfolders were not read."
        ),
        "not_text": QCoreApplication.translate("Messages", "{path} is not a text file; skipped."),
        "bad_zip": QCoreApplication.translate("Messages", "{path} is not a readable zip archive ({error})."),
        "zip_too_large": QCoreApplication.translate(
            "Messages", "{path} expands to more than {limit} bytes; the rest was refused."
        ),
        "zip_member_problem": QCoreApplication.translate("Messages", "{path}: {why}"),
        "unsafe_zip_member": QCoreApplication.translate(
            "Messages", "{zip}: member {member!r} has an absolute or '..' path and was ignored."
        ),
        "zip_link": QCoreApplication.translate("Messages", "{zip}: member {member!r} is a link and was ignored."),
        "zip_member_not_a_file": QCoreApplication.translate(
            "Messages", "{zip}: member {member!r} is {kind}, not a file, and was ignored."
        ),
        "zip_overlap": QCoreApplication.translate(
            "Messages", "{zip}: member {member!r} shares its bytes with another member and was refused."
        ),
        "zip_bomb": QCoreApplication.translate(
            "Messages", "{zip}: member {member!r} expands too much ({size} bytes) and was refused."
        ),
        "zip_ends_early": QCoreApplication.translate("Messages", "the archive ends early"),
        "zip_encrypted": QCoreApplication.translate("Messages", "the member is encrypted"),
        "zip_claims_too_large": QCoreApplication.translate(
            "Messages", "the archive says the member expands to {size} bytes, over {limit}; refused"
        ),
        "zip_overlapping_bytes": QCoreApplication.translate(
            "Messages", "the member's bytes overlap another member's; refused"
        ),
        "zip_no_local_header": QCoreApplication.translate("Messages", "the member's local header is missing"),
        "zip_names_differ": QCoreApplication.translate("Messages", "the member's two headers give different names"),
        "zip_packed_too_large": QCoreApplication.translate(
            "Messages", "the member's packed data alone is over {limit} bytes; refused"
        ),
        "zip_expands_past": QCoreApplication.translate("Messages", "the member expands past {limit} bytes; refused"),
        "zip_ratio": QCoreApplication.translate(
            "Messages", "the member expands {ratio} times ({size} bytes from {packed}); refused"
        ),
        "zip_size_differs": QCoreApplication.translate(
            "Messages", "the archive says the member is {claimed} bytes, but it expands to {size}; refused"
        ),
        "zip_bad_crc": QCoreApplication.translate("Messages", "the member's bytes do not match its checksum (CRC-32)"),
        "zip_lzma_short": QCoreApplication.translate("Messages", "the member's LZMA header is cut short"),
        "zip_lzma_props": QCoreApplication.translate("Messages", "the member's LZMA properties are damaged"),
        "zip_damaged_data": QCoreApplication.translate("Messages", "the member's data is damaged ({error})"),
        "zip_method": QCoreApplication.translate(
            "Messages", "the member is packed with method {method}, which is not supported"
        ),
        "post_too_large_unread": QCoreApplication.translate("Messages", "The file is {over}; not read."),
        "post_too_large": QCoreApplication.translate("Messages", "The file is {over}."),
        "post_over_mb": QCoreApplication.translate(
            "Messages", "{size} MB, {over} MB over the {limit} MB limit for a post"
        ),
        "post_over_bytes": QCoreApplication.translate(
            "Messages", "{size:,} bytes, {over:,} bytes over the {limit} limit for a post"
        ),
        "post_over_one_byte": QCoreApplication.translate(
            "Messages", "{size:,} bytes, 1 byte over the {limit} limit for a post"
        ),
        "post_limit_mb": QCoreApplication.translate("Messages", "{mb} MB ({size:,} bytes)"),
        "post_limit_bytes": QCoreApplication.translate("Messages", "{size:,}-byte"),
        "post_not_a_file": QCoreApplication.translate("Messages", "This is {kind}, not a file; it was not read."),
        "post_link_appeared": QCoreApplication.translate(
            "Messages", "This is a link that was not there when the folder was listed; not read."
        ),
        "post_unreadable": QCoreApplication.translate("Messages", "Cannot read the file: {error}."),
        "post_read_failed": QCoreApplication.translate(
            "Messages", "finews-desktop could not read this file ({error})."
        ),
        "binary": QCoreApplication.translate("Messages", "This is a binary file, not a text post; skipped."),
        "config_unreadable": QCoreApplication.translate(
            "Messages", "The site's _config.yml could not be read ({error}); dates use the library timezone {tz}."
        ),
        "config_permalink_type": QCoreApplication.translate(
            "Messages", "The permalink in _config.yml is a {kind}, not text; it was not used."
        ),
        "config_permalink_long": QCoreApplication.translate(
            "Messages", "The permalink in _config.yml is over {limit} characters; it was not used."
        ),
        "config_timezone": QCoreApplication.translate(
            "Messages", "Unknown timezone {tz!r} in _config.yml; dates use {default}."
        ),
        "config_fatal": QCoreApplication.translate(
            "Messages", "Jekyll would refuse this _config.yml ({error}); its posts were read with Jekyll's defaults."
        ),
        "config_timezone_long": QCoreApplication.translate(
            "Messages", "Unknown timezone in _config.yml in _config.yml; dates use {default}."
        ),
        "category_page_unreadable": QCoreApplication.translate(
            "Messages", "The category page could not be read ({error}); skipped."
        ),
        "worker_stopped": QCoreApplication.translate(
            "Messages", "The worker process reading this file and others stopped ({error}); it was not imported."
        ),
        "zip_archive_too_large": QCoreApplication.translate(
            "Messages", "The archive expands past {limit} bytes; refused."
        ),
        "zip_archive_too_large_because": QCoreApplication.translate(
            "Messages", "The archive expands past {limit} bytes ({why}); refused."
        ),
        "zip_member_not_read": QCoreApplication.translate("Messages", "The zip member was not read: {why}."),
        "zip_member_unreadable": QCoreApplication.translate("Messages", "Cannot read the zip member: {error}."),
        "in_trash": QCoreApplication.translate(
            "Messages", "This post is in the library's trash; it was not brought back."
        ),
        "deleted": QCoreApplication.translate(
            "Messages", "This post was deleted from the library; it was not imported again."
        ),
        "duplicate": QCoreApplication.translate(
            "Messages", "A different version of this file is already in the library; skipped."
        ),
        "not_stored": QCoreApplication.translate("Messages", "The library could not store this post ({error})."),
        "kept_both": QCoreApplication.translate(
            "Messages",
            "This file changed since it was imported, and the post was edited in the library: both versions are kept.",
        ),
        "site_file_too_large": QCoreApplication.translate("Messages", "{path} is larger than {mb} MB; not kept."),
        "site_files_too_large": QCoreApplication.translate(
            "Messages", "The site's other files exceed {mb} MB; the rest were not kept."
        ),
        "site_file_unreadable": QCoreApplication.translate("Messages", "Cannot read {path}: {error}; not kept."),
        "site_zip_unreadable": QCoreApplication.translate(
            "Messages", "Cannot read {path}: {error}; the site's other files were not kept."
        ),
        "site_file_refused": QCoreApplication.translate("Messages", "{path}: {why}; not kept."),
        "query_unclosed_quote": QCoreApplication.translate(
            "Messages", "Unclosed quote: the {quote} at character {at} has no closing quote."
        ),
        "query_empty_phrase": QCoreApplication.translate(
            "Messages", "Empty phrase at character {at}: put words between the quotes."
        ),
        "query_stray_close": QCoreApplication.translate("Messages", "The ) at character {at} closes no parenthesis."),
        "query_field_value": QCoreApplication.translate(
            "Messages", "{field}: at character {at} needs a value, e.g. {example}."
        ),
        "query_or_after": QCoreApplication.translate("Messages", "OR at character {at} needs a term after it."),
        "query_or_before": QCoreApplication.translate("Messages", "OR at character {at} needs a term before it."),
        "query_minus_after": QCoreApplication.translate("Messages", "The - at character {at} needs a term after it."),
        "query_unclosed_paren": QCoreApplication.translate("Messages", "The ( at character {at} is never closed."),
        "query_empty_parens": QCoreApplication.translate("Messages", "Empty parentheses at character {at}."),
        "query_too_deep": QCoreApplication.translate(
            "Messages",
            "The query is nested too deeply: the {token} at character {at} is inside {limit} parentheses and negations, the most a query may have.",
        ),
        "query_is_value": QCoreApplication.translate(
            "Messages",
            "is: at character {at} takes edited, trashed, read, unread, duplicate or representative, not {value!r}.",
        ),
        "query_dup_value": QCoreApplication.translate(
            "Messages", "dup: at character {at} takes a post's id (dup:1234), not {value!r}."
        ),
        "query_has_value": QCoreApplication.translate(
            "Messages", "has: at character {at} takes warning or note, not {value!r}."
        ),
        "query_bad_date": QCoreApplication.translate(
            "Messages", "Cannot read the date {date!r} at character {at}: write 2022, 2022-05 or 2022-05-01."
        ),
        "query_no_such_date": QCoreApplication.translate("Messages", "There is no date {date!r} (character {at})."),
        "query_range_open": QCoreApplication.translate(
            "Messages", "The date range at character {at} needs at least one end."
        ),
        "query_range_backwards": QCoreApplication.translate(
            "Messages", "The date range at character {at} ends before it starts."
        ),
        "query_not_text": QCoreApplication.translate("Messages", "The query must be text."),
        "export_case_folders": QCoreApplication.translate(
            "Messages",
            "The folders {first!r} and {other!r} differ only in case: on Windows and macOS they are one folder, and Jekyll gives their posts the same category there.",
        ),
        "export_site_file_differs": QCoreApplication.translate(
            "Messages", "Two sites hold a different {path}; the one written is the first site's."
        ),
        "export_site_file_too_long": QCoreApplication.translate(
            "Messages", "The site file {path} was not written: {why}."
        ),
        "export_moved_folder": QCoreApplication.translate(
            "Messages",
            "{count} post(s) in the folder {old!r} were written to {new!r} (the name is not safe on every system): Jekyll gives them the categories of {new!r}.",
        ),
        "export_archives": QCoreApplication.translate(
            "Messages", "The posts come from {count} archives; _config.yml is the one of {root}."
        ),
        "export_archives_zones": QCoreApplication.translate(
            "Messages",
            "The posts come from {count} archives; _config.yml is the one of {root} (timezone {tz}; the others use {zones}).",
        ),
        "export_name_too_long": QCoreApplication.translate(
            "Messages",
            "the name {part} would be {size:,} bytes long, {over:,} more than the {limit} a file name may have there",
        ),
        "export_path_too_long": QCoreApplication.translate(
            "Messages",
            "its path in the export would be {size:,} bytes long, {over:,} more than the {limit:,} a path may have there",
        ),
        "export_why_portable": QCoreApplication.translate(
            "Messages",
            "Windows or macOS cannot hold {what}, and portable names were asked for",
        ),
        "export_why_target": QCoreApplication.translate(
            "Messages",
            "the file system there does not take {what}",
        ),
        "export_why_zip": QCoreApplication.translate(
            "Messages",
            "a zip entry's name cannot hold {what}",
        ),
        "export_why_too_long": QCoreApplication.translate(
            "Messages",
            "the name is {size:,} bytes long, over the {limit} a file name may have",
        ),
        "export_why_not_below_posts": QCoreApplication.translate(
            "Messages",
            "its path does not lead into a _posts folder",
        ),
        "export_why_path_form": QCoreApplication.translate(
            "Messages",
            "its path has empty or '.' folders",
        ),
        "export_what_chars": QCoreApplication.translate(
            "Messages",
            "the character(s) {chars}",
        ),
        "export_what_bytes": QCoreApplication.translate(
            "Messages",
            "a name that is not UTF-8",
        ),
        "export_what_dots": QCoreApplication.translate(
            "Messages",
            "a name that is empty, '.' or '..'",
        ),
        "export_what_trailing": QCoreApplication.translate(
            "Messages",
            "a name ending in a dot or a space",
        ),
        "export_what_reserved": QCoreApplication.translate(
            "Messages",
            "the device name {name}",
        ),
        "export_renamed_slug": QCoreApplication.translate(
            "Messages",
            "{why}; Jekyll's slug (page.slug, and the post's id) changes from {old!r} to {new!r}, and so may its URL",
        ),
    }


def reason_words() -> dict[str, str]:
    """A report's reason code -> a short label in the current language."""
    return {
        "not_a_post": QCoreApplication.translate("Reasons", "Not a post"),
        "not_utf8": QCoreApplication.translate("Reasons", "Not UTF-8"),
        "unpublished": QCoreApplication.translate("Reasons", "Unpublished"),
        "future": QCoreApplication.translate("Reasons", "Dated in the future"),
        "draft": QCoreApplication.translate("Reasons", "Draft"),
        "limit_posts": QCoreApplication.translate("Reasons", "Beyond limit_posts"),
        "fatal_date": QCoreApplication.translate("Reasons", "Date stops the build"),
        "fatal_slug": QCoreApplication.translate("Reasons", "Slug stops the build"),
        "fatal_name": QCoreApplication.translate("Reasons", "Name stops the build"),
        "yaml_data_file": QCoreApplication.translate("Reasons", "Data file"),
        "bad_date": QCoreApplication.translate("Reasons", "Bad date"),
        "front_matter_error": QCoreApplication.translate("Reasons", "Front matter error"),
        "front_matter_ignored": QCoreApplication.translate("Reasons", "Front matter not seen"),
        "missing": QCoreApplication.translate("Reasons", "Missing"),
        "unreadable": QCoreApplication.translate("Reasons", "Unreadable"),
        "not_a_file": QCoreApplication.translate("Reasons", "Not a file"),
        "broken_link": QCoreApplication.translate("Reasons", "Broken link"),
        "link": QCoreApplication.translate("Reasons", "Link not followed"),
        "link_outside": QCoreApplication.translate("Reasons", "Link outside the folder"),
        "link_followed": QCoreApplication.translate("Reasons", "Link followed"),
        "too_large": QCoreApplication.translate("Reasons", "Too large"),
        "too_deep": QCoreApplication.translate("Reasons", "Nested too deep"),
        "bad_zip": QCoreApplication.translate("Reasons", "Bad zip archive"),
        "unsafe_zip_member": QCoreApplication.translate("Reasons", "Unsafe zip member"),
        "zip_link": QCoreApplication.translate("Reasons", "Link in a zip"),
        "zip_bomb": QCoreApplication.translate("Reasons", "Expands too much"),
        "zip_overlap": QCoreApplication.translate("Reasons", "Overlapping zip member"),
        "zip_damaged": QCoreApplication.translate("Reasons", "Damaged zip member"),
        "zip_unsupported": QCoreApplication.translate("Reasons", "Unsupported zip member"),
        "config": QCoreApplication.translate("Reasons", "Site settings"),
        "site_file": QCoreApplication.translate("Reasons", "Site file"),
        "internal_error": QCoreApplication.translate("Reasons", "Internal error"),
        "binary": QCoreApplication.translate("Reasons", "Binary file"),
        "in_trash": QCoreApplication.translate("Reasons", "In the trash"),
        "deleted": QCoreApplication.translate("Reasons", "Deleted before"),
        "duplicate": QCoreApplication.translate("Reasons", "Duplicate"),
        "kept_both": QCoreApplication.translate("Reasons", "Both versions kept"),
    }


_cache: dict[str, tuple[dict[str, str], dict[str, str]]] = {}


def _current() -> tuple[dict[str, str], dict[str, str]]:
    """The templates and words of the language in use, known by the translation of one of them (the
    translators change before the default locale does, and widgets re-word themselves in between)."""
    key = QCoreApplication.translate("Reasons", "Not a post")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = (templates(), reason_words())
    return found


def forget_language() -> None:
    """Drop the cached wording (a translator installed without changing the locale)."""
    _cache.clear()


def said(message: Message) -> str:
    """The message in the window's language (its English when the translation cannot be formatted)."""
    table = _current()[0]
    try:
        return message.format(lambda code: table.get(code) or english(code))
    except (KeyError, IndexError, ValueError):
        return message.text


def reason(code: str) -> str:
    """A reason code as words; an unknown code as it is."""
    return _current()[1].get(code, code)


def warning_text(warning: Any) -> str:
    """A warning stored with a post ({code, message, args}) in the window's language; a row stored
    before warnings had arguments gives its English text."""
    message = stored_warning(warning)
    if message is not None:
        return said(message)
    if isinstance(warning, Mapping):
        return str(warning.get("message") or "")
    return str(warning or "")


def text_of(message: Message | None, fallback: str) -> str:
    """`message` in the window's language, or `fallback` (the English a problem was made with) without one."""
    return said(message) if message is not None else fallback


def query_problem(query: str, fallback: str) -> str:
    """What is wrong with a search field's text, in the window's language (the listing worker gives the
    English alone: the query is parsed again here, which takes microseconds); `fallback` if it now parses."""
    from finews_desktop.core.errors import QueryError
    from finews_desktop.core.search.query import parse_query
    from finews_desktop.workers.listing import split_recent

    try:
        parse_query(split_recent(query)[0])
    except QueryError as exc:
        return text_of(exc.said, str(exc))
    return fallback
