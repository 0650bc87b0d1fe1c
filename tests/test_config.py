"""Settings: the development secret key is generated once, even when several workers start at once."""

from __future__ import annotations

import threading

import pytest

from scanengine.config import ConfigError, load_settings, secret_key


def test_secret_key_generated_once_under_concurrency(tmp_path):
    settings = load_settings({"SCANENGINE_INSTANCE_PATH": str(tmp_path / "inst")})
    keys: list[str] = []
    barrier = threading.Barrier(16)

    def worker():
        barrier.wait()
        keys.append(secret_key(settings, {}))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 16 and len(set(keys)) == 1 and len(keys[0]) >= 40
    assert [p.name for p in (tmp_path / "inst").iterdir()] == ["secret_key"]  # no temporary files left
    assert ((tmp_path / "inst" / "secret_key").stat().st_mode & 0o777) == 0o600


def test_production_requires_a_key(tmp_path):
    settings = load_settings({"SCANENGINE_INSTANCE_PATH": str(tmp_path), "SCANENGINE_ENV": "production"})
    with pytest.raises(ConfigError, match="SCANENGINE_SECRET_KEY is not set"):
        secret_key(settings, {})
    assert secret_key(settings, {"SCANENGINE_SECRET_KEY": "from-env"}) == "from-env"
