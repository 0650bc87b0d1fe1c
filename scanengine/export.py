"""Exports of a round: aggregated JSON and CSV from :class:`analysis.Results`, and anonymous raw rows.

The aggregated exports read the Results object, in which suppression is already applied, so they can never show
more than the report: a suppressed group carries ``"suppressed": true`` and no figures at all (docs/architecture.md, "Exports").
The raw rows are admin use (the CLI's ``--raw``): anonymous, in random order, without open answers unless asked,
and even then without the open answers of groups below k.

It is longer than ~400 lines because the JSON, CSV, raw and .sav exports share one reading of the results and
of the raw rows.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import random
import tempfile
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlmodel import Session, col

from scanengine import kinds, rounds, texts
from scanengine.analysis import Results, suppress
from scanengine.analysis.results import Text
from scanengine.kinds.base import ANSWERS, BACKGROUND, DONT_KNOW
from scanengine.models import Response, Round, stored_id
from scanengine.responses import DK_CODE, RoundData

FIGURES = ("n", "mean", "sd", "median", "ci_low", "ci_high")
SAV_DK = 99  #: "don't know" of statements and option columns in ``.sav`` (scales have at most 11 points)
SAV_NAME_LENGTH = 64  #: SPSS's limit on a variable name


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
        dims.append(
            {
                "id": d.id,
                "title": d.title,
                "n": d.n,
                "mean": d.mean,
                "sd": d.sd,
                "median": d.median,
                "ci_low": d.ci_low,
                "ci_high": d.ci_high,
                "rwg_j": d.rwg_j,
                "alpha": d.alpha,
                "alpha_ci": list(d.alpha_ci) if d.alpha_ci else None,
                "alpha_n": d.alpha_n,
                "icc1": d.icc1,
                "icc2": d.icc2,
                "band": _band(results, d.band_index),
                "groups": [_group(g) for g in d.groups],
                "tests": {b: dataclasses.asdict(test) for b, test in d.tests.items()},
                "benchmark": vars(d.benchmark).copy() if d.benchmark else None,
                "trend": vars(d.trend).copy() if d.trend else None,
            }
        )
    prev = results.previous_round
    return {
        "round": {
            "id": results.round_id,
            "name": results.round_name,
            "cooperation": results.cooperation,
            "status": results.status,
            "questionnaire": q.id,
            "questionnaire_version": q.version,
            "closed_at": results.closed_at.isoformat() if results.closed_at else None,
        },
        "k": results.k,
        "n": results.n,
        "expected": results.expected,
        "response_rate": results.response_rate,
        "suppressed": results.suppressed,
        "group_counts": [vars(g).copy() for g in results.group_counts],
        "dimensions": dims,
        "questions": [qr.export() for qr in results.questions],
        "benchmark": {
            "rounds": results.benchmark_rounds,
            "dimensions": {d.id: vars(d.benchmark).copy() for d in results.dimensions if d.benchmark},
            "previous_round": {
                **prev,
                "closed_at": prev["closed_at"].isoformat() if prev.get("closed_at") else None,
            }
            if prev
            else None,
        },
        **decision_export(results),
        **businesscase_export(results),
        "notes": [{lang: texts.render(lang, note) for lang in q.languages} for note in results.notes],
    }


# -- the decision aid (docs/architecture.md, "Decision aid") ----------------------------------------------------


def _alternative(a) -> dict:
    return {
        "id": a.id,
        "label": a.label,
        "n": a.n,
        "mean_rank": a.mean_rank,
        "mean": a.mean,
        "ci_low": a.ci_low,
        "ci_high": a.ci_high,
        "share_best": a.share_best,
        "share_ruled_out": a.share_ruled_out,
    }


def decision_export(results: Results) -> dict:
    """``{"decision": ...}`` for a definition with a decision block, else nothing: ``ranking`` (the alternative ids
    by mean rank, best first); per alternative ``id``, ``mean_rank`` (over everyone who gave weights, ruled out =
    tied for the last places), ``mean``, ``ci_low``, ``ci_high`` (the mean value over those who kept it, ``n``),
    ``share_best``, ``share_ruled_out``; ``agreement`` (Kendall's W, χ², df, p); ``stability`` (the top
    alternative by mean rank, the share of perturbations it stays on top, and how they were drawn); the criteria with their share of the points; ``groups`` under the k rule (a suppressed group:
    ``"suppressed": true`` and no figure). ``null`` figures where the k rule hides them. After a purge the kept
    whole-round figures without groups; ``"decision": null`` when the round was purged before its summary kept
    them."""
    if results.questionnaire.decision is None:
        return {}
    d = results.decision
    if d is None:
        return {"decision": None}
    groups = []
    for g in d.groups:
        row = {"breakdown": g.breakdown, "name": g.key, "label": g.label, "suppressed": g.suppressed}
        if not g.suppressed:
            row.update(
                {
                    "n": g.n,
                    "alternatives": [_alternative(a) for a in g.alternatives or []],
                    "weights": g.weights,
                    "agreement": dataclasses.asdict(g.agreement) if g.agreement else None,
                }
            )
        groups.append(row)
    return {
        "decision": {
            "n": d.n,
            "alternatives": [_alternative(a) for a in d.alternatives],
            "ranking": d.ranking,
            "criteria": [
                {"id": cid, "label": label, "weight": d.weights[i] if d.weights else None}
                for i, (cid, label) in enumerate(d.criteria)
            ],
            "agreement": dataclasses.asdict(d.agreement) if d.agreement else None,
            "stability": dataclasses.asdict(d.stability) if d.stability else None,
            "groups": groups,
        }
    }


def businesscase_export(results: Results) -> dict:
    """``{"businesscase": ...}`` for a definition with a businesscase block, else nothing (SPEC section 3a):
    ``groups`` (per invitation group ``group``, ``n``, ``yearly``, ``one_off``, ``payback_years``, ``net``; a
    suppressed group ``"suppressed": true`` and no figure), ``total`` (the same over the groups in it, and
    ``groups``: how many), ``scenarios`` (``cautious``, ``middle``, ``favourable``) and ``left_out_groups``.
    ``"businesscase": null`` when the round was purged before its summary kept it."""
    if results.questionnaire.businesscase is None:
        return {}
    case = results.businesscase
    return {"businesscase": case.export() if case is not None else None}


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


#: the figures of the questions of sections that are not in FIGURES (the names of their JSON export)
QUESTION_FIGURES = (
    "mean_rank",
    "points",
    "share_first",
    "share_top",
    "w",
    "chi2",
    "df",
    "p",
    "share",
    "q1",
    "q3",
    "count",
)
CSV_COLUMNS = [
    "dimension",
    "breakdown",
    "group",
    "label",
    "suppressed",
    *FIGURES,
    "band",
    "question",
    "kind",
    "option",
    *QUESTION_FIGURES,
]


def to_csv(results: Results, lang: str = "nl") -> str:
    """One row per dimension x group, the total first (breakdown ``total``); suppressed rows have empty figures."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    total_label = texts.t(lang, "total")
    for d in results.dimensions:
        band = _band(results, d.band_index)
        w.writerow(
            [
                _cell(v)
                for v in (
                    d.id,
                    "total",
                    "",
                    total_label,
                    results.suppressed,
                    *(getattr(d, f) for f in FIGURES),
                    band.get(lang) if band else None,
                )
            ]
        )
        for g in d.groups:
            figures = (None,) * len(FIGURES) if g.suppressed else tuple(getattr(g, f) for f in FIGURES)
            w.writerow(
                [
                    _cell(v)
                    for v in (
                        d.id,
                        g.breakdown,
                        g.key,
                        g.label.get(lang) or g.label.get("nl"),
                        g.suppressed,
                        *figures,
                        None,
                    )
                ]
            )
    _question_rows(w, results, lang, total_label)
    return out.getvalue()


def _question_rows(w, results: Results, lang: str, total_label: str) -> None:
    """The questions of sections in the same table, read from their JSON export (the same figures, once): per
    question the total first, then each group; a row for the question's own figures (a number's, a ranking's
    agreement) and one per option (a matrix: per row and column, ``row.column``). Suppressed groups get one row
    with empty figures."""
    columns = {name: i for i, name in enumerate(CSV_COLUMNS)}

    def row(qr, breakdown, key, label, suppressed, figures, option=None):
        cells = [None] * len(CSV_COLUMNS)
        for name, value in (
            ("breakdown", breakdown),
            ("group", key),
            ("label", label),
            ("suppressed", suppressed),
            ("question", qr["id"]),
            ("kind", qr["kind"]),
            ("option", option),
            *figures.items(),
        ):
            cells[columns[name]] = value
        w.writerow([_cell(v) for v in cells])

    def rows(qr, breakdown, key, label, suppressed, doc):
        if suppressed:
            row(qr, breakdown, key, label, True, {})
            return
        own = {"n": doc.get("n")}
        own.update(
            {k: v for k, v in doc.items() if k in columns and k != "n" and not isinstance(v, list | dict)}
        )
        own.update(doc.get("agreement") or {})
        row(qr, breakdown, key, label, False, own)
        parts = [(opt["id"], {k: v for k, v in opt.items() if k != "id"}) for opt in doc.get("options") or ()]
        # a matrix: one line per row and column (option "row.column")
        parts += [
            (f"{r['id']}.{column}", {"n": r["n"], "share": share})
            for r in doc.get("rows") or ()
            for column, share in r["shares"].items()
        ]
        for option, figures in parts:
            row(qr, breakdown, key, label, False, {"n": doc.get("n"), **figures}, option)

    for qr in (r.export() for r in results.questions):
        rows(qr, "total", "", total_label, results.suppressed, qr)
        for g in qr["groups"]:
            rows(
                qr,
                g["breakdown"],
                g["name"],
                g["label"].get(lang) or g["label"].get("nl"),
                g["suppressed"],
                g,
            )


# -- raw rows (admin use) ---------------------------------------------------------------------------------------


@dataclass
class RawVariable:
    """One column of the anonymous rows, as the CSV, the JSON and the ``.sav`` write it.

    ``values`` is float (NaN: no answer or not shown); ``dk`` marks "don't know"; ``ids`` names the codes
    1..len(ids) of a categorical column (group names, option ids: the CSV writes the id); ``value_labels`` are the
    labels of codes for ``.sav``; ``strings`` replaces ``values`` for open answers.
    """

    name: str
    label: Text
    values: np.ndarray | None = None
    dk: np.ndarray | None = None
    ids: list[str] | None = None
    value_labels: dict[int, Text] | None = None
    strings: list[str] | None = None
    dk_code: float | None = (
        None  #: the code of "don't know" in ``.sav`` (declared missing), when it is offered
    )
    dk_label: Text | None = None


def raw_variables(session: Session, rnd: Round, *, include_open: bool = False) -> list[RawVariable]:
    """The anonymous rows of a round as columns: invitation group, background options, statements (``1..points``,
    don't know apart), one column per field of the questions of sections (``themes_top.wonen``, ``savings``,
    ``level.lokaal``: a choice gives one 0/1 column per option), optionally the open answers (only of groups of at
    least k, with the complementary rule). Rows are shuffled with a system random source, so their order says
    nothing. Suppression does not apply to the rest: this is an admin's export."""
    q = rounds.questionnaire_of(rnd)
    groups = rounds.groups_of(session, stored_id(rnd))
    rows = session.execute(
        select(
            col(Response.group_id),
            col(Response.answers),
            col(Response.background),
            col(Response.open_answers),
        ).where(col(Response.round_id) == rnd.id)
    ).all()
    order = list(range(len(rows)))
    random.SystemRandom().shuffle(order)
    rows = [rows[i] for i in order]
    n, width, n_bg = len(rows), q.width(ANSWERS), q.width(BACKGROUND)
    blob = (
        np.frombuffer(b"".join(r[1] for r in rows), np.uint8).reshape(n, width)
        if width
        else np.zeros((n, 0), np.uint8)
    )
    bg = (
        np.frombuffer(b"".join(r[2] for r in rows), np.uint8).reshape(n, n_bg)
        if n_bg
        else np.zeros((n, 0), np.uint8)
    )
    data = RoundData(
        answers=blob[:, : len(q.items)],
        background=bg,
        group_ids=np.array([r[0] for r in rows], np.int64),
        blob=blob,
        questionnaire=q,
    )
    position = {g.id: i + 1 for i, g in enumerate(groups)}
    out = [
        RawVariable(
            "group",
            _fixed(q, "analysis.group_breakdown"),
            values=np.array([position.get(int(g), np.nan) for g in data.group_ids], np.float64),
            ids=[g.name for g in groups],
            value_labels={i + 1: {lang: g.name for lang in q.languages} for i, g in enumerate(groups)},
        )
    ]
    for j, bq in enumerate(q.background):
        codes = bg[:, j].astype(np.float64)
        out.append(
            RawVariable(
                bq.id,
                dict(bq.text),
                values=np.where(codes > 0, codes, np.nan),
                ids=[o.id for o in bq.options],
                value_labels={i + 1: dict(o.label) for i, o in enumerate(bq.options)},
            )
        )
    if q.items:
        statement_scale = q.statement_scale
        scale = {
            i + 1: {lang: statement_scale.labels[lang][i] for lang in q.languages}
            for i in range(statement_scale.points)
        }
        for i, item in enumerate(q.items):
            code = data.answers[:, i]
            out.append(
                RawVariable(
                    item.id,
                    dict(item.text),
                    values=np.where((code > 0) & (code != DK_CODE), code, np.nan).astype(np.float64),
                    dk=code == DK_CODE,
                    value_labels=scale,
                    dk_code=SAV_DK if statement_scale.dont_know else None,
                    dk_label=dict(statement_scale.dont_know) if statement_scale.dont_know else None,
                )
            )
    for section in q.sections:
        for question in section.questions:
            offered = getattr(question, "dont_know", False)
            dk_label = _fixed(q, "analysis.sav.dont_know") if offered else None
            for c in kinds.get(question.kind).raw_columns(question, q, data.columns(question.id)):
                out.append(
                    RawVariable(
                        c.name,
                        c.label,
                        values=c.values,
                        dk=c.dk if offered else None,
                        ids=c.ids,
                        value_labels=c.value_labels,
                        dk_code=(SAV_DK if c.dk_code is None else c.dk_code) if offered else None,
                        dk_label=dk_label,
                    )
                )
    if include_open:
        counts = {g.id: 0 for g in groups}
        for gid in data.group_ids:
            counts[int(gid)] = counts.get(int(gid), 0) + 1
        ids = list(counts)
        hidden = suppress(np.array([counts[g] for g in ids]), rnd.min_group_size)
        open_ok = {gid for gid, h in zip(ids, hidden, strict=True) if not h}
        for oq in q.open_questions:
            out.append(
                RawVariable(
                    oq.id,
                    dict(oq.text),
                    strings=[((r[3] or {}).get(oq.id) or "") if r[0] in open_ok else "" for r in rows],
                )
            )
    return out


def _fixed(q, key: str) -> Text:
    return {lang: texts.t(lang, key) for lang in q.languages}


def _raw_cells(var: RawVariable) -> list[str]:
    """A column's cells as written in the CSV and JSON rows: ``dk``, an id, a whole number, a decimal, or empty
    (column-wise: a large round has millions of cells)."""
    if var.strings is not None:
        return list(var.strings)
    v = var.values
    assert v is not None  # a column without strings has values
    missing = np.isnan(v)
    if var.ids is not None:
        lookup = ["", *var.ids]
        out = [lookup[c] for c in np.where(missing, 0, v).astype(np.intp).tolist()]
    elif np.array_equal(v[~missing], np.floor(v[~missing])):
        out = list(map(str, np.where(missing, 0, v).astype(np.int64).tolist()))
        for i in np.flatnonzero(missing).tolist():
            out[i] = ""
    else:
        out = ["" if x != x else (str(int(x)) if x.is_integer() else repr(x)) for x in v.tolist()]
    if var.dk is not None:
        for i in np.flatnonzero(var.dk).tolist():
            out[i] = DONT_KNOW
    return out


def raw_rows(
    session: Session, rnd: Round, *, include_open: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The anonymous rows (:func:`raw_variables`) as a header and rows of text cells."""
    variables = raw_variables(session, rnd, include_open=include_open)
    return [v.name for v in variables], [
        list(row) for row in zip(*(_raw_cells(v) for v in variables), strict=True)
    ]


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


# -- SPSS (.sav) ------------------------------------------------------------------------------------------------


def sav_frame(variables: list[RawVariable], lang: str = "nl"):
    """The anonymous rows as a pandas DataFrame with the metadata pyreadstat writes: variable labels, value labels
    (scale labels, options, groups; don't know on its code) and "don't know" declared a missing value, so SPSS,
    pandas and R's haven read it as missing unless asked for the code."""
    import pandas as pd

    def text(t: Text) -> str:
        return t.get(lang) or t.get("nl") or next(iter(t.values()), "")

    frame: dict[str, Any] = {}
    labels: dict[str, str] = {}
    value_labels: dict[str, dict[float, str]] = {}
    missing: dict[str, list[float]] = {}
    for var in variables:
        name = var.name if len(var.name) <= SAV_NAME_LENGTH else f"v{len(frame) + 1}"
        labels[name] = text(var.label) if name == var.name else f"{var.name}: {text(var.label)}"
        if var.strings is not None:
            frame[name] = pd.Series(var.strings, dtype=object)
            continue
        assert var.values is not None  # a column without strings has values
        values = var.values.copy()
        codes: dict[float, str] = {k: text(v) for k, v in (var.value_labels or {}).items()}
        if var.dk_code is not None:
            assert var.dk is not None and var.dk_label is not None  # raw_variables sets them with dk_code
            values[var.dk] = var.dk_code
            codes[var.dk_code] = text(var.dk_label)
            missing[name] = [var.dk_code]
        frame[name] = values
        if codes:
            value_labels[name] = codes
    return pd.DataFrame(frame), labels, value_labels, missing


def write_sav(
    session: Session, rnd: Round, path: str | os.PathLike, *, include_open: bool = False, lang: str = "nl"
) -> int:
    """Write the anonymous rows (:func:`raw_variables`) to an SPSS ``.sav`` file with pyreadstat; the file appears
    only when complete. Returns the number of rows."""
    import pyreadstat

    frame, labels, value_labels, missing = sav_frame(
        raw_variables(session, rnd, include_open=include_open), lang
    )
    target = os.fspath(path)
    fd, tmp = tempfile.mkstemp(suffix=".sav", dir=os.path.dirname(os.path.abspath(target)))
    os.close(fd)
    try:
        pyreadstat.write_sav(
            frame,
            tmp,
            file_label=rnd.name[:64],
            column_labels=labels,
            variable_value_labels=value_labels,
            missing_ranges=missing,
        )
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
    return len(frame)


def sav_bytes(session: Session, rnd: Round, *, lang: str = "nl") -> bytes:
    """The ``.sav`` of :func:`write_sav` as bytes (the dashboard's download; no open answers)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.sav")
        write_sav(session, rnd, path, lang=lang)
        with open(path, "rb") as fh:
            return fh.read()
