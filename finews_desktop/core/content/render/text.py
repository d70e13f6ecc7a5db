"""Text as the preview shows it: one line per front matter value, break opportunities in long runs, tidy lines."""

from __future__ import annotations

import re
from typing import Any

from finews_desktop.core.content.render.limits import MAX_RUN, RUN_CHUNK

ZWSP = "\u200b"

# Text content (not HTML) that lxml and markdown cannot take: C0 controls (markdown uses \x02/\x03 itself),
# lone surrogates and non-characters.
BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Runs of text without a line-break opportunity (no space, no CJK character or punctuation).
_NO_BREAK_CHAR = (
    "[^\\s\u2e80-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]"
)
# The lookbehind lets a match start only where a run starts: linear time however the text is cut.
_UNBROKEN_RE = re.compile("(?<!" + _NO_BREAK_CHAR + ")" + _NO_BREAK_CHAR + "{" + str(MAX_RUN + 1) + ",}")


# A numeric character reference to such a character. Markdown writes them itself: its e-mail autolinks
# spell every character as &#N;, including the \x02/\x03 of its own placeholders (`<\\#@T>`).
_CHAR_REF_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _bad_code_point(n: int) -> bool:
    return n > 0x10FFFF or (n < 0x20 and n not in (0x9, 0xA, 0xD)) or 0xD800 <= n <= 0xDFFF or n in (0xFFFE, 0xFFFF)


def _ref_or_replacement(match: re.Match[str]) -> str:
    hex_digits, digits = match.groups()
    return "&#xFFFD;" if _bad_code_point(int(hex_digits, 16) if hex_digits else int(digits)) else match.group(0)


def without_bad_char_refs(html: str) -> str:
    """HTML whose character references lxml can hold: a reference to a character it cannot becomes U+FFFD
    (lxml decodes them while parsing, then refuses the text when the clean-up sets it again)."""
    return _CHAR_REF_RE.sub(_ref_or_replacement, html) if "&#" in html else html


def without_bad_chars(text: str) -> str:
    """Text lxml and markdown can take: each character they cannot becomes U+FFFD."""
    return BAD_CHARS_RE.sub("\ufffd", text) if BAD_CHARS_RE.search(text) else text


def one_line(value: Any) -> str:
    """Any front-matter value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = ", ".join(one_line(v) for v in value)
    else:
        text = str(value)
    return " ".join(text.split())


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and v != ""]
    return [value]


def breakable(text: str) -> str:
    """Text with U+200B inside runs that Qt could not break (long URLs, long numbers)."""
    if len(text) <= MAX_RUN:
        return text
    return _UNBROKEN_RE.sub(_chunk_run, text)


def _chunk_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return ZWSP.join(run[i : i + RUN_CHUNK] for i in range(0, len(run), RUN_CHUNK))


def tidy_lines(text: str) -> str:
    """Each line's spaces collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
