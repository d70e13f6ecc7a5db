"""The library's tables as peewee models, bound late to a DatabaseProxy; no queries here.

Times are stored as integer Unix seconds (UTC). Wide or large columns (the
original bytes, the plain text) live in `PostContent`, so that listing and
sorting a million posts reads only the narrow `Post` rows.
"""

from __future__ import annotations

from typing import Any

from peewee import (
    BlobField,
    BooleanField,
    CompositeKey,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Meta(BaseModel):
    """Library-wide key/value settings (timezone, last backup, ...)."""

    key = TextField(primary_key=True)
    value = TextField()


class Archive(BaseModel):
    """A Jekyll site that posts were imported from (the folder above its `_posts`)."""

    id: Any  # peewee's implicit AutoField, declared for the type checker

    root = TextField(unique=True)  # absolute path as the user imported it, or a zip's path
    name = TextField()
    timezone = TextField()
    permalink = TextField(null=True)
    config = BlobField(null=True)  # the site's _config.yml, byte for byte
    created_at = IntegerField()


class ImportRun(BaseModel):
    id: Any  # peewee's implicit AutoField, declared for the type checker
    started_at = IntegerField()
    finished_at = IntegerField(null=True)
    status = TextField()  # running | done | cancelled | failed
    inputs = TextField()  # JSON list of paths
    summary = TextField(null=True)  # JSON counts


class Post(BaseModel):
    id: Any  # peewee's implicit AutoField, declared for the type checker
    # index=False here and on the link tables: a composite index below (or the primary key)
    # starts with the column already; the extra index only cost every import (schema v6)
    archive = ForeignKeyField(Archive, backref="posts", on_delete="RESTRICT", index=False)
    path = TextField()  # site-relative, '/'-separated: news/_posts/2022-05-20-x.md
    copy = IntegerField(default=0)  # >0 for a second version kept beside an edited post
    title = TextField()  # display text of Jekyll's title
    date = IntegerField(null=True)  # Unix seconds of Jekyll's date
    date_text = TextField(null=True)  # '%Y-%m-%d %H:%M:%S %z' in the archive's timezone
    slug = TextField(null=True)
    url = TextField(null=True)
    layout = TextField(null=True)
    builds = BooleanField()  # Jekyll puts it in site.posts
    skip_reason = TextField(null=True)
    warning_count = IntegerField(default=0)
    warnings = TextField(null=True)  # JSON [{"code", "message"}]
    jekyll = TextField()  # JSON of Jekyll's typed values: title, categories, tags, slug, ext, published
    content_hash = TextField()
    size = IntegerField()
    encoding = TextField()
    source_url = TextField(null=True)
    news_id = TextField(null=True)
    source_name = TextField(null=True)  # the first tag, e.g. 东财滚动新闻
    edited = BooleanField(default=False)
    trashed_at = IntegerField(null=True)
    imported_at = IntegerField()
    updated_at = IntegerField()
    import_run = ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")

    class Meta:
        indexes = (
            (("archive", "path", "copy"), True),
            (("date",), False),
            (("title", "date"), False),  # a title sort's ties in date order, from the index (schema v8)
        )


class PostContent(BaseModel):
    post = ForeignKeyField(Post, primary_key=True, on_delete="CASCADE")
    raw = BlobField()  # type: ignore[assignment]  # the file's bytes, exactly (Model.raw, raw SQL, is not used)
    # the body without markup, entities decoded, as imports before 2026-11-24 stored it; now "" and
    # derived from raw when read (newsitem.post_text): it was half of the import's parsing
    plain_text = TextField()


class PostVersion(BaseModel):
    """Earlier bytes of a post that a re-import or an edit replaced."""

    post = ForeignKeyField(Post, backref="versions", on_delete="CASCADE")
    raw = BlobField()  # type: ignore[assignment]  # (Model.raw, raw SQL, is not used)
    content_hash = TextField()
    replaced_at = IntegerField()
    reason = TextField()  # reimport | edit


class Category(BaseModel):
    slug = TextField(unique=True)
    display_name = TextField(null=True)


class PostCategory(BaseModel):
    post = ForeignKeyField(Post, on_delete="CASCADE", index=False)  # the primary key's first column
    category = ForeignKeyField(Category, on_delete="CASCADE", index=False)  # (category, post) below
    position = IntegerField()

    class Meta:
        primary_key = CompositeKey("post", "position")
        indexes = ((("category", "post"), False),)


class Tag(BaseModel):
    name = TextField(unique=True)


class PostTag(BaseModel):
    post = ForeignKeyField(Post, on_delete="CASCADE", index=False)  # the primary key's first column
    tag = ForeignKeyField(Tag, on_delete="CASCADE", index=False)  # (tag, post) below
    position = IntegerField()

    class Meta:
        primary_key = CompositeKey("post", "position")
        indexes = ((("tag", "post"), False),)


class Stock(BaseModel):
    market = TextField()  # eastmoney market id: 0 Shenzhen, 1 Shanghai, 90 boards, 105/106 US, 116 HK
    code = TextField()
    name = TextField(null=True)

    class Meta:
        indexes = ((("market", "code"), True), (("code",), False))


class PostStock(BaseModel):
    post = ForeignKeyField(Post, on_delete="CASCADE", index=False)  # the primary key's first column
    stock = ForeignKeyField(Stock, on_delete="CASCADE", index=False)  # (stock, post) below
    position = IntegerField()

    class Meta:
        primary_key = CompositeKey("post", "position")
        indexes = ((("stock", "post"), False),)


class Collection(BaseModel):
    name = TextField(unique=True)
    created_at = IntegerField()


class CollectionPost(BaseModel):
    collection = ForeignKeyField(Collection, on_delete="CASCADE", index=False)  # the primary key's first column
    post = ForeignKeyField(Post, on_delete="CASCADE")
    added_at = IntegerField()

    class Meta:
        primary_key = CompositeKey("collection", "post")
        indexes = ((("post",), False),)


class SavedSearch(BaseModel):
    name = TextField(unique=True)
    query = TextField()


class Tombstone(BaseModel):
    """A post deleted for good: re-importing the same file does not bring it back."""

    archive = ForeignKeyField(Archive, on_delete="CASCADE", index=False)  # (archive, path, hash) below
    path = TextField()
    content_hash = TextField()
    deleted_at = IntegerField()

    class Meta:
        indexes = ((("archive", "path", "content_hash"), True),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Meta,
    Archive,
    ImportRun,
    Post,
    PostContent,
    PostVersion,
    Category,
    PostCategory,
    Tag,
    PostTag,
    Stock,
    PostStock,
    Collection,
    CollectionPost,
    SavedSearch,
    Tombstone,
)
