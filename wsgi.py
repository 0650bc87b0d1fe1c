"""The WSGI entry point for production: ``gunicorn wsgi:app`` (configured by ``SCANENGINE_*`` variables)."""

from scanengine import create_app
from scanengine.web.security import app_or_exit

# a refused configuration (production without SCANENGINE_SECRET_KEY) prints one line and stops gunicorn
app = app_or_exit(create_app)
