"""Notes are searched exactly like text: for random notes and terms, `note:` and free text with notes
find what a brute-force scan of the notes finds, while notes are added, edited and removed."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import Spec, add_posts, brute_fold, brute_text

ALPHABET = "碳中和蔚来锂电池光伏ＮＩＯａ０ﬁ①aAnNiIoO01 .-\n"


def random_text(rng: random.Random, lo: int, hi: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, dict[int, str]]:
    rng = random.Random(7)
    lib = Library.open(tmp_path_factory.mktemp("notes"))
    ids = add_posts(lib, [Spec(random_text(rng, 0, 5), random_text(rng, 0, 30)) for _ in range(80)])
    assert index_for(lib).catch_up()
    reader, notes = Reader(lib), {}
    for pid in ids[::2]:
        notes[pid] = random_text(rng, 1, 40)
        reader.set_note(pid, notes[pid])
    yield lib, notes
    lib.close()


def brute_notes(notes: dict[int, str], term: str) -> set[int]:
    return {pid for pid, body in notes.items() if body.strip() and brute_fold(term) in brute_fold(body)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.text(alphabet=ALPHABET.replace("\n", "").replace(" ", ""), min_size=1, max_size=4),
    seed=st.integers(0, 10**6),
)
def test_notes_are_found_exactly(noted: tuple[Library, dict[int, str]], term: str, seed: int) -> None:
    lib, notes = noted
    rng = random.Random(seed)
    reader = Reader(lib)
    for pid in rng.sample(sorted(lib.post_ids()), 3):  # edits between searches: the folded notes follow
        notes[pid] = random_text(rng, 0, 20) if rng.random() < 0.8 else ""
        reader.set_note(pid, notes[pid])
    quoted = '"' + term + '"'
    assert set(search(lib, "note:" + quoted).ids) == brute_notes(notes, term)
    assert set(search(lib, quoted, notes=True).ids) == brute_notes(notes, term) | brute_text(lib, term)
    assert set(search(lib, "has:note").ids) == {pid for pid, body in notes.items() if body.strip()}
