"""The WSGI entry point for production: ``gunicorn wsgi:app`` (configured by ``SCANENGINE_*`` variables)."""

from scanengine import create_app

app = create_app()
