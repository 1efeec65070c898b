"""The load benchmark's bare JSON view exists only when BENCH_BARE_VIEW enables it."""

import importlib

import pytest
from django.urls import clear_url_caches

import config.urls


@pytest.fixture
def reload_urls(settings):
    """Re-reads ``config.urls`` under the current settings; restores it afterwards."""

    def _reload():
        clear_url_caches()
        return importlib.reload(config.urls)

    yield _reload
    settings.BENCH_BARE_VIEW = False
    _reload()
    clear_url_caches()


def test_the_bare_view_is_off_by_default(client, settings):
    assert settings.BENCH_BARE_VIEW is False
    assert client.get("/bench/bare/").status_code == 404


def test_the_bare_view_answers_plain_json_when_enabled(client, settings, reload_urls):
    settings.BENCH_BARE_VIEW = True
    reload_urls()

    response = client.get("/bench/bare/")

    assert response.status_code == 200
    assert response.json() == {"ok": True}
