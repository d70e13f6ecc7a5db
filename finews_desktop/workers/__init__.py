"""Qt-free child processes the window runs its heavy Python work in (lists, imports, indexing)."""
