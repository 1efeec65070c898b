"""PostgreSQL connections bind parameters on the server and prepare repeated queries."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connection options"),
]


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements():
    options = connection.settings_dict["OPTIONS"]

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2
