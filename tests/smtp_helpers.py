"""A real SMTP server on loopback for the mail and invitation tests (aiosmtpd in a thread).

:class:`SmtpServer` keeps every message it accepted (parsed), and can refuse addresses (``550``), drop the
connection instead of answering a DATA (``drops`` times), offer STARTTLS, speak implicit TLS and require a login.
A message counts as received only when the server answered ``250``: what a dropped connection cut off was never
accepted, exactly as with a real server.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)
    drops: int = 0  # the next `drops` DATA commands get the connection closed instead of an answer
    accept_limit: int | None = None  # once this many were accepted, every DATA gets the connection closed
    received: list[email.message.EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            limit_reached = self.accept_limit is not None and len(self.received) >= self.accept_limit
            if self.drops > 0 or limit_reached:
                self.drops -= 0 if limit_reached else 1
                server.transport.abort()  # the line goes dead before the server says anything
                return "421 4.3.0 gone"
            self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.received if m["To"].addresses[0].addr_spec == address]


class SmtpServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``url`` is what SCANENGINE_SMTP_URL should say."""

    def __init__(
        self,
        *,
        tls: str | None = None,
        cert: tuple[Path, Path] | None = None,
        login: tuple[str, str] | None = None,
    ):
        self.handler = Handler()
        self.port = free_port()
        self.tls = tls  # None, "starttls" or "implicit"
        self.login = login
        kwargs: dict = {}
        if tls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(cert[0]), str(cert[1]))
            kwargs["ssl_context" if tls == "implicit" else "tls_context"] = ctx
        if login:
            kwargs.update(auth_required=True, authenticator=self._authenticate, auth_require_tls=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and (auth_data.login.decode(), auth_data.password.decode()) == self.login
        )
        return AuthResult(success=ok, handled=False)

    def url(self, user: str | None = None, password: str | None = None) -> str:
        scheme = "smtps" if self.tls == "implicit" else "smtp"
        cred = f"{user}:{password}@" if user else ""
        return f"{scheme}://{cred}127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self):
        return self.handler.received


def self_signed_cert(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 made with the openssl command, or ``None`` when openssl is missing."""
    if not shutil.which("openssl"):
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def client_context(cert: Path) -> ssl.SSLContext:
    """A client context that trusts exactly the test certificate (verification stays on)."""
    return ssl.create_default_context(cafile=str(cert))
