"""The contact list's descending birthday order has its own index on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL-only index")
def test_postgres_has_the_descending_birthday_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'contacts_owner_bday_desc_nl_idx'"
        )
        (definition,) = cursor.fetchone()

    assert "owner_id, birthday DESC NULLS LAST, id" in definition
