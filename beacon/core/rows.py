"""Change a row and get it back in one statement: `UPDATE … RETURNING`, loaded as a model instance.

On the busiest writes (a chat line, a reply) `SELECT … FOR UPDATE` followed by the ORM's `save()`
costs two round trips and the ORM's work twice; one `UPDATE … RETURNING` takes the same row lock
and returns the row. Values go through the fields' database converters, as the ORM's own reads do.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone


def update_returning[M: models.Model](
    model: type[M], pk: int, assignments: str, params: Sequence[Any], only: Collection[str] | None = None
) -> M | None:
    """`UPDATE <table> SET <assignments> WHERE pk = <pk> RETURNING …` as an instance of `model`, or
    None when there is no such row. `assignments` is SQL with quoted column names and %s placeholders
    for `params`; `only` limits the fields read back (the others are deferred)."""
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if only is None or f.attname in only]
    columns = ", ".join(quote(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
            f"WHERE {quote(str(meta.pk.column))} = %s RETURNING {columns}",
            [*params, pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for field, value in zip(fields, row, strict=True):
        column = field.get_col(meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], values)


def now_for(model: type[models.Model], field: str) -> Any:
    """The current time as the database stores it in `model.field`."""
    return cast(models.Field, model._meta.get_field(field)).get_db_prep_save(timezone.now(), connection)
