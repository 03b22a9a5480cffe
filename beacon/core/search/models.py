from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable thing in one language, as the index sees it.

    The words themselves live where the backend wants them: an FTS5 table (`search_fts`, rowid = id)
    on SQLite, a `vector tsvector` column of this table on PostgreSQL. Both are created by this
    app's migrations, not by the ORM. `body` is plain text, kept for snippets.
    """

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=10)
    category = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_document_unique"),
        ]
        indexes = [models.Index(fields=["language", "kind"], name="search_document_filter")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.language}"


class SearchHead(models.Model):
    """PostgreSQL only: a document's title-and-phrasings words (`head tsvector`) with copies of its
    filter columns, in a narrow table of its own (migration 0004 creates it, the backend writes it
    with SQL). Declared here so that Django knows the table: a test database flush then empties it
    together with search_document, which it references. On SQLite the table does not exist.
    """

    # The database deletes a document's row (ON DELETE CASCADE); the ORM must not look for it.
    document = models.OneToOneField(
        SearchDocument, primary_key=True, db_column="id", on_delete=models.DO_NOTHING, related_name="+"
    )
    language = models.CharField(max_length=10)
    kind = models.CharField(max_length=32)
    category = models.CharField(max_length=64)

    class Meta:
        db_table = "search_head"

    def __str__(self) -> str:
        return f"head:{self.pk}"


class SynonymGroup(models.Model):
    """Words that mean the same to a customer, e.g. 充值, 充币, deposit, top up.

    A query containing any of them also matches the others. Terms may be several words
    ("two factor authentication"); they are matched as words, after segmentation and stemming.
    """

    terms = models.TextField(
        _("terms"), help_text=_("Separate the terms with commas, e.g. 充值, 充币, deposit, top up.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.terms[:80]
