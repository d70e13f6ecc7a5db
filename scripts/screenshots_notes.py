"""Screenshots of read state and notes, English and 简体中文, under Xvfb (issue 20).

    python scripts/screenshots_notes.py [--out docs/screenshots]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run` process with a fresh home,
library and settings. The finews sample is imported through the window; some posts are marked read
(the Read menu's step), so the list shows the unread ones bold and the sidebar counts them:
`unread-<lang>.png`. Then the seed post gets a note, Notes is switched on beside the search field and a
word of the note is searched: the list finds the post by its note, the note pane shows it below the
preview: `note-<lang>.png`.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import SEED_POST, close_app, import_sample, post_id_of, snap, start_app, wait, wait_listed

SIZE = (1440, 900)
NOTES = {
    "en": (
        "review",
        "To review: the 20% is year on year, not against the first quarter.\n"
        "Compare with the company's annual report before citing it.\n\n"
        "- follow up: second-quarter results\n- ask: where do the orders come from?",
    ),
    "zh_CN": (
        "核对",
        "待核对：20% 是同比，不是环比。\n引用前与公司年报核对。\n\n- 跟进：二季度业绩\n- 问题：订单来自哪里？",
    ),
}


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from finews_desktop.core.curation.reading import Reader

    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_sample(window, corpus, tmp).close()
    wait_listed(window)
    wait(lambda: not window.list_queries.busy and not window.progress.isVisible(), ms=120_000)
    window.splitter.setSizes([230, 700, 510])

    # some posts read, the rest bold
    ids = list(window.model.ids)
    read = [pid for i, pid in enumerate(ids) if i % 3 != 0 and i not in (1, 7)]
    reader = Reader(window.library)
    window.apply_changes(reader.mark(read))
    wait(lambda: window.facets is not None and not window.list_queries.busy)
    window.table.select_row(0)
    wait(lambda: window.preview.post_id is not None)
    snap(window, out / f"unread-{lang}.png", 1200)

    # a post with a note, found by its note with Notes switched on
    word, note = NOTES[lang]
    pid = post_id_of(window, SEED_POST)
    window.apply_changes(reader.set_note(pid, note))
    window.reading.search_notes.setChecked(True)
    window.set_search(word)
    wait(lambda: window.query == word and not window.list_queries.busy and pid in window.model.ids)
    window.table.select_row(window.model.row_of(pid))
    wait(lambda: window.reading.notes.post_id == pid and window.reading.notes.text() == note)
    window.reading.preview_split.setSizes([560, 230])
    snap(window, out / f"note-{lang}.png", 1200)
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
