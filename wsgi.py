"""The WSGI entry point of a source checkout: ``gunicorn wsgi:app``; installed, use ``gunicorn scanengine.wsgi:app``."""

from scanengine.wsgi import app

__all__ = ["app"]
