"""Inline CSS: which elements it hides, and the few declarations QTextDocument is allowed to keep."""

from __future__ import annotations

from typing import Any

_STYLE_ALLOWED = {
    "text-align": frozenset({"left", "right", "center", "justify"}),
    "font-weight": frozenset({"normal", "bold", "bolder", "lighter", *(str(w) for w in range(100, 1000, 100))}),
    "font-style": frozenset({"normal", "italic", "oblique"}),
    "text-decoration": frozenset({"none", "underline", "line-through", "overline"}),
    "vertical-align": frozenset({"baseline", "sub", "super"}),
}


def _without_comments(css: str) -> str:
    if "/*" not in css:
        return css
    kept, pos = [], 0
    while True:
        start = css.find("/*", pos)
        if start < 0:
            kept.append(css[pos:])
            break
        kept.append(css[pos:start])
        end = css.find("*/", start + 2)
        if end < 0:
            break
        pos = end + 2
    return "".join(kept)


def declarations(style: str) -> list[tuple[str, str]]:
    """CSS declarations of a style attribute (its first 10,000 characters), lower-cased, comments and !important dropped."""
    style = _without_comments(style[:10_000])
    out = []
    for decl in style.split(";"):
        prop, colon, value = decl.partition(":")
        if not colon:
            continue
        value = value.strip().lower()
        if value.endswith("!important"):
            value = value[: -len("!important")].strip()
        out.append((prop.strip().lower(), " ".join(value.split())))
    return out


def is_hidden(el: Any) -> bool:
    """`hidden`, `display: none` or `visibility: hidden|collapse`: an element the page never showed."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style:
        lowered = style.lower()
        if "none" in lowered or "hidden" in lowered or "collapse" in lowered:
            for prop, value in declarations(lowered):
                if prop == "display" and value == "none":
                    return True
                if prop == "visibility" and value in ("hidden", "collapse"):
                    return True
    return False


def safe_style(style: str) -> str | None:
    kept = [f"{prop}: {value}" for prop, value in declarations(style) if value in _STYLE_ALLOWED.get(prop, frozenset())]
    return "; ".join(kept) if kept else None
