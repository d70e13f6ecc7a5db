"""How Jekyll 4.3 reads and writes posts: names, Psych-compatible YAML, Ruby dates, front matter rewriting. Pure: all an import worker loads."""
