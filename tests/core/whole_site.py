"""A small whole Jekyll site for the site-files tests: real finews posts from the corpus, and the files
around them a site is made of (layouts, an include, assets, pages), plus what an import must leave out."""

from __future__ import annotations

import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "finews"
POSTS = (  # real posts without Liquid in their bodies (the site is built with Liquid on)
    "2021-12-01-init.md",
    "2021-12-08-202112082206672930.md",
    "2021-12-08-202112082206703990.md",
    "2022-05-20-202205202386666750.md",
)
CONFIG = b"title: finews sample\ntimezone: Asia/Shanghai\n"
KEPT: dict[str, bytes] = {
    "_layouts/default.html": b"<!DOCTYPE html>\n<html><head>{% include head.html %}<title>{{ page.title }}</title></head>\n"
    b"<body>{{ content }}</body></html>\n",
    "_layouts/post.html": b"---\nlayout: default\n---\n<h1>{{ page.title }}</h1>\n{{ content }}\n",
    "_layouts/category.html": b"---\nlayout: default\n---\n<h2>{{ page.title }}</h2>\n<ul>{% for post in "
    b'site.categories[page.category] %}<li><a href="{{ post.url }}">{{ post.title }}</a></li>{% endfor %}</ul>\n',
    "_includes/head.html": b'<link rel="stylesheet" href="{{ "/assets/css/style.css" | relative_url }}">\n',
    "assets/css/style.css": b"body { font-family: sans-serif; }\r\n/* CRLF kept */\r\n",
    "assets/img/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "index.html": b'---\nlayout: default\ntitle: Home\n---\n{% for post in site.posts %}<p><a href="{{ post.url }}">'
    b"{{ post.title }}</a></p>{% endfor %}\n",
    "about.md": "---\nlayout: default\ntitle: 关于\n---\n# 关于本站\n\n财经新闻存档。\n".encode(),
    ".htaccess": b"Options -Indexes\n",
    "Gemfile": b'source "https://rubygems.org"\n',  # how the site is built: kept though Jekyll's output leaves it out
    "Gemfile.lock": b"GEM\n",
    "category/zhengquanribaowang.html": (CORPUS / "category" / "zhengquanribaowang.html").read_bytes()
    if CORPUS.is_dir()
    else b"",
}
DRAFTS: dict[str, bytes] = {  # imported as posts (not built: the site does not set show_drafts)
    "_drafts/2022-06-01-draft.md": b"---\ntitle: draft\n---\nnot yet\n",
}
LEFT_OUT: dict[str, bytes] = {  # Jekyll's output, caches, dependencies, hidden files
    "_site/index.html": b"old output\n",
    ".git/config": b"[core]\n",
    ".jekyll-cache/x": b"cache\n",
    ".sass-cache/y": b"cache\n",
    "vendor/bundle/gem.rb": b"# a gem\n",
    "node_modules/x/index.js": b"//\n",
    ".DS_Store": b"\x00\x01",
}


def corpus_post(name: str) -> bytes:
    return (CORPUS / "_posts" / name).read_bytes()


def make_whole_site(root: Path) -> Path:
    """The site under root (created): every file of KEPT, DRAFTS and LEFT_OUT, the config and the posts."""
    files = {**KEPT, **DRAFTS, **LEFT_OUT, "_config.yml": CONFIG}
    files.update({f"_posts/{name}": corpus_post(name) for name in POSTS})
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def zip_folder(folder: Path, dest: Path, prefix: str = "") -> Path:
    """A zip of every file below folder, under `prefix/` when given."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                zf.write(path, f"{prefix}/{rel}" if prefix else rel)
    return dest


def files_below(root: Path) -> dict[str, bytes]:
    """Every file below root by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
