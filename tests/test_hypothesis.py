"""Property-based tests: definition loading and the submission endpoint never fail in an unplanned way.

* Any JSON document, any text or bytes, and any mutation of a valid definition either loads or raises
  :class:`DefinitionError`; what loads round-trips through ``canonical_json`` unchanged.
* Any POST to ``/s/<token>`` (random field names, values, encodings, sizes and orders) answers below 500, stores
  nothing invalid, stores a response only with a success page, and never touches another participant's draft.
"""

from __future__ import annotations

import copy
import json
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import db, definition, participation
from scanengine.models import Draft, LinkToken, PooledResponse, Response
from scanengine.responses import DK_CODE
from scanengine.rounds import hash_token
from tests.flow import csrf_token, make_round, page_index, path_of, post

ROOT = Path(__file__).resolve().parents[1]
VALID_DEFINITIONS = [
    ROOT / "tests" / "fixtures" / "mini.json",
    *sorted((ROOT / "questionnaires").glob("*.json")),
]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


# -- definition loading ------------------------------------------------------------------------------------------


def _load_or_definition_error(fn, *args):
    try:
        return fn(*args)
    except definition.DefinitionError as exc:
        assert exc.problems and all(line.strip() for line in exc.lines())
        return None


def _assert_round_trip(q: definition.Questionnaire) -> None:
    canonical = q.canonical_json()
    again = definition.loads(canonical)
    assert again == q
    assert again.canonical_json() == canonical
    assert again.sha256 == q.sha256
    assert definition.from_pinned(canonical) == q


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_value_loads_or_raises_definition_error(value):
    q = _load_or_definition_error(definition.parse, value, "random.json")
    if q is not None:
        _assert_round_trip(q)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_or_bytes_loads_or_raises_definition_error(raw):
    _load_or_definition_error(definition.loads, raw, "random.json")


def _paths(node, prefix=()):
    """Every JSON path in ``node`` (the root included)."""
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*prefix, i))


def _get(node, path):
    for key in path:
        node = node[key]
    return node


MUTATIONS = ("replace", "delete", "add_key", "duplicate", "swap_types", "copy_sibling_id")


@st.composite
def mutated_definitions(draw):
    """A shipped (or the test) definition with 1-3 random edits at random places."""
    path = draw(st.sampled_from(VALID_DEFINITIONS))
    doc = json.loads(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        where = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(MUTATIONS))
        if not where:
            if kind == "replace":
                doc = draw(json_values)
            continue
        parent, key = _get(doc, where[:-1]), where[-1]
        if kind == "replace":
            parent[key] = draw(json_values)
        elif kind == "delete":
            del parent[key]
        elif kind == "add_key" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif kind == "swap_types":
            value = parent[key]
            parent[key] = (
                str(value)
                if not isinstance(value, str)
                else draw(st.sampled_from([1, 1.5, True, None, [value], {"nl": value}]))
            )
        elif kind == "copy_sibling_id" and isinstance(parent, list) and len(parent) > 1:
            other = parent[(key + 1) % len(parent)]
            if isinstance(parent[key], dict) and isinstance(other, dict) and "id" in other:
                parent[key]["id"] = other["id"]
        if not isinstance(doc, dict | list):
            break
    return doc


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_definitions())
def test_mutated_definitions_load_or_raise_definition_error(doc):
    q = _load_or_definition_error(definition.parse, doc, "mutated.json")
    if q is not None:
        _assert_round_trip(q)
        # and through the JSON text, in any key order and with non-ASCII text intact
        text = json.dumps(doc, ensure_ascii=bool(len(q.id) % 2), indent=1)
        assert definition.loads(text.encode("utf-8")) == q


@pytest.mark.parametrize("path", VALID_DEFINITIONS, ids=lambda p: p.name)
def test_valid_definitions_round_trip(path):
    _assert_round_trip(definition.load(path))


def test_mutations_do_reach_both_outcomes():
    """The mutation strategy is not vacuous: some mutants load, most are refused."""
    from hypothesis import find

    find(
        mutated_definitions(),
        lambda d: _load_or_definition_error(definition.parse, d) is not None,
        settings=settings(max_examples=500, database=None),
    )
    find(
        mutated_definitions(),
        lambda d: _load_or_definition_error(definition.parse, d) is None,
        settings=settings(max_examples=500, database=None),
    )


# -- the submission endpoint -------------------------------------------------------------------------------------

LINKS = 25


class Endpoint:
    """A round of the mini definition, a victim with a saved draft, and the invariants to check after a request."""

    def __init__(self, app, database_url):
        self.url = database_url
        self.setup = make_round(database_url, personal=LINKS)
        self.fresh: list[str] = []
        self.q = self.setup.questionnaire
        self.fields = sorted(participation.field_ids(self.q))
        self.client = app.test_client()
        first = self.client.get(path_of(self.setup.links["Gemeente A"][0]))
        self.csrf = csrf_token(first.get_data(as_text=True))
        # the victim: another participant with a draft half-way
        victim = app.test_client()
        self.victim_link = self.setup.links["Gemeente B"][0]
        html = victim.get(path_of(self.victim_link)).get_data(as_text=True)
        html = post(victim, self.victim_link, html, "next").get_data(as_text=True)
        assert post(victim, self.victim_link, html, "next", {"role": "raad"}).status_code == 200
        self.victim_draft = self._draft_of(self.victim_link)
        assert self.victim_draft is not None and self.victim_draft[1]["role"] == "raad"

    def fresh_link(self) -> str:
        """A new personal link in group A (issued through the domain, as the CLI does)."""
        from scanengine import rounds

        with self._session() as s:
            rnd = rounds.get_round(s, self.setup.round_id)
            link = rounds.issue_links(s, rnd, "Gemeente A", 1, "http://localhost")[0]
            s.commit()
        self.fresh.append(link)
        return link

    def links(self) -> list[str]:
        return [link for group in self.setup.links.values() for link in group] + self.fresh

    def _session(self) -> Session:
        return Session(db.get_engine(self.url))

    def _draft_of(self, link: str):
        """(page, answers, link used) of the link's draft, opened with the link (drafts are sealed with its key)."""
        token = path_of(link).rsplit("/", 1)[1]
        with self._session() as s:
            row = s.execute(
                select(LinkToken.id, LinkToken.group_id, LinkToken.used)
                .join(Draft, Draft.token_id == LinkToken.id)
                .where(LinkToken.token_hash == hash_token(token))
            ).first()
            if row is None:
                return None
            resolved = participation.ResolvedLink(
                row.id, False, self.setup.round_id, row.group_id, self.q, 3, token
            )
            state = participation.load_draft(s, resolved)
        return (state.page, state.answers, row.used) if state.exists else None

    def used(self, link: str) -> bool:
        with self._session() as s:
            return s.execute(
                select(LinkToken.used).where(
                    LinkToken.token_hash == hash_token(path_of(link).rsplit("/", 1)[1])
                )
            ).scalar_one()

    def response_count(self) -> int:
        with self._session() as s:  # mixed into response, or waiting in the pool: both are stored
            return (
                s.execute(select(func.count()).select_from(Response)).scalar_one()
                + s.execute(select(func.count()).select_from(PooledResponse)).scalar_one()
            )

    def check_stored(self) -> None:
        """Every stored response and draft is valid for the definition; the victim's draft is untouched."""
        q = self.q
        ids = participation.field_ids(q)
        with self._session() as s:
            for answers, background, opens in s.execute(
                select(Response.answers, Response.background, Response.open_answers)
            ):
                assert len(answers) == len(q.items) and len(background) == len(q.background)
                bg = {}
                for bq, code in zip(q.background, background, strict=True):
                    assert 0 <= code <= len(bq.options)
                    bg[bq.id] = bq.options[code - 1].id if code else None
                for item, code in zip(q.items, answers, strict=True):
                    assert code == 0 or 1 <= code <= q.scale.points or code == DK_CODE
                    if not q.is_shown(item, bg):
                        assert code == 0, f"hidden statement {item.id} stored"
                for qid, text in (opens or {}).items():
                    oq = next(o for o in q.open_questions if o.id == qid)
                    assert isinstance(text, str) and 0 < len(text) <= oq.max_length
            tokens = {
                hash_token(path_of(link).rsplit("/", 1)[1]): path_of(link).rsplit("/", 1)[1]
                for link in self.links()
            }
            for token_id, group_id, token_hash in s.execute(
                select(LinkToken.id, LinkToken.group_id, LinkToken.token_hash).join(
                    Draft, Draft.token_id == LinkToken.id
                )
            ):
                resolved = participation.ResolvedLink(
                    token_id, False, self.setup.round_id, group_id, self.q, 3, tokens[token_hash]
                )
                draft = participation.load_draft(s, resolved)
                assert draft.exists, "a draft its own link does not open"
                for key, value in draft.answers.items():
                    assert key in ids, key
                    self._assert_valid_field(key, value)
        assert self._draft_of(self.victim_link) == self.victim_draft

    def _assert_valid_field(self, key, value) -> None:
        q = self.q
        assert isinstance(value, str), (key, value)
        if any(i.id == key for i in q.items):
            assert participation.valid_value(q, value), (key, value)
        elif (bq := q.background_question(key)) is not None:
            assert value in [o.id for o in bq.options], (key, value)
        else:
            oq = next(o for o in q.open_questions if o.id == key)
            assert len(value) <= oq.max_length, (key, len(value))


@pytest.fixture
def endpoint(app, database_url):
    return Endpoint(app, database_url)


HUGE = "x" * 300_000  # above the 256 KiB body limit
field_values = st.one_of(
    st.sampled_from(
        [
            "1",
            "2",
            "3",
            "4",
            "dk",
            "raad",
            "college",
            "ambtenaar",
            "",
            "0",
            "5",
            "-1",
            "01",
            " 1",
            "1.0",
            "DK",
            "４",
            "１",
            "None",
            "null",
            "[]",
        ]
    ),
    st.text(max_size=40),
    st.text(min_size=490, max_size=520),  # around the open question's 500 characters
)
_pages, _actions = st.integers(0, 12).map(str), st.sampled_from(["next", "back", "save", "submit"])
control_values = {  # mostly valid, so that the requests get past the control checks to the answers
    "page": st.one_of(_pages, _pages, _pages, st.text(max_size=6)),
    "action": st.one_of(_actions, _actions, _actions, st.text(max_size=8)),
    "lang": st.sampled_from(["nl", "en", "de", "", "x" * 50]),
}


def _one_in(n: int):
    """True with probability 1/n (``st.integers`` would favour the boundary, so a rare case would be common)."""
    return st.sampled_from([False] * (n - 1) + [True])


@st.composite
def submissions(draw, fields):
    """(link index, encoding, list of (name, value) pairs in a random order, csrf mode)."""
    names = st.sampled_from(fields)
    if draw(_one_in(4)):  # now and then unknown or repeated control names (refused with 400)
        names = names | st.sampled_from(sorted(control_values)) | st.text(max_size=30)
    pairs = draw(st.lists(st.tuples(names, field_values), max_size=10))
    if draw(_one_in(20)):
        pairs.append((draw(st.sampled_from(fields)), HUGE))
    for name, strategy in control_values.items():
        if not draw(_one_in(5)):
            pairs.append((name, draw(strategy)))
    csrf = draw(st.sampled_from(["valid"] * 6 + ["missing", "garbage", "twice"]))
    order = draw(st.permutations(range(len(pairs) + 1)))
    encoding = draw(
        st.sampled_from(["urlencoded"] * 3 + ["multipart"] * 2 + ["latin-1", "raw-bytes", "json"])
    )
    raw = draw(st.binary(max_size=300)) if encoding == "raw-bytes" else b""
    return draw(st.integers(0, LINKS - 1)), encoding, pairs, csrf, order, raw


def _body(endpoint: Endpoint, encoding, pairs, csrf, order, raw):
    items = list(pairs)
    token = {"valid": endpoint.csrf, "garbage": "garbage", "twice": endpoint.csrf}.get(csrf)
    if token:
        items.append(("csrf_token", token))
    if csrf == "twice":
        items.append(("csrf_token", "other"))
    items = [items[i] for i in order if i < len(items)] + items[len(order) :]
    if encoding == "multipart":
        return {"data": [(k, v) for k, v in items], "content_type": "multipart/form-data"}
    if encoding == "json":
        return {"data": json.dumps(dict(items)), "content_type": "application/json"}
    if encoding == "latin-1":
        body = urllib.parse.urlencode(items, encoding="latin-1", errors="replace")
        return {"data": body, "content_type": "application/x-www-form-urlencoded; charset=latin-1"}
    body = urllib.parse.urlencode(items).encode()
    if encoding == "raw-bytes":
        body = body + b"&" + raw
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_random_posts_never_500_never_store_invalid(endpoint, data):
    index, encoding, pairs, csrf, order, raw = data.draw(submissions(endpoint.fields))
    link = endpoint.setup.links["Gemeente A"][index]
    before_count, before_used, before_draft = (
        endpoint.response_count(),
        endpoint.used(link),
        endpoint._draft_of(link),
    )
    from werkzeug.datastructures import MultiDict

    kwargs = _body(endpoint, encoding, pairs, csrf, order, raw)
    if isinstance(kwargs["data"], list):
        kwargs["data"] = MultiDict(kwargs["data"])
    r = endpoint.client.post(path_of(link), **kwargs)
    assert r.status_code < 500, r.get_data(as_text=True)[:500]
    event(f"status {r.status_code}")
    after_count = endpoint.response_count()
    if after_count != before_count:  # a response was stored: only for a success page on an unused link
        assert after_count == before_count + 1
        assert r.status_code == 200 and not before_used and endpoint.used(link)
    if r.status_code >= 400:
        assert after_count == before_count
        assert endpoint._draft_of(link) == before_draft  # a refused request changes nothing
    endpoint.check_stored()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.dictionaries(
        st.sampled_from(["c1", "c2", "c3", "i1", "i2"]),
        st.sampled_from(["1", "2", "3", "4", "dk"]),
        min_size=0,
        max_size=5,
    ),
    role=st.sampled_from(["raad", "college", "ambtenaar", None]),
    text=st.text(max_size=60),
)
def test_valid_walks_store_exactly_what_was_answered(endpoint, answers, role, text):
    """The positive side: a complete walk with valid values stores exactly those values (hidden ones dropped)."""
    from tests.flow import answer_round

    link = endpoint.fresh_link()
    given_answers = dict(answers, improve=text, **({"role": role} if role else {}))
    before = endpoint.response_count()
    r = answer_round(endpoint.client, link, given_answers)
    assert r.status_code == 200
    assert endpoint.response_count() == before + 1
    endpoint.check_stored()


def test_a_refused_post_leaves_the_draft_alone(endpoint):
    """Directly: an invalid value on a saved draft answers 422 and keeps the stored draft as it was."""
    link = endpoint.setup.links["Gemeente A"][0]
    client = endpoint.client
    html = client.get(path_of(link)).get_data(as_text=True)
    html = post(client, link, html, "next").get_data(as_text=True)
    assert post(client, link, html, "save", {"role": "college"}).status_code == 200
    before = endpoint._draft_of(link)
    r = client.post(
        path_of(link),
        data={
            "csrf_token": endpoint.csrf,
            "page": str(page_index(html)),
            "action": "next",
            "role": "burgemeester",
        },
    )
    assert r.status_code == 422
    assert endpoint._draft_of(link) == before
    endpoint.check_stored()
