"""Helpers that drive the participant flow the way a browser does, for any test that needs responses.

``answer_round(client, link, answers)`` walks the form page by page through the Flask test client (reading
the CSRF token and the fields of each page from the HTML), and ``make_round`` sets up an open round with links.
Used by the participant tests and meant for the browser, bench and security tests too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session

from scanengine import closing, db, definition, rounds

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE_RE = re.compile(r'name="page" value="(\d+)"')
FIELD_RE = re.compile(r'<(?:input type="radio"|textarea) name="([a-z][a-z0-9_]*)"')


def path_of(link: str) -> str:
    """``http://localhost/s/abc`` -> ``/s/abc`` (the test client wants a path)."""
    return urlsplit(link).path if "://" in link else link


def csrf_token(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def page_index(html: str) -> int:
    found = PAGE_RE.search(html)
    assert found, "no page field on the page"
    return int(found.group(1))


def fields_on(html: str) -> list[str]:
    """The answer fields shown on a page, in order, once each."""
    return list(dict.fromkeys(FIELD_RE.findall(html)))


def post(client, link: str, html: str, action: str, data: dict | None = None, lang: str | None = None):
    """Post ``data`` from the page ``html`` (its CSRF token and page index) with ``action``."""
    form = {"csrf_token": csrf_token(html), "page": str(page_index(html)), "action": action, **(data or {})}
    if lang:
        form["lang"] = lang
    return client.post(path_of(link), data=form)


def answer_round(client, link: str, answers: dict, *, lang: str | None = None, max_steps: int = 100):
    """Walk the whole form: on every page post the answers for the fields shown there, then submit.

    Returns the final response (the thank-you page on success). Asserts every intermediate step is a 200.
    """
    url = path_of(link) + (f"?lang={lang}" if lang else "")
    resp = client.get(url)
    assert resp.status_code == 200, resp.status_code
    for _ in range(max_steps):
        html = resp.get_data(as_text=True)
        if 'name="action" value="submit"' in html:
            return post(client, link, html, "submit", lang=lang)
        data = {f: str(answers[f]) for f in fields_on(html) if f in answers}
        resp = post(client, link, html, "next", data, lang=lang)
        assert resp.status_code == 200, (resp.status_code, resp.get_data(as_text=True)[:2000])
    raise AssertionError(f"the form did not reach its review page in {max_steps} steps")


@dataclass
class RoundSetup:
    round_id: int
    questionnaire: definition.Questionnaire
    links: dict[str, list[str]] = field(default_factory=dict)  # group -> personal links
    shared: dict[str, str] = field(default_factory=dict)  # group -> group link


def make_round(
    database_url: str,
    questionnaire: str | Path = Path(__file__).parent / "fixtures" / "mini.json",
    *,
    groups: tuple[str, ...] = ("Gemeente A", "Gemeente B"),
    personal: int = 3,
    shared: bool = False,
    status: str = "open",
    k: int = 3,
) -> RoundSetup:
    """An open (or ``draft``/``closed``) round with ``personal`` links per group, and group links if asked."""
    q = definition.resolve(str(questionnaire))
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        rnd = rounds.create_round(
            s,
            q,
            name="Testronde",
            cooperation="Regio Test",
            groups=[(g, 10) for g in groups],
            min_group_size=k,
        )
        setup = RoundSetup(rnd.id, q)
        for g in groups:
            if personal:
                setup.links[g] = rounds.issue_links(s, rnd, g, personal, "http://localhost")
            if shared:
                setup.shared[g] = rounds.issue_shared_link(s, rnd, g, "http://localhost")
        bring_to(s, rnd, status)
        s.commit()
    return setup


def bring_to(session, rnd, status: str) -> None:
    """Move a draft round to ``status`` ('draft', 'open' or 'closed') through the domain's own transitions."""
    if status in ("open", "closed"):
        rounds.open_round(session, rnd)
    if status == "closed":
        closing.close_round(session, rnd)


TEST_SECRET = (
    "test-secret"  # the app fixture's SECRET_KEY (tests/conftest.py): the key the pool is sealed with
)


def close_and_settle(session, round_id: int, secret: str = TEST_SECRET) -> None:
    """Close the round and commit: every submission waiting in the pool is then in ``response``, where a test
    reads what was stored (submissions are mixed into ``response`` only k at a time before the close)."""
    from scanengine.models import Round

    session.rollback()
    closing.close_round(session, session.get(Round, round_id), secret=secret)
    session.commit()
