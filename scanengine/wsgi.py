"""The WSGI application for gunicorn: ``gunicorn scanengine.wsgi:app`` (configured by ``SCANENGINE_*`` variables).

Inside the package, so an installed wheel serves it from any working directory (the unit that ``scanengine deploy
systemd`` prints names it). A refused configuration (production without ``SCANENGINE_SECRET_KEY``) prints one line
and stops gunicorn instead of respawning workers (:func:`scanengine.web.security.app_or_exit`).
"""

from scanengine import create_app
from scanengine.web.security import app_or_exit

app = app_or_exit(create_app)
