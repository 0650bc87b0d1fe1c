"""What a regular (not editable) install ships: build the wheel, install it in a fresh venv, run the CLI there.

The fresh venv gets the wheel without its dependencies and borrows those of the test environment through a
plain path entry (``.pth`` with a folder name only, so the test environment's own ``.pth`` files, among them
the editable install of this checkout, are not processed). ``.ci/run`` does the full thing: the wheel with
all its dependencies from the index, then ``scanengine demo``. Building needs the package index (setuptools
for the isolated build), as any ``pip install .`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(cmd: list, cwd: Path, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{cmd} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel as ``python -m build`` makes it (``.ci/run`` also builds it from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    result = _run([sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT], cwd=out, timeout=300)
    assert "SetuptoolsDeprecationWarning" not in result.stdout + result.stderr
    (found,) = out.glob("scanengine-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its ``bin`` folder."""
    home = tmp_path_factory.mktemp("fresh")
    venv.create(home / "venv", with_pip=False)
    python = home / "venv" / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel], cwd=home)
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=home
    ).stdout
    Path(purelib.strip(), "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return home / "venv" / "bin"


def test_wheel_carries_the_questionnaires_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "questionnaires").glob("*.json"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("scanengine/questionnaires/")) == shipped
    assert any(n.startswith("scanengine/web/templates/") for n in names)
    assert any(n.startswith("scanengine/migrations/versions/") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata


def _clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCANENGINE_") and k != "PYTHONPATH"}
    env.update(SCANENGINE_INSTANCE_PATH=str(home / "instance"), SCANENGINE_REPORTS_DIR=str(home / "pdf"))
    return env


def test_installed_package_is_the_wheel_not_this_checkout(installed, tmp_path):
    where = _run(
        [
            installed / "python",
            "-c",
            "import scanengine.definition as d; print(d.__file__); print(d.shipped_dir())",
        ],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
    ).stdout.split()
    site = str(installed.parent / "lib")
    assert where[0].startswith(site) and where[1].startswith(site), where
    assert not where[0].startswith(str(ROOT))


def test_validate_and_demo_run_from_the_wheel(installed, tmp_path):
    env = _clean_env(tmp_path)
    out = _run([installed / "scanengine", "validate"], cwd=tmp_path, env=env).stdout
    assert out.count(": ok (") == len(list((ROOT / "questionnaires").glob("*.json")))
    assert (
        "vertrouwensscan: ok"
        in _run([installed / "scanengine", "validate", "vertrouwensscan"], cwd=tmp_path, env=env).stdout
    )
    demo = _run([installed / "scanengine", "demo"], cwd=tmp_path, env=env, timeout=180)
    pdfs = list((tmp_path / "pdf").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF"), demo.stdout
    assert str(pdfs[0]) in demo.stdout
    assert not (tmp_path / "reports").exists()  # nothing relative to the working directory


def test_override_still_wins_in_an_installed_package(installed, tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    (own / "mini.json").write_bytes((ROOT / "tests" / "fixtures" / "mini.json").read_bytes())
    env = {**_clean_env(tmp_path), "SCANENGINE_QUESTIONNAIRES": str(own)}
    out = _run([installed / "scanengine", "validate"], cwd=tmp_path, env=env).stdout
    assert "mini.json: ok (mini" in out and "vertrouwensscan" not in out
