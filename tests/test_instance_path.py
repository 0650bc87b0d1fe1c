"""Every command finds the same instance wherever it is run: ``SCANENGINE_INSTANCE_PATH``, else the per-user data
folder (XDG); a command that finds no round says which database it looked in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scanengine.config import instance_path_from_env, load_settings


def test_the_instance_folder_is_the_setting_then_the_user_data_folder(tmp_path):
    assert instance_path_from_env({"SCANENGINE_INSTANCE_PATH": str(tmp_path / "i")}) == tmp_path / "i"
    assert instance_path_from_env({"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": "/nowhere"}) == (
        tmp_path / "data" / "scanengine"
    )
    assert instance_path_from_env({"HOME": str(tmp_path)}) == tmp_path / ".local" / "share" / "scanengine"
    # a relative XDG_DATA_HOME is ignored, as the XDG spec says
    assert instance_path_from_env({"XDG_DATA_HOME": "data", "HOME": str(tmp_path)}) == (
        tmp_path / ".local" / "share" / "scanengine"
    )
    settings = load_settings({"HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / '.local/share/scanengine/scanengine.sqlite'}"


def _scanengine(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCANENGINE_") and k != "XDG_DATA_HOME"}
    env.update(HOME=str(home), SCANENGINE_REPORTS_DIR=str(home / "reports"))
    return subprocess.run(
        [sys.executable, "-m", "scanengine.cli", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_commands_run_from_different_folders_use_one_instance(tmp_path):
    """A round made in one folder is found from another, and no instance/ appears in either."""
    home, here, there = tmp_path / "home", tmp_path / "here", tmp_path / "there"
    for folder in (home, here, there):
        folder.mkdir()
    mini = Path(__file__).parent / "fixtures" / "mini.json"
    made = _scanengine(
        "round", "create", "--questionnaire", str(mini), "--name", "R", "--cooperation", "C", "--group", "A",
        cwd=here, home=home,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    status = _scanengine("round", "status", "1", cwd=there, home=home)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("round 1: R")
    assert not (here / "instance").exists() and not (there / "instance").exists()
    assert (home / ".local" / "share" / "scanengine" / "scanengine.sqlite").is_file()


def test_no_round_names_the_database_and_an_old_instance_folder_here(tmp_path):
    home, old = tmp_path / "home", tmp_path / "project"
    (old / "instance").mkdir(parents=True)
    (old / "instance" / "scanengine.sqlite").write_bytes(b"")  # an instance of the old default, ./instance
    home.mkdir()
    missing = _scanengine("round", "status", "7", cwd=old, home=home)
    assert missing.returncode == 1
    message = missing.stderr.strip()
    assert message.startswith("Error: no round 7 in the database sqlite:///")
    assert str(home / ".local" / "share" / "scanengine" / "scanengine.sqlite") in message
    assert f"SCANENGINE_INSTANCE_PATH={old / 'instance'}" in message
