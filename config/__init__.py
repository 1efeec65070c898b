"""Kith project configuration. Importing the Celery app here registers shared tasks."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
