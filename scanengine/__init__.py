"""Scanengine: trust scans and evaluation questionnaires for public-sector cooperation.

The package is layered one way: definition -> rounds -> participation -> analysis -> report, with the web
layer and the CLI on top. Importing the package is cheap; the web app is built by :func:`create_app`.
"""

__version__ = "0.1.0"


def create_app(config=None):
    """Build the Flask application (see :mod:`scanengine.web`)."""
    from scanengine.web import create_app as _create_app

    return _create_app(config)
