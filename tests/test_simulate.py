"""Synthetic respondents: deterministic, realistic in the ways the analysis depends on, and stored like real ones."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlmodel import select

from scanengine import definition, rounds
from scanengine.counters import today
from scanengine.models import DailyCount, Response
from scanengine.responses import DK_CODE, NO_ANSWER, load_open_answers, load_round_data
from scanengine.simulate import PHRASES, Profile, group_weights, simulate_round, synthesize

from .flow import bring_to


def _mini(mini_path) -> definition.Questionnaire:
    return definition.load(mini_path)


def _with_points(mini_path, points: int) -> definition.Questionnaire:
    """The mini definition on another scale length (labels and bands adapted, everything else equal)."""
    data = json.loads(mini_path.read_text())
    data["scale"]["points"] = points
    data["scale"]["labels"] = {lang: [f"{lang}{k}" for k in range(1, points + 1)] for lang in ("nl", "en")}
    top = 1 + (points - 1)
    data["bands"] = [
        {"min": 1 + 0.66 * (top - 1), "label": {"nl": "Sterk", "en": "Strength"}},
        {"min": 1 + 0.5 * (top - 1), "label": {"nl": "Aandacht", "en": "Attention"}},
        {"min": 1, "label": {"nl": "Zorg", "en": "Concern"}},
    ]
    return definition.parse(data, f"mini-{points}")


def test_same_seed_same_answers_other_seed_other_answers(mini_path):
    q = _mini(mini_path)
    a = synthesize(q, 500, [0.5, 0.5], np.random.default_rng(7))
    b = synthesize(q, 500, [0.5, 0.5], np.random.default_rng(7))
    c = synthesize(q, 500, [0.5, 0.5], np.random.default_rng(8))
    assert np.array_equal(a.answers, b.answers) and np.array_equal(a.background, b.background)
    assert np.array_equal(a.group_index, b.group_index) and a.open_answers == b.open_answers
    assert not np.array_equal(a.answers, c.answers)


def test_reverse_item_runs_against_its_dimension(mini_path):
    q = _mini(mini_path)  # c2 is reverse-keyed in 'competence', c1 is not; i1, i2 are another dimension
    syn = synthesize(q, 4000, [1.0], np.random.default_rng(1))
    col = {item.id: i for i, item in enumerate(q.items)}
    a = syn.answers.astype(float)
    a[(syn.answers == NO_ANSWER) | (syn.answers == DK_CODE)] = np.nan
    ok = ~np.isnan(a[:, col["c1"]]) & ~np.isnan(a[:, col["c2"]]) & ~np.isnan(a[:, col["i1"]])
    r_reverse = np.corrcoef(a[ok, col["c2"]], a[ok, col["c1"]])[0, 1]
    r_other = np.corrcoef(a[ok, col["i1"]], a[ok, col["c1"]])[0, 1]
    assert r_reverse < -0.2, r_reverse
    assert r_other > 0.2, r_other
    # recoded (points + 1 - v) the reverse item agrees with its dimension
    recoded = q.scale.points + 1 - a[ok, col["c2"]]
    assert np.corrcoef(recoded, a[ok, col["c1"]])[0, 1] > 0.2


def test_show_if_items_only_answered_by_those_shown(mini_path):
    q = _mini(mini_path)  # c3 is shown only to role 'raad' (option 1)
    syn = synthesize(q, 3000, [1.0], np.random.default_rng(2))
    c3 = [i for i, item in enumerate(q.items) if item.id == "c3"][0]
    raad = syn.background[:, 0] == 1
    assert 0 < raad.sum() < len(raad)
    assert (syn.answers[~raad, c3] == NO_ANSWER).all()
    assert (syn.answers[raad, c3] != NO_ANSWER).mean() > 0.9
    # the same rule as the form: every row agrees with Questionnaire.is_shown
    for r in range(200):
        bg = {
            bq.id: bq.options[code - 1].id
            for bq, code in zip(q.background, syn.background[r], strict=True)
            if code
        }
        assert q.is_shown(q.items[c3], bg) == (syn.answers[r, c3] != NO_ANSWER or raad[r])


def test_dont_know_and_skip_shares_in_range(mini_path):
    q = _mini(mini_path)
    syn = synthesize(q, 20000, [0.3, 0.7], np.random.default_rng(3))
    shown = np.ones(syn.answers.shape, dtype=bool)
    shown[:, 2] = syn.background[:, 0] == 1  # c3
    codes = syn.answers[shown]
    dk, skipped = (codes == DK_CODE).mean(), (codes == NO_ANSWER).mean()
    assert 0.02 <= dk <= 0.04, dk
    assert 0.012 <= skipped <= 0.03, skipped


def test_no_dont_know_when_the_scale_has_none(mini_path):
    data = json.loads(mini_path.read_text())
    del data["scale"]["dont_know"]
    q = definition.parse(data, "mini-no-dk")
    syn = synthesize(q, 2000, [1.0], np.random.default_rng(4))
    assert not (syn.answers == DK_CODE).any()


@pytest.mark.parametrize("points", [2, 4, 7, 11])
def test_any_scale_length_uses_the_whole_scale(mini_path, points):
    q = _with_points(mini_path, points)
    syn = synthesize(q, 5000, [1.0], np.random.default_rng(points))
    real = syn.answers[(syn.answers != NO_ANSWER) & (syn.answers != DK_CODE)]
    assert real.min() == 1 and real.max() == points
    assert set(np.unique(real)) == set(range(1, points + 1))
    # not degenerate: no category holds more than 80% of the answers (the default level leans to agreeing)
    assert np.bincount(real).max() / real.size < 0.8


def test_groups_follow_expected_sizes_and_differ():
    assert group_weights([10, 30]).tolist() == [0.25, 0.75]
    assert group_weights([10, None]).tolist() == [0.5, 0.5]
    q = definition.resolve("vertrouwensscan")
    syn = synthesize(q, 6000, group_weights([100, 200, 300]), np.random.default_rng(5), Profile(group_sd=0.6))
    shares = np.bincount(syn.group_index) / syn.n
    assert np.allclose(shares, [1 / 6, 2 / 6, 3 / 6], atol=0.03)
    non_reverse = [i for i, item in enumerate(q.items) if not item.reverse]
    a = syn.answers[:, non_reverse].astype(float)
    a[(a == 0) | (a == DK_CODE)] = np.nan
    means = [np.nanmean(a[syn.group_index == g]) for g in range(3)]
    assert max(means) - min(means) > 0.1  # group effects are visible


def test_higher_level_gives_higher_answers(mini_path):
    q = _mini(mini_path)
    low = synthesize(q, 3000, [1.0], np.random.default_rng(6), Profile(level=-0.5))
    high = synthesize(q, 3000, [1.0], np.random.default_rng(6), Profile(level=0.8))
    col = 0  # c1, not reversed

    def mean(s):
        v = s.answers[:, col]
        return v[(v != 0) & (v != DK_CODE)].mean()

    assert mean(high) > mean(low) + 0.5


def test_open_answers_for_about_a_third_with_tricky_characters(mini_path):
    q = _mini(mini_path)
    syn = synthesize(q, 3000, [1.0], np.random.default_rng(9))
    written = [o for o in syn.open_answers if o]
    assert 0.25 <= len(written) / syn.n <= 0.35
    texts = {t for o in written for t in o.values()}
    assert all(set(o) <= {"improve"} for o in written)
    assert all(len(t) <= 500 for t in texts)
    assert any("&" in t for t in texts) and any("<" in t for t in texts) and any("ë" in t for t in texts)
    english = {p for bank in PHRASES["en"] for p in bank}
    assert texts & english  # the definition has English, so some answers are English


def _round(session, q, status="open", groups=(("Gemeente A", 30), ("Gemeente B", 90))):
    rnd = rounds.create_round(session, q, name="Sim", cooperation="Regio Test", groups=list(groups))
    bring_to(session, rnd, status)
    session.commit()
    return rnd


def test_simulate_round_stores_decodable_responses_and_counts_today(session, mini_path):
    q = _mini(mini_path)
    rnd = _round(session, q)
    steps = []
    result = simulate_round(session, rnd, 240, seed=11, progress=steps.append)
    session.commit()
    assert result.respondents == 240 and sum(steps) == 240 and result.seed == 11
    assert sum(result.per_group.values()) == 240
    data = load_round_data(session, q, rnd.id)
    assert data.n == 240
    assert np.array_equal(
        np.sort(data.answers.view("V5").ravel()),
        np.sort(
            synthesize(q, 240, group_weights([30, 90]), np.random.default_rng(11)).answers.view("V5").ravel()
        ),
    )
    daily = session.exec(select(DailyCount).where(DailyCount.round_id == rnd.id)).all()
    assert [(d.day, d.count) for d in daily] == [(today(), 240)]
    assert rounds.round_status(session, rnd).responses == 240
    # open answers are stored as objects, and rows without any store NULL
    opens = load_open_answers(session, rnd.id)
    assert 0 < len(opens) < 240 and all(isinstance(o, dict) and o for _, _, o in opens)
    nulls = session.exec(
        select(Response.id).where(Response.round_id == rnd.id, Response.open_answers.is_(None))
    ).all()
    assert len(nulls) + len(opens) == 240
    simulate_round(session, rnd, 10, seed=12)
    session.commit()
    session.expire_all()
    assert session.get(DailyCount, (rnd.id, today())).count == 250


def test_simulate_refuses_a_closed_round_and_changes_nothing(session, mini_path):
    q = _mini(mini_path)
    rnd = _round(session, q, status="closed")
    with pytest.raises(rounds.RoundError, match="closed"):
        simulate_round(session, rnd, 10, seed=1)
    session.rollback()
    assert load_round_data(session, q, rnd.id).n == 0


def test_simulate_allows_a_draft_round(session, mini_path):
    rnd = _round(session, _mini(mini_path), status="draft")
    assert simulate_round(session, rnd, 20, seed=1).respondents == 20


def test_cli_simulate(cli, mini_path):
    out = cli(
        "round",
        "create",
        "--questionnaire",
        mini_path,
        "--name",
        "R",
        "--cooperation",
        "C",
        "--group",
        "A=10",
        "--group",
        "B=10",
    ).output
    rid = out.strip().splitlines()[-1]
    cli("round", "open", rid)
    result = cli("simulate", rid, "--respondents", "300", "--seed", "5")
    assert f"round {rid}: 300 synthetic responses (seed 5)" in result.output
    assert "A:" in result.output and "B:" in result.output
    assert "total" in cli("round", "status", rid).output
    cli("round", "close", rid)
    refused = cli("simulate", rid, "--respondents", "5", code=1)
    assert "closed" in refused.output
    bad = cli(
        "round", "create", "--questionnaire", mini_path, "--name", "R2", "--cooperation", "C", "--group", "A"
    )
    rid2 = bad.output.strip().splitlines()[-1]
    assert "between 1 and" in cli("simulate", rid2, "--respondents", "0", code=1).output
    assert "no round" in cli("simulate", "9999", "--respondents", "5", code=1).output


# -- one latent preference per respondent: rankings, points and matrices agree -------------------------------------


def _agenda(n=900, seed=5):
    q = definition.resolve("regionale_agenda")
    syn = synthesize(q, n, [0.25, 0.25, 0.25, 0.25], np.random.default_rng(seed))
    from scanengine.responses import RoundData

    data = RoundData(syn.answers[:, : len(q.items)], syn.background, syn.group_index, syn.answers, q)
    return q, data


def test_the_themes_ranked_high_get_many_points(mini_path):
    from scipy.stats import spearmanr

    from scanengine import stats

    q, data = _agenda()
    ranking = stats.ranking_summary(data.columns("themes_top").values, 5)
    points = data.columns("effort").values
    share = stats.points_summary(points).share
    rho = spearmanr(-ranking.mean_rank, share).statistic
    assert rho > 0.85, rho
    # the theme most often ranked first is among the three with the most points (the complaint: a
    # theme first for 44% got 8% of the points)
    first = int(np.argmax(ranking.share_first))
    assert share[first] >= np.sort(share)[-3], (ranking.share_first, share)
    # the control: with the points of the themes given in reverse order the same check fails
    reversed_share = stats.points_summary(points[:, ::-1]).share
    assert spearmanr(-ranking.mean_rank, reversed_share).statistic < 0.3


def test_a_theme_ranked_high_leans_to_a_wider_level(mini_path):
    q, data = _agenda()
    ranks = data.columns("themes_top").values  # 1..5, NaN unranked
    level = data.columns("level").values  # respondents x themes (the same order): 1 lokaal .. 4 bovenregio
    themes = [o.id for o in next(e.question for e in q.entries if e.question.id == "themes_top").options]
    rows = [r.id for r in next(e.question for e in q.entries if e.question.id == "level").rows]
    assert rows == themes
    top = ~np.isnan(level) & (ranks <= 2)
    unranked = ~np.isnan(level) & np.isnan(ranks) & ~np.isnan(ranks).all(axis=1, keepdims=True)
    assert level[top].mean() > level[unranked].mean() + 0.2, (level[top].mean(), level[unranked].mean())


def test_estimates_for_an_organisation_agree_within_it_around_the_typical_value():
    q = definition.resolve("businesscase")
    syn = synthesize(q, 1200, [1 / 6] * 6, np.random.default_rng(3))
    from scanengine.responses import RoundData

    data = RoundData(syn.answers[:, : len(q.items)], syn.background, syn.group_index, syn.answers, q)
    savings = data.columns("savings").values
    question = next(e.question for e in q.entries if e.question.id == "savings")
    given = ~np.isnan(savings)
    assert (savings[given] >= question.min).all() and (savings[given] <= question.max).all()
    logs = np.log(np.clip(savings, 0.1, None))
    medians = np.array([np.nanmedian(savings[syn.group_index == g]) for g in range(6)])
    within = np.mean([np.nanvar(logs[syn.group_index == g]) for g in range(6)])
    between = np.var(np.log(medians))
    assert within < between, (within, between)  # the respondents of one organisation estimate one quantity
    assert question.typical / 3 < np.median(medians) < question.typical * 3, medians
