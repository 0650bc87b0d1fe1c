"""gunicorn's logger for Scanengine: ``--logger-class scanengine.deploy_gunicorn.Logger`` (in the unit that
``scanengine deploy systemd`` prints).

* The access log has no line for a participant request (``/s/<token>``, ``/j/<code>``: the rule of
  :func:`scanengine.logsafe.is_participant_request`, on the decoded path and on the URI as sent); every other
  request is logged as gunicorn always does, so an administrator still sees the dashboard's traffic and errors.
* The error log (and the access log, for a ``Referer``) passes :class:`scanengine.logsafe.RedactFilter`:
  gunicorn writes ``Error handling request /s/<token>`` and ``Invalid request from ip=...: <request line>``
  there, and its master never imports the app, whose own redaction (:func:`scanengine.logsafe.install`) covers
  only the workers.
"""

from __future__ import annotations

from gunicorn import glogging  # type: ignore[import-untyped]

from scanengine import logsafe


class Logger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        logsafe.protect(self.error_log)
        logsafe.protect(self.access_log)

    def access(self, resp, req, environ, request_time) -> None:
        if logsafe.is_participant_request(
            environ.get("PATH_INFO"), environ.get("RAW_URI"), getattr(req, "uri", None)
        ):
            return
        super().access(resp, req, environ, request_time)
