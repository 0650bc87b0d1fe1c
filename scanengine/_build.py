"""Build step (setuptools only, never imported at run time): ship ``questionnaires/`` inside the package.

The definitions live at the project root (the layout is fixed; see ``docs/architecture.md#package-layout``),
outside the ``scanengine`` package, so setuptools' package data cannot reach them. These commands copy
``questionnaires/*.json`` into the wheel as ``scanengine/questionnaires/`` and into the sdist as
``questionnaires/``, where :func:`scanengine.definition.shipped_dir` finds them. Registered in
``pyproject.toml`` under ``[tool.setuptools.cmdclass]``. An editable install needs neither: it reads the
project root directly.
"""

from __future__ import annotations

from pathlib import Path

from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

SOURCE = Path("questionnaires")  # relative to the project root, where setuptools runs its commands
PACKAGED = ("scanengine", "questionnaires")  # the folder inside the installed package


def _definitions() -> list[Path]:
    found = sorted(SOURCE.glob("*.json"))
    if not found:
        raise FileNotFoundError(f"no questionnaire definitions in {SOURCE.resolve()}; nothing to ship")
    return found


class BuildPy(build_py):
    """``build_py`` plus the shipped definitions under ``scanengine/questionnaires/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, *PACKAGED)
        self.mkpath(str(target))
        for src in _definitions():
            self.copy_file(str(src), str(target / src.name))


class SDist(sdist):
    """``sdist`` plus ``questionnaires/``, so a wheel built from the sdist ships them too."""

    def make_release_tree(self, base_dir, files) -> None:
        super().make_release_tree(base_dir, files)
        target = Path(base_dir, SOURCE)
        self.mkpath(str(target))
        for src in _definitions():
            self.copy_file(str(src), str(target / src.name))
