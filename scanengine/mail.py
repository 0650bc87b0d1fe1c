"""Sending e-mail with the standard library: settings, the message, and a connection that survives a drop.

Configured by ``SCANENGINE_SMTP_URL`` and ``SCANENGINE_MAIL_FROM``:

* ``smtp://user:password@host:port``: a plain connection upgraded with STARTTLS whenever the server offers it
  (default port 587); a password is never sent over a connection that is not encrypted.
* ``smtps://user:password@host:port``: TLS from the first byte (default port 465).
* user and password are optional (a relay on the local network); percent-encode ``@`` or ``:`` in them.

:class:`Mailer` sends one message at a time and tells the caller whether the server took it or refused the
recipient, so the caller can record each outcome as it happens (see docs/architecture.md, "Invitations"). A
refused recipient is an answer, not an error: the run goes on. A dropped connection (or a ``421`` "try later")
is retried with exponential back-off on a new connection; only when that keeps failing does :class:`MailError`
end the run. No Flask here, and no database: the invitations module decides what to send.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
RETRIES = 5
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
TIMEOUT_SECONDS = 30.0
NOT_CONFIGURED = (
    "e-mail is not configured: set SCANENGINE_SMTP_URL (smtp://user:password@host:port, or smtps:// "
    "for implicit TLS) and SCANENGINE_MAIL_FROM (the sender's address)"
)


class MailConfigError(ValueError):
    """The mail settings are missing or cannot be used; nothing was sent."""


class MailError(RuntimeError):
    """Sending stopped: the server cannot be reached, refuses the sender or the login. Retry the run later."""


@dataclass(frozen=True)
class SmtpSettings:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None
    sender: str

    @property
    def safe_url(self) -> str:
        """The server for messages and logs, without the password."""
        user = f"{self.username}@" if self.username else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def load_settings(smtp_url: str | None, mail_from: str | None) -> SmtpSettings:
    """Check and parse the two settings; :class:`MailConfigError` with one clear line when they cannot be used."""
    smtp_url, mail_from = (smtp_url or "").strip(), (mail_from or "").strip()
    if not smtp_url or not mail_from:
        raise MailConfigError(NOT_CONFIGURED)
    parts = urlsplit(smtp_url)
    if parts.scheme not in DEFAULT_PORTS:
        raise MailConfigError(
            f"SCANENGINE_SMTP_URL must start with smtp:// or smtps://, not {parts.scheme or smtp_url!r}"
        )
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise MailConfigError("SCANENGINE_SMTP_URL has a port that is not a number") from None
    if not parts.hostname:
        raise MailConfigError("SCANENGINE_SMTP_URL names no host (smtp://user:password@host:port)")
    _, sender = parseaddr(mail_from)
    if not sender or not is_valid_address(sender):
        raise MailConfigError(f"SCANENGINE_MAIL_FROM is not an e-mail address: {mail_from!r}")
    return SmtpSettings(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        sender=mail_from,
    )


def settings_from_env(environ) -> SmtpSettings:
    return load_settings(environ.get("SCANENGINE_SMTP_URL"), environ.get("SCANENGINE_MAIL_FROM"))


# -- addresses and messages ---------------------------------------------------------------------------------------


def is_valid_address(address: str) -> bool:
    """A plain ``local@domain`` address (no display name, no spaces or line breaks, a dotted domain)."""
    if len(address) > 254 or address.count("@") != 1:
        return False
    local, domain = address.split("@")
    if not local or len(local) > 64 or not domain or "." not in domain:
        return False
    if any(c.isspace() or c in '<>(),;:"[]\\' or ord(c) < 32 for c in address):
        return False
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    labels = domain.split(".")
    return (
        all(
            label
            and len(label) <= 63
            and not label.startswith("-")
            and not label.endswith("-")
            and all(c.isalnum() or c == "-" for c in label)
            for label in labels
        )
        and not labels[-1].isdigit()
    )


def make_message(settings: SmtpSettings, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """A message with plain text and HTML alternatives, a fresh Message-ID and the Date it was made."""
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = Address(addr_spec=to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=settings.sender_domain)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a survey invitation
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


# -- the connection -------------------------------------------------------------------------------------------------


# A reset, a timeout, a TLS failure or an unexpected reply: OSError covers them all (SMTPException is one too);
# the refusals that retrying cannot mend are turned into MailError before they get here.
_DROPPED = (OSError,)


class Mailer:
    """One SMTP connection, opened lazily and re-opened after a drop. Use it as a context manager.

    ``send`` returns ``True`` when the server accepted the message and ``False`` when it refused the recipient
    (or the message); it raises :class:`MailError` when the server stays unreachable after ``retries`` attempts
    with back-off, or refuses the sender or the login (then no later message would go either).
    """

    def __init__(
        self,
        settings: SmtpSettings,
        *,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        timeout: float = TIMEOUT_SECONDS,
        tls_context: ssl.SSLContext | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()
        self.sleep = sleep
        self.reconnects = 0
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        """Open, encrypt when possible, log in. Connection failures are retried like a drop."""
        self._with_retries(self._open)

    def _open(self) -> None:
        s = self.settings
        self.close()
        if s.scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, timeout=self.timeout, context=self.tls_context
            )
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            encrypted = s.scheme == "smtps"
            if not encrypted and smtp.has_extn("starttls"):
                smtp.starttls(context=self.tls_context)
                smtp.ehlo()
                encrypted = True
            if s.username:
                if not encrypted:
                    raise MailError(
                        f"{s.safe_url} offers no STARTTLS: the password is not sent over an unencrypted "
                        "connection (use smtps:// or a server that offers STARTTLS)"
                    )
                try:
                    smtp.login(s.username, s.password or "")
                except smtplib.SMTPAuthenticationError as exc:
                    raise MailError(f"{s.safe_url} refused the login ({exc.smtp_code})") from None
                except smtplib.SMTPNotSupportedError:
                    raise MailError(
                        f"{s.safe_url} does not offer authentication; remove user and password "
                        "from SCANENGINE_SMTP_URL"
                    ) from None
        except BaseException:
            _quietly_close(smtp)
            raise
        self._smtp = smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                _quietly_close(smtp)

    def send(self, msg: EmailMessage) -> bool:
        """Deliver ``msg`` to the server: ``True`` accepted, ``False`` refused (recipient or content)."""
        return self._with_retries(lambda: self._send_once(msg))

    def _send_once(self, msg: EmailMessage) -> bool:
        if self._smtp is None:
            self._open()
        assert self._smtp is not None  # _open() connected or raised
        try:
            self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            if any(code == 421 for code, _ in exc.recipients.values()):  # "closing": not about this address
                raise smtplib.SMTPServerDisconnected("421 at RCPT TO") from None
            return False
        except smtplib.SMTPSenderRefused as exc:
            if exc.smtp_code == 421:
                raise smtplib.SMTPServerDisconnected("421 at MAIL FROM") from None
            raise MailError(
                f"{self.settings.safe_url} refused the sender {self.settings.sender!r} ({exc.smtp_code})"
            ) from None
        except smtplib.SMTPDataError as exc:
            if exc.smtp_code == 421 or 400 <= exc.smtp_code < 500:
                raise smtplib.SMTPServerDisconnected(f"{exc.smtp_code} after DATA") from None
            self._reset()
            return False
        return True

    def _reset(self) -> None:
        assert self._smtp is not None  # only after a failed send on an open connection
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def _with_retries(self, action):
        """Run ``action``; after a dropped or failed connection wait (1, 2, 4 ... s) and try on a new one."""
        for attempt in range(self.retries + 1):
            try:
                return action()
            except MailError:
                raise
            except ssl.SSLCertVerificationError as exc:  # trying again will not make the certificate valid
                self.close()
                raise MailError(
                    f"the certificate of {self.settings.safe_url} could not be verified "
                    f"({exc.verify_message})"
                ) from None
            except _DROPPED as exc:
                self.close()
                if attempt == self.retries:
                    raise MailError(
                        f"the mail server {self.settings.safe_url} could not be reached after "
                        f"{attempt + 1} attempts ({type(exc).__name__}: {exc})"
                    ) from None
                self.reconnects += 1
                self.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))
        raise AssertionError("unreachable")  # pragma: no cover


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:
        pass
