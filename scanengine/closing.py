"""The close of a round and what follows it, for the CLI and the dashboard alike.

:func:`close_round` is the close itself, one transaction that the caller commits first: the status move
(:func:`scanengine.rounds.mark_closed`), the pool settled (:func:`scanengine.pool.settle`) and a running live
session ended (:func:`scanengine.live.end_round`). It lives here, above rounds, pool and live, because it
orchestrates all three (rounds knows nothing of live sessions).

:func:`after_close` follows: the round's aggregate is kept (the benchmark source for other rounds, what survives a
purge, and the decision's stability, computed once here) and the council's PDF is written into the reports
folder (the ``SCANENGINE_REPORTS_DIR`` setting, which the CLI and the dashboard both pass in). A failure in
either step is reported, never raised: it must not undo or hide the close, and both can be redone
(``scanengine report ROUND``; the summary is computed again on demand).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlmodel import Session

from scanengine import invitations, live, pool, responses, rounds
from scanengine.kinds.base import Text
from scanengine.models import Round, stored_id

log = logging.getLogger(__name__)


def close_round(
    session: Session, rnd: Round, actor: str = "cli", *, secret: str | bytes | None = None
) -> Round:
    """Close an open round. Final: submissions after this commit are refused; earlier ones are all kept.

    In the same transaction the links are locked against a concurrent submission, every submission still in the
    pool is moved into ``response`` (opened with the pool key of ``secret``, the server's secret key, needed only
    when something waits), the drafts are deleted (:func:`scanengine.pool.settle`), and a running live session
    ends with its participants' answers stored as responses (:func:`scanengine.live.end_round`); the storage is
    scrubbed after the caller commits.
    """
    pool.lock_links_for_close(session, stored_id(rnd))
    rounds.mark_closed(session, rnd, actor)
    live.end_round(session, stored_id(rnd))
    try:
        pool.settle(session, stored_id(rnd), secret)
    except pool.PoolError as exc:
        raise rounds.RoundError(f"round {rnd.id} was not closed: {exc}") from None
    return rnd


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


# -- before the close: what the report will not show ----------------------------------------------------------


@dataclass(frozen=True)
class HiddenGroup:
    """A group the report of the round will hide: below k (``small``), or hidden beside a small one so that
    it cannot be worked out from the total (complementary suppression)."""

    breakdown: Text
    name: Text
    n: int
    small: bool


@dataclass
class CloseOutlook:
    """What closing now gives the report: the respondents, whether there are k of them, the groups hidden."""

    n: int
    k: int
    too_few: bool  # fewer than k respondents: the report shows no figure at all
    hidden: list[HiddenGroup] = field(default_factory=list)


def outlook(session: Session, rnd: Round, secret: str | bytes | None) -> CloseOutlook:
    """The groups the report would hide if the round closed now, by the one k rule
    (:func:`scanengine.analysis.suppression.suppress`), over the responses and the submissions still waiting in
    the pool (the close moves those in too), per breakdown as the analysis makes them."""
    # the analysis (numpy, scipy): loaded on the close page, not at start-up
    from scanengine.analysis.compute import breakdown_counts
    from scanengine.analysis.suppression import enough, suppress

    q = rounds.questionnaire_of(rnd)
    data = responses.load_round_data(session, q, stored_id(rnd))
    waiting = pool.peek_backgrounds(session, stored_id(rnd), secret)
    if waiting:
        n_bg = data.background.shape[1]
        extra = np.frombuffer(b"".join(b for _, b in waiting), dtype=np.uint8).reshape(len(waiting), n_bg)
        background = np.vstack([data.background, extra])
        group_ids = np.concatenate([data.group_ids, np.array([g for g, _ in waiting], dtype=np.int64)])
    else:
        background, group_ids = data.background, data.group_ids
    combined = responses.RoundData(np.zeros((len(group_ids), 0), np.uint8), background, group_ids)
    out = CloseOutlook(len(group_ids), rnd.min_group_size, not enough(len(group_ids), rnd.min_group_size))
    for bd in breakdown_counts(q, combined, rounds.groups_of(session, stored_id(rnd))):
        hide = suppress(bd.counts, rnd.min_group_size)
        out.hidden += [
            HiddenGroup(bd.title, bd.labels[i], int(bd.counts[i]), int(bd.counts[i]) < rnd.min_group_size)
            for i in np.flatnonzero(hide & (bd.counts > 0))
        ]
    return out
