"""Encryption at rest for what must not be readable from a copy of the database.

See docs/architecture.md, "The anonymity model".

Two kinds of key, neither ever stored in the database:

* the **pool key**, derived from the server's secret key (``SCANENGINE_SECRET_KEY``): a submission waits in the
  pool sealed with it until it is mixed into ``response`` (:mod:`scanengine.pool`);
* a **draft key**, derived from the link's own secret (or a group link's resume key), which the server keeps
  only as a SHA-256: a draft can be read only while its link is presented.

AES-256-GCM with a random 96-bit nonce; the associated data binds a sealed value to its row (round, group,
link), so a value copied into another row does not open. Plaintexts are padded to a bucket size before sealing,
so the length of a sealed value says little about the answers in it (a long open answer, a far-reaching draft).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
MIN_BUCKET = 1024  # every sealed plaintext is padded to a power of two of at least this many bytes
POOL_INFO = b"scanengine pool key v1"
DRAFT_INFO = b"scanengine draft key v1"


class SealError(ValueError):
    """A sealed value that does not open with this key (another key, or the bytes were changed)."""


def _pad(data: bytes) -> bytes:
    """``data`` + 0x80 + zeros up to the bucket size (ISO/IEC 7816-4 padding)."""
    size = MIN_BUCKET
    while size < len(data) + 1:
        size *= 2
    return data + b"\x80" + bytes(size - len(data) - 1)


def _unpad(data: bytes) -> bytes:
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise SealError("bad padding")
    return end[:-1]


def seal(key: AESGCM, data: bytes, aad: bytes) -> bytes:
    """``nonce || AES-GCM(padded data)``."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + key.encrypt(nonce, _pad(data), aad)


def unseal(key: AESGCM, blob: bytes, aad: bytes) -> bytes:
    """The data sealed by :func:`seal` with the same key and associated data; :class:`SealError` otherwise."""
    try:
        return _unpad(key.decrypt(bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), aad))
    except (InvalidTag, ValueError) as exc:
        raise SealError("the sealed value does not open with this key") from exc


def _secret_bytes(secret) -> bytes:
    if not secret:
        raise ValueError("an empty secret cannot derive a key")
    if isinstance(secret, bytes | bytearray):
        return bytes(secret)
    return str(secret).encode(
        "utf-8"
    )  # Flask's from_prefixed_env may have parsed an all-digit key as a number


class PoolKey:
    """The pool's AES-GCM key and its id (stored beside each sealed submission, so a changed server secret is
    reported as such instead of as damaged data)."""

    __slots__ = ("aead", "key_id")

    def __init__(self, raw: bytes):
        self.aead = AESGCM(raw)
        self.key_id = hmac.new(raw, b"key id", hashlib.sha256).hexdigest()[:16]


@lru_cache(maxsize=8)
def pool_key(secret: str | bytes) -> PoolKey:
    """The pool key of a server secret (HKDF-SHA256); cached, as every submission needs it."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=POOL_INFO).derive(_secret_bytes(secret))
    return PoolKey(raw)


def draft_key(link_secret: str) -> AESGCM:
    """The key of a draft: HMAC-SHA256 of the link's secret (or resume key). The stored SHA-256 of that secret
    does not give it, so the database alone never opens a draft."""
    return AESGCM(hmac.new(_secret_bytes(link_secret), DRAFT_INFO, hashlib.sha256).digest())
