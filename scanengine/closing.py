"""What follows the close of a round, for the CLI and the dashboard alike.

Closing itself is :func:`scanengine.rounds.close_round` and is committed first. Then the round's aggregate is
kept (the benchmark source for other rounds, and what survives a purge) and the council's PDF is written
into the reports folder (the ``SCANENGINE_REPORTS_DIR`` setting, which the CLI and the dashboard both pass
in). A failure in either step is reported, never raised: it must not undo or hide the close, and both can be
redone (``scanengine report ROUND``; the summary is computed again on demand).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from scanengine import invitations
from scanengine.models import Round

log = logging.getLogger(__name__)


@dataclass
class AfterClose:
    summary_stored: bool = False
    report: Path | None = None
    problems: list[str] = field(default_factory=list)


def after_close(session: Session, rnd: Round, reports_dir: str | Path) -> AfterClose:
    """Store the round's summary (committed) and write its Dutch report into ``reports_dir``."""
    from scanengine import analysis, report  # numpy/scipy/matplotlib: only when a round is closed

    out = AfterClose()
    try:
        invitations.erase_round(session, rnd)  # the invited addresses leave the database first
    except Exception as exc:  # noqa: BLE001 - see the module doc
        session.rollback()
        log.exception("erasing the invited addresses of round %s failed", rnd.id)
        out.problems.append(f"the invited addresses were not erased ({exc}); purge the round to erase them")
    try:
        analysis.store_summary(session, rnd)
        session.commit()
        out.summary_stored = True
    except Exception as exc:  # noqa: BLE001 - see the module doc
        session.rollback()
        log.exception("storing the summary of round %s failed; the round stays closed", rnd.id)
        out.problems.append(f"the summary was not stored ({exc})")
    try:
        out.report = report.write_report(session, rnd, report.default_path(rnd, "nl", reports_dir), "nl")
    except Exception as exc:  # noqa: BLE001 - see the module doc
        log.exception("writing the report of round %s failed; the round stays closed", rnd.id)
        out.problems.append(f"the report was not written ({exc}); make it with: scanengine report {rnd.id}")
    return out
