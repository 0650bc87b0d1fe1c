"""The published reference vectors (../shared/reference beside the repository; a copy ships in tests/fixtures so
the tests run in a clone anywhere) and the tolerance their printed decimals allow. Used by the statistics tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared(name: str) -> Path:
    """The published original, where it is reachable."""
    return REPO_ROOT.parent / "shared" / "reference" / name


def shipped(name: str) -> Path:
    """The copy in tests/fixtures (kept byte-equal to the original by the tests that use it)."""
    return REPO_ROOT / "tests" / "fixtures" / "reference" / name


def path(name: str) -> Path:
    """``SCANENGINE_REFERENCE_DIR`` when set, else the original when reachable, else the shipped copy."""
    if os.environ.get("SCANENGINE_REFERENCE_DIR"):
        return Path(os.environ["SCANENGINE_REFERENCE_DIR"]) / name
    return shared(name) if shared(name).is_file() else shipped(name)


def cases(name: str) -> list[dict]:
    """The file's ``cases``; a clear failure when no copy is found."""
    found = path(name)
    if not found.is_file():
        pytest.fail(f"reference vectors not found at {found} (set SCANENGINE_REFERENCE_DIR)")
    return json.loads(found.read_text(encoding="utf-8"))["cases"]


def check_shipped_copy(name: str) -> None:
    """The shipped copy is the published file, byte for byte, wherever the original is reachable."""
    if not shared(name).is_file():
        pytest.skip(f"no published original at {shared(name)} to compare the shipped copy with")
    assert shipped(name).read_bytes() == shared(name).read_bytes()


def printed_tol(value: float) -> float:
    """Half a unit in the last printed decimal of a published value (never tighter than 1e-9)."""
    text = repr(float(value)).lower()
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return max(
        0.5 * 10.0 ** (int(exponent or 0) - decimals), 1e-9 * max(1.0, abs(value)) if not exponent else 1e-15
    )
