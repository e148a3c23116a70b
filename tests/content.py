"""The bundled content, loaded into each test database once and put back cheaply.

Loading the fixtures takes seconds (thousands of natural-key lookups). Tests that commit
(transactional tests) end with Django emptying every table, so the rows read after the
first load are kept in memory and written back in one bulk insert per table."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from codes.bundled import fixture_paths
from codes.models import ResponseCode

_rows: dict = {}


def content_models() -> list:
    """Every table of the content, many-to-many link tables included, in a fixed order."""
    return list(apps.get_app_config("codes").get_models(include_auto_created=True))


def load() -> None:
    """The first load of a test database: the fixtures, as a fresh `make run` loads them."""
    call_command("loaddata", *fixture_paths(), verbosity=0)
    _rows.update({model: list(model._base_manager.order_by("pk").values()) for model in content_models()})


def ensure() -> None:
    """The bundled content is in the database: restored if a transactional test emptied it."""
    if ResponseCode.objects.exists():
        return
    with transaction.atomic():
        for model, rows in _rows.items():
            model._base_manager.bulk_create([model(**row) for row in rows])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(_rows)):
                cursor.execute(sql)
