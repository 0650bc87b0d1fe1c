"""The one page cache (scanengine/cache.py): bounded, keyed by content, owned by the app, and switchable off so a
changed template or definition shows at once."""

from __future__ import annotations

import json
import os
import threading

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader
from sqlalchemy import update

from scanengine import cache, db, definition, participation, rounds
from scanengine.models import Round
from scanengine.web import PAGE_CACHE_KEY
from tests.flow import make_round, path_of

MINI = os.path.join(os.path.dirname(__file__), "fixtures", "mini.json")


def html(resp) -> str:
    return resp.get_data(as_text=True)


def _copy(q: definition.Questionnaire, **title) -> definition.Questionnaire:
    data = json.loads(q.canonical_json())
    if title:
        data["title"] = title
    return definition.from_pinned(json.dumps(data))


# -- the LRU itself ---------------------------------------------------------------------------------------------------


def test_each_area_is_bounded_and_drops_the_least_recently_used():
    store = cache.PageCache(limits={"pages": 3, "chart": 1})
    for i in range(3):
        store.get("pages", i, lambda i=i: f"v{i}")
    assert store.get("pages", 0, lambda: "rebuilt") == "v0"  # a hit: 0 becomes the most recently used
    store.get("pages", 3, lambda: "v3")
    store.get("pages", 4, lambda: "v4")
    assert store.size("pages") == 3
    assert store.lookup("pages", 1) is cache._MISSING and store.lookup("pages", 2) is cache._MISSING
    assert [store.lookup("pages", k) for k in (0, 3, 4)] == ["v0", "v3", "v4"]
    store.get("chart", "a", lambda: 1)
    store.get("chart", "b", lambda: 2)
    assert store.size("chart") == 1 and store.size("pages") == 3  # areas are bounded separately


def test_the_default_bounds_hold_under_many_distinct_keys():
    store = cache.PageCache()
    for i in range(cache.LIMITS["pages"] + 500):
        store.get("pages", ("sha", i), lambda: ())
    assert store.size("pages") == cache.LIMITS["pages"]
    qs = [
        _copy(definition.resolve(MINI), nl=f"Titel {i}", en=f"Title {i}") for i in range(cache.SHA_MEMO + 20)
    ]
    for q in qs:
        store.sha(q)
    assert len(store._shas) == cache.SHA_MEMO


def test_a_disabled_cache_builds_every_time_and_keeps_nothing():
    store = cache.PageCache(enabled=False)
    calls = []
    for _ in range(3):
        store.get("pages", "k", lambda: calls.append(1) or len(calls))
    assert len(calls) == 3 and store.size("pages") == 0
    q = definition.resolve(MINI)
    assert store.sha(q) == q.sha256 and not store._shas


def test_env_switch():
    assert cache.enabled_by_env({}) is True
    for off in ("0", "false", "No", "off"):
        assert cache.enabled_by_env({"SCANENGINE_PAGE_CACHE": off}) is False
    assert cache.enabled_by_env({"SCANENGINE_PAGE_CACHE": "1"}) is True
    assert cache.switch(0) is False and cache.switch(False) is False and cache.switch(True) is True


# -- keys are the definition's SHA-256 --------------------------------------------------------------------------------


def test_entries_are_keyed_by_the_definitions_sha256_not_the_object():
    q1 = definition.resolve(MINI)
    q2 = _copy(q1)  # equal content, another object
    q3 = _copy(q1, nl="Andere scan", en="Other scan")  # changed content
    assert q1 is not q2 and q1.sha256 == q2.sha256 != q3.sha256
    store = cache.PageCache()
    with cache.using(store):
        first = participation.pages(q1, {})
        assert participation.pages(q2, {}) == first
        assert store.size("pages") == 1 and store.hits["pages"] == 1  # the equal copy used q1's entry
        assert store.lookup("pages", (q1.sha256, *(None for _ in q1.background))) == tuple(first)
        participation.pages(q3, {})
        assert store.size("pages") == 2  # a changed definition gets its own entry
        assert participation.field_ids(q2) is participation.field_ids(q1)
        assert store.lookup("field_ids", q1.sha256) is participation.field_ids(q1)


def test_a_pinned_definition_is_parsed_once_per_hash_and_is_not_rehashed():
    q = definition.resolve(MINI)
    text, sha = q.canonical_json(), q.sha256
    reads = []
    store = cache.PageCache()
    with cache.using(store):
        a = rounds.pinned_questionnaire(sha, lambda: reads.append(1) or text)
        b = rounds.pinned_questionnaire(sha, lambda: reads.append(1) or text)
    assert a is b and len(reads) == 1
    assert store._shas[id(a)] == (a, sha)  # noted when loaded: the request path never hashes the definition
    assert store.lookup("definition", sha) is a


def test_a_request_uses_the_apps_cache_and_hands_it_back(app, database_url):
    rnd = make_round(database_url)
    process = cache.process_cache()
    process.clear()
    client = app.test_client()
    resp = client.get(path_of(rnd.links["Gemeente A"][0]))
    assert resp.status_code == 200
    page_cache = app.extensions[PAGE_CACHE_KEY]
    assert page_cache.enabled
    assert page_cache.lookup("definition", rnd.questionnaire.sha256) is not cache._MISSING
    # the intro page, and every page of the questionnaire for the form's script (with each question's field)
    assert (
        page_cache.size("skeleton") == 2
        and page_cache.size("field_html") == len(rnd.questionnaire.entries) - 1
    )
    assert (
        process.size("definition") == 0 and process.size("skeleton") == 0
    )  # nothing went to the process's one
    assert cache.active() is process  # outside the request the domain gets the process's cache again


def test_threads_outside_a_request_get_the_process_cache():
    seen = []
    store = cache.PageCache()
    with cache.using(store):
        worker = threading.Thread(target=lambda: seen.append(cache.active()))
        worker.start()
        worker.join()
        assert cache.active() is store
    assert seen == [cache.process_cache()]


# -- the switch -------------------------------------------------------------------------------------------------------


def test_page_cache_is_on_by_default_and_off_by_environment(env, database_url, monkeypatch):
    from scanengine import create_app

    base = {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x", "AUTO_MIGRATE": False}
    assert create_app(base).extensions[PAGE_CACHE_KEY].enabled
    monkeypatch.setenv("SCANENGINE_PAGE_CACHE", "0")
    off = create_app(base)
    assert not off.extensions[PAGE_CACHE_KEY].enabled
    assert off.jinja_env.auto_reload  # templates are re-read when they change, too
    monkeypatch.setenv("SCANENGINE_PAGE_CACHE", "off")  # from_prefixed_env keeps what is not JSON as a string
    assert not create_app(base).extensions[PAGE_CACHE_KEY].enabled


def _override_intro(app, folder, text: str) -> None:
    page = folder / "participant" / "intro.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        '{% extends "participant/_layout.html" %}{% block step %}<p>' + text + "</p>{% endblock %}",
        encoding="utf-8",
    )
    stamp = os.stat(page).st_mtime + (10 if text.endswith("2") else 0)
    os.utime(page, (stamp, stamp))  # a new mtime even within the file system's clock resolution


@pytest.mark.parametrize("enabled", [False, True])
def test_a_changed_template_shows_at_once_with_the_cache_off(app, database_url, tmp_path, enabled):
    from scanengine import create_app

    app = create_app({**app.config, "PAGE_CACHE": enabled})
    folder = tmp_path / "templates"
    _override_intro(app, folder, "versie 1")
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(str(folder)), app.jinja_env.loader])
    link = path_of(make_round(database_url).links["Gemeente A"][0])
    client = app.test_client()
    assert "versie 1" in html(client.get(link))
    _override_intro(app, folder, "versie 2")
    shown = html(client.get(link))
    if enabled:
        assert "versie 1" in shown  # the page's skeleton is kept: this is why the switch exists
    else:
        assert "versie 2" in shown and "versie 1" not in shown


@pytest.mark.parametrize("enabled", [False, True])
def test_a_changed_definition_shows_at_once_with_the_cache_off(app, database_url, enabled):
    from scanengine import create_app

    app = create_app({**app.config, "PAGE_CACHE": enabled})
    setup = make_round(database_url)
    link = path_of(setup.links["Gemeente A"][0])
    client = app.test_client()
    assert "Mini-scan" in html(client.get(link))
    changed = _copy(setup.questionnaire, nl="Gewijzigde scan", en="Changed scan")
    with db.session_scope(database_url) as s:  # edited in place, as someone working on a definition would
        s.execute(update(Round).where(Round.id == setup.round_id).values(definition=changed.canonical_json()))
        s.commit()
    shown = html(client.get(link))
    if enabled:
        assert "Mini-scan" in shown  # parsed once for its hash, as a pinned definition never changes
    else:
        assert "Gewijzigde scan" in shown and "Mini-scan" not in shown
