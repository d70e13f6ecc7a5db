"""Which file names an export's target can hold, and the name written where it cannot.

A folder keeps every name its file system takes: the rules are probed in the export's staging
folder (a vfat stick or an SMB share mounted on Linux refuses what ext4 takes), not guessed from
the OS. A zip keeps every name its format can hold. "Portable names" asks for names Windows and
macOS can hold, for an archive meant to be copied there. Names that change say why (a Message),
so the report can tell the user which and why.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from finews_desktop.core.filenames import has_name_bytes, name_bytes, shown_name
from finews_desktop.core.messages import Message, message

MAX_NAME_BYTES = 255
# Characters no file name may hold on one of Linux, macOS and Windows: separators,
# Windows' reserved punctuation, ASCII and C1 control characters.
PORTABLE_REFUSED = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{n}" for p in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]]
)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)

# A probe: whether a new file created as `name` in `folder` is there under exactly that name.
Probe = Callable[[str, str], bool]


def make_file(folder: str, name: str) -> bool:
    """Create `name` in folder (never over a file); True when the folder lists it under that very name."""
    try:
        os.close(os.open(os.path.join(folder, name), _CREATE_FLAGS, 0o600))
        return name in os.listdir(folder)
    except (OSError, ValueError, UnicodeError):
        return False


def _key_exact(path: str) -> str:
    return path


def key_folded(path: str) -> str:
    """Two paths with the same key are the same file on macOS or Windows (case and Unicode form ignored)."""
    if path.isascii():
        return path.lower()
    return unicodedata.normalize("NFC", path).casefold()


def _key_case(path: str) -> str:
    return path.lower() if path.isascii() else path.casefold()


def _key_unicode(path: str) -> str:
    return path if path.isascii() else unicodedata.normalize("NFC", path)


@dataclass
class NameRules:
    """What a target refuses in a name; `why` is the message code said for a name renamed under them."""

    why: str  # export_why_portable | export_why_target
    refuses_char: Callable[[str], bool]
    refuses_trailing: Callable[[], bool] = lambda: False  # a name ending in '.' or ' '
    refuses_reserved: Callable[[str], bool] = lambda _stem: False  # Windows' device names
    refuses_bytes: Callable[[], bool] = lambda: False  # names that are not UTF-8
    name_max: int | None = MAX_NAME_BYTES
    fold_case: bool = False
    fold_unicode: bool = False
    backslash_separates: bool = False  # a '\\' in a stored path is a folder separator, as on Windows

    def key(self) -> Callable[[str], str]:
        """Paths with the same key are one file on the target."""
        if self.fold_case and self.fold_unicode:
            return key_folded
        if self.fold_case:
            return _key_case
        return _key_unicode if self.fold_unicode else _key_exact

    def fit(self, name: str) -> tuple[str, Message | None]:
        """One path segment as written on the target, and why it differs (None: kept byte for byte)."""
        if (
            name
            and PORTABLE_REFUSED.search(name) is None
            and name[-1] not in ". "
            and len(name) <= MAX_NAME_BYTES // 4  # surely short enough in UTF-8
            and name.split(".", 1)[0].rstrip(" ").upper() not in RESERVED
            and not has_name_bytes(name)
        ):
            return name, None  # the common case: a name every target holds
        what: Message | None = None
        if has_name_bytes(name) and self.refuses_bytes():
            name, what = shown_name(name), message("export_what_bytes")
        refused = sorted({ch for ch in name if ch in "/\x00" or self.refuses_char(ch)})
        if refused:
            what = what or message("export_what_chars", chars=" ".join(_visible(ch) for ch in refused))
            name = "".join("-" if ch in refused else ch for ch in name)
        if name in ("", ".", ".."):
            return "_" * max(len(name), 1), message(self.why, what=what or message("export_what_dots"))
        if name[-1] in ". " and self.refuses_trailing():
            name, what = name.rstrip(". ") + "_", what or message("export_what_trailing")
        first = name.split(".", 1)[0].rstrip(" ")
        if first.upper() in RESERVED and self.refuses_reserved(first):
            name, what = first + "_" + name[len(first) :], what or message("export_what_reserved", name=first)
        if self.name_max is not None and len(name_bytes(name)) > self.name_max:
            stem, ext = split_ext(name)
            size = len(name_bytes(name))
            name = fit_bytes(stem, ext, self.name_max)
            return name, message("export_why_too_long", size=size, limit=self.name_max)
        return name, (message(self.why, what=what) if what is not None else None)


def _visible(ch: str) -> str:
    return repr(ch)[1:-1] if not ch.isprintable() else ch


def split_ext(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    if dot <= 0 or len(name) - dot > 16:
        return name, ""
    return name[:dot], name[dot:]


def fit_bytes(stem: str, tail: str, limit: int = MAX_NAME_BYTES) -> str:
    """stem + tail within `limit` UTF-8 bytes, cutting the stem on a character boundary."""
    budget = limit - len(tail.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[: max(budget, 1)].decode("utf-8", "ignore").rstrip(". ") or "_"
    return stem + tail


def portable_rules() -> NameRules:
    """Names Windows and macOS can hold (and so every common file system)."""
    return NameRules(
        why="export_why_portable",
        refuses_char=lambda ch: PORTABLE_REFUSED.match(ch) is not None,
        refuses_trailing=lambda: True,
        refuses_reserved=lambda _stem: True,
        refuses_bytes=lambda: True,
        fold_case=True,
        fold_unicode=True,
        backslash_separates=True,
    )


PORTABLE = portable_rules()


def zip_rules() -> NameRules:
    """A zip entry holds any name but a backslash (the zip format's separator is '/' only: an
    extractor on Windows would take it for a folder); a name that is not UTF-8 keeps its bytes."""
    return NameRules(why="export_why_zip", refuses_char=lambda ch: ch == "\\", name_max=None)


@dataclass
class _ProbedFolder:
    """Answers from probe files in one folder, each question asked at most once."""

    folder: str
    probe: Probe
    answers: dict[str, bool] = field(default_factory=dict)
    count: int = 0

    def takes(self, part: str) -> bool:
        """Whether the file system takes a name holding `part` (a fresh probe name made of it)."""
        if part not in self.answers:
            self.count += 1
            self.answers[part] = self.probe(self.folder, f"p{self.count}{part}")
        return self.answers[part]

    def exact(self, name: str) -> bool:
        """Whether the file system takes a new file named exactly `name` (asked once per name)."""
        key = "=" + name
        if key not in self.answers:
            self.answers[key] = self.probe(self.folder, name)
        return self.answers[key]


def folder_rules(probe_folder: str, probe: Probe = make_file) -> NameRules:
    """The rules of the file system that holds probe_folder (an empty folder of our own), probed there.

    On Windows the system itself refuses Windows' names (and a probe with ':' would make a stream,
    not a file), so its rules are taken as they are.
    """
    if os.name == "nt":
        rules = portable_rules()
        rules.why = "export_why_target"
        return rules  # pragma: no cover - Windows
    asked = _ProbedFolder(probe_folder, probe)
    # a case (or Unicode form) variant of a name there is refused when both are one name
    fold_case = not (asked.exact("Case-Probe") and asked.exact("case-probe"))
    fold_unicode = not (asked.exact("form-\u00e9") and asked.exact("form-e\u0301"))
    return NameRules(
        why="export_why_target",
        refuses_char=lambda ch: ch in "/\x00" or (not _plain(ch) and not asked.takes(f"-{ch}-")),
        refuses_trailing=lambda: not (asked.takes("-.") and asked.takes("- ")),
        refuses_reserved=lambda stem: not asked.exact(f"{stem.upper()}.md"),
        refuses_bytes=lambda: not asked.takes(os.fsdecode(b"-\xff")),
        name_max=MAX_NAME_BYTES,
        fold_case=fold_case,
        fold_unicode=fold_unicode,
    )


def _plain(ch: str) -> bool:
    """A character every file system that takes Unicode names takes: probing it would tell nothing."""
    return PORTABLE_REFUSED.match(ch) is None


def name_slug(basename: str) -> str:
    """The part of a post's file name Jekyll makes its slug of (after the date, before the extension)."""
    match = re.match(r"^\d{2,4}-\d{1,2}-\d{1,2}-(.*?)(\.[^.]*)?$", basename)
    return match.group(1) if match else split_ext(basename)[0]


def fit_path(path: str, rules: NameRules) -> tuple[str, Message | None]:
    """A relative path segment by segment as written on the target (empty and '.' segments dropped),
    and why it differs (None: kept)."""
    split = re.split(r"[/\\]", path) if rules.backslash_separates else path.split("/")
    parts: list[str] = []
    why: Message | None = None
    for segment in split:
        if segment in ("", "."):
            continue
        got, said = rules.fit(segment)
        parts.append(got)
        why = why or said
    return "/".join(parts), why


def fit_post_path(site_path: str, rules: NameRules) -> tuple[str, Message | None]:
    """A post's path on the target: fit_path, always below a `_posts` folder (a draft's: its `_drafts`)."""
    folder, _, base = (
        site_path.replace("\\", "/").rpartition("/") if rules.backslash_separates else site_path.rpartition("/")
    )
    folder_path, why = fit_path(folder, rules)
    parts = folder_path.split("/") if folder_path else []
    if base not in ("", "."):
        got, said = rules.fit(base)
        parts.append(got)
        why = why or said
    if not parts:
        parts = ["post"]
    if "_posts" not in parts[:-1] and "_drafts" not in parts[:-1]:
        parts = ["_posts", parts[-1]]
        why = why or message("export_why_not_below_posts")
    return "/".join(parts), why
