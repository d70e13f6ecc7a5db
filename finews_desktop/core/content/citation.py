"""A post as a citation, the way a researcher pastes it into notes: title, source, date, link.

Plain text for anywhere, Markdown for notes apps; read from a post record
(`Library.post_records`), so the command line could print the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class Citation:
    title: str
    source: str  # the news source (the post's first tag, else its first category)
    date: str  # as the archive writes it, to the minute: 2022-05-20 17:01
    link: str  # the original article, else the post's URL in the archive


def citation_of(record: Mapping[str, Any]) -> Citation:
    tags = record.get("tags") or []
    categories = record.get("categories") or []
    names = record.get("category_names") or {}
    source = str(tags[0]) if tags else (str(names.get(categories[0], categories[0])) if categories else "")
    date = str(record.get("date") or "")[:16]
    link = str(record.get("source_url") or record.get("url") or "")
    title = str(record.get("title_text") or record.get("title") or record.get("path") or "")
    return Citation(" ".join(title.split()), source, date, link)


def plain_citation(c: Citation) -> str:
    """Title. Source, date. link"""
    head = c.title.rstrip(".") + "."
    where = ", ".join(x for x in (c.source, c.date) if x)
    return " ".join(x for x in (head, f"{where}." if where else "", c.link) if x)


def markdown_citation(c: Citation) -> str:
    """[Title](link) — Source, date"""
    title = _MD_SPECIAL.sub(r"\\\1", c.title)
    head = f"[{title}](<{c.link}>)" if c.link else title
    where = ", ".join(x for x in (c.source, c.date) if x)
    return f"{head} — {where}" if where else head
