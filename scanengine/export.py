"""Exports of a round: aggregated JSON and CSV from :class:`analysis.Results`, and anonymous raw rows.

The aggregated exports read the Results object, in which suppression is already applied, so they can never show
more than the report: a suppressed group carries ``"suppressed": true`` and no figures at all (docs/architecture.md, "Exports").
The raw rows are admin use (the CLI's ``--raw``): anonymous, in random order, without open answers unless asked,
and even then without the open answers of groups below k.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random

import numpy as np
from sqlalchemy import select
from sqlmodel import Session, col

from scanengine import rounds, texts
from scanengine.analysis import Results, suppress
from scanengine.models import Response, Round, stored_id
from scanengine.responses import DK_CODE

FIGURES = ("n", "mean", "sd", "median", "ci_low", "ci_high")


def _band(results: Results, index: int | None) -> dict | None:
    return dict(results.questionnaire.bands[index].label) if index is not None else None


def _group(g) -> dict:
    """A group as exported: no figure at all when suppressed (not even n)."""
    out = {"breakdown": g.breakdown, "name": g.key, "label": g.label, "suppressed": g.suppressed}
    if not g.suppressed:
        out.update({f: getattr(g, f) for f in FIGURES})
    return out


def export_dict(results: Results) -> dict:
    """The export document: ``round``, ``n``, ``response_rate``, ``dimensions`` (with
    ``groups``) and ``benchmark``, plus what a reader needs to interpret them (k, notes in every language of the
    definition, trend, tests)."""
    q = results.questionnaire
    dims = []
    for d in results.dimensions:
        dims.append({
            "id": d.id, "title": d.title,
            "n": d.n, "mean": d.mean, "sd": d.sd, "median": d.median, "ci_low": d.ci_low, "ci_high": d.ci_high,
            "rwg_j": d.rwg_j, "alpha": d.alpha, "alpha_ci": list(d.alpha_ci) if d.alpha_ci else None,
            "alpha_n": d.alpha_n, "icc1": d.icc1, "icc2": d.icc2, "band": _band(results, d.band_index),
            "groups": [_group(g) for g in d.groups],
            "tests": {b: dataclasses.asdict(test) for b, test in d.tests.items()},
            "benchmark": vars(d.benchmark).copy() if d.benchmark else None,
            "trend": vars(d.trend).copy() if d.trend else None,
        })
    prev = results.previous_round
    return {
        "round": {"id": results.round_id, "name": results.round_name, "cooperation": results.cooperation,
                  "status": results.status, "questionnaire": q.id, "questionnaire_version": q.version,
                  "closed_at": results.closed_at.isoformat() if results.closed_at else None},
        "k": results.k,
        "n": results.n,
        "expected": results.expected,
        "response_rate": results.response_rate,
        "suppressed": results.suppressed,
        "group_counts": [vars(g).copy() for g in results.group_counts],
        "dimensions": dims,
        "benchmark": {
            "rounds": results.benchmark_rounds,
            "dimensions": {d.id: vars(d.benchmark).copy() for d in results.dimensions if d.benchmark},
            "previous_round": {**prev, "closed_at": prev["closed_at"].isoformat() if prev.get("closed_at") else None}
            if prev else None,
        },
        "notes": [{lang: texts.render(lang, note) for lang in q.languages} for note in results.notes],
    }


def to_json(results: Results) -> str:
    """The aggregated export as JSON text (UTF-8, Dutch characters as typed)."""
    return json.dumps(export_dict(results), ensure_ascii=False, indent=2) + "\n"


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = ["dimension", "breakdown", "group", "label", "suppressed", *FIGURES, "band"]


def to_csv(results: Results, lang: str = "nl") -> str:
    """One row per dimension x group, the total first (breakdown ``total``); suppressed rows have empty figures."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    total_label = {"nl": "Totaal", "en": "Total"}.get(lang, "Totaal")
    for d in results.dimensions:
        band = _band(results, d.band_index)
        w.writerow([_cell(v) for v in (d.id, "total", "", total_label, results.suppressed,
                                        *(getattr(d, f) for f in FIGURES), band.get(lang) if band else None)])
        for g in d.groups:
            figures = (None,) * len(FIGURES) if g.suppressed else tuple(getattr(g, f) for f in FIGURES)
            w.writerow([_cell(v) for v in (d.id, g.breakdown, g.key, g.label.get(lang) or g.label.get("nl"),
                                            g.suppressed, *figures, None)])
    return out.getvalue()


# -- raw rows (admin use) ---------------------------------------------------------------------------------------


def raw_rows(session: Session, rnd: Round, *, include_open: bool = False) -> tuple[list[str], list[list[str]]]:
    """Anonymous rows of a round: invitation group name, background option ids, one code per statement
    (``1..points``, ``dk``, empty), optionally the open answers (only of groups of at least k, with the
    complementary rule). Rows are shuffled with a system random source, so their order says nothing."""
    q = rounds.questionnaire_of(rnd)
    groups = rounds.groups_of(session, stored_id(rnd))
    names = {g.id: g.name for g in groups}
    rows = session.execute(select(col(Response.group_id), col(Response.answers), col(Response.background),
                                  col(Response.open_answers)).where(col(Response.round_id) == rnd.id)).all()
    header = ["group", *(bq.id for bq in q.background), *(item.id for item in q.items)]
    open_ids = [oq.id for oq in q.open_questions] if include_open else []
    header += open_ids
    counts = {g.id: 0 for g in groups}
    for gid, *_ in rows:
        counts[gid] = counts.get(gid, 0) + 1
    order = list(counts)
    hidden = suppress(np.array([counts[g] for g in order]), rnd.min_group_size)
    open_ok = {gid for gid, h in zip(order, hidden, strict=True) if not h}
    out = []
    for gid, answers, background, open_answers in rows:
        row = [names.get(gid, "")]
        row += [bq.options[code - 1].id if code else "" for bq, code in zip(q.background, background, strict=True)]
        row += ["dk" if code == DK_CODE else (str(code) if code else "") for code in answers[:len(q.items)]]
        if open_ids:
            texts = open_answers or {}
            row += [(texts.get(oid) or "") if gid in open_ok else "" for oid in open_ids]
        out.append(row)
    random.SystemRandom().shuffle(out)
    return header, out


def raw_csv(session: Session, rnd: Round, *, include_open: bool = False) -> str:
    header, rows = raw_rows(session, rnd, include_open=include_open)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def raw_json(session: Session, rnd: Round, *, include_open: bool = False) -> str:
    header, rows = raw_rows(session, rnd, include_open=include_open)
    return json.dumps({"round": rnd.id, "columns": header, "rows": rows}, ensure_ascii=False) + "\n"
