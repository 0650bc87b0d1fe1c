"""A facilitator builds a questionnaire in the editor, in Chromium, without writing JSON: from scratch, with every
kind (statements on a scale with a reverse one and a condition, a background question, ranking, points, matrix,
numbers estimated per organisation, choice, an open question) and both blocks (the decision, the business case). The editor refuses what the validator refuses, beside the field;
deletes ask first; leaving with unsaved changes warns. The preview is the real form, with and without JavaScript,
in Dutch and English, on a phone, and stores nothing. A round of the definition is answered, and so is a round
the CLI made from the exported JSON: their exports are the same. Editing the definition in use makes version 2;
the round keeps version 1. Export -> import -> export gives the same bytes. axe-core checks every editor page."""

from __future__ import annotations

import json

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from scanengine import db, definition, library
from scanengine.models import Round
from tests.browser import axe, layout
from tests.browser.conftest import DESKTOP, PASSWORD, PHONE, new_context

EMAIL = "consultant@regio-rivierenland.nl"
B = "/dashboard/questionnaires"


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _opt(oid: str, nl: str, en: str) -> dict:
    return {"id": oid, "label": _t(nl, en)}


#: what the facilitator builds below, as the JSON the editor must have made of it (ids it made itself included)
EXPECTED = {
    "id": "regioscan",
    "version": "1.0",
    "title": _t("Regioscan Rivierenland", "Regional scan Rivierenland"),
    "intro": _t("Fijn dat u meedoet.", "Thank you for taking part."),
    "scale": {
        "points": 5,
        "labels": {
            "nl": ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"],
            "en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        },
        "dont_know": _t("Weet niet / n.v.t.", "Don't know / not applicable"),
    },
    "bands": [
        {"min": 4, "label": _t("Sterk", "Strength")},
        {"min": 3, "label": _t("Aandachtspunt", "Attention")},
        {"min": 1, "label": _t("Zorgpunt", "Concern")},
    ],
    "background": [
        {
            "id": "rol",
            "text": _t("Wat is uw rol?", "What is your role?"),
            "breakdown": True,
            "options": [
                _opt("raadslid", "Raadslid", "Councillor"),
                _opt("ambtenaar", "Ambtenaar", "Civil servant"),
            ],
        }
    ],
    "dimensions": [
        {
            "id": "samenwerking",
            "title": _t("Samenwerking", "Cooperation"),
            "items": [
                {
                    "id": "samenwerking_1",
                    "text": _t("We werken goed samen.", "We work well together."),
                    "reverse": False,
                },
                {
                    "id": "samenwerking_2",
                    "text": _t("Afspraken worden vaak niet nagekomen.", "Agreements are often not kept."),
                    "reverse": True,
                    "show_if": {"rol": ["raadslid"]},
                },
            ],
        }
    ],
    "sections": [
        {
            "id": "agenda",
            "title": _t("Agenda", "Agenda"),
            "questions": [
                {
                    "id": "thema",
                    "kind": "ranking",
                    "text": _t("Welk thema eerst?", "Which theme first?"),
                    "options": [
                        _opt("wonen", "Wonen", "Housing"),
                        _opt("mobiliteit", "Mobiliteit", "Mobility"),
                        _opt("energie", "Energie", "Energy"),
                    ],
                    "top": 2,
                    "required": False,
                },
                {
                    "id": "verdeel_punten",
                    "kind": "points",
                    "text": _t("Verdeel de punten.", "Spread the points."),
                    "options": [_opt("sturing", "Sturing", "Control"), _opt("kosten", "Kosten", "Cost")],
                    "total": 100,
                    "required": False,
                },
                {
                    "id": "niveau",
                    "kind": "matrix",
                    "text": _t("Op welk niveau?", "At which level?"),
                    "rows": [_opt("wonen", "Wonen", "Housing"), _opt("mobiliteit", "Mobiliteit", "Mobility")],
                    "columns": [
                        _opt("lokaal", "Lokaal", "Local"),
                        _opt("regionaal", "Regionaal", "Regional"),
                    ],
                    "dont_know": True,
                    "required": False,
                },
            ],
        },
        {
            "id": "businesscase",
            "title": _t("Businesscase", "Business case"),
            "questions": [
                {
                    "id": "besparing_per_jaar",
                    "kind": "number",
                    "text": _t("Besparing per jaar?", "Savings a year?"),
                    "min": 0,
                    "max": 5000,
                    "decimals": 1,
                    "unit": _t("k€", "k€"),
                    "dont_know": True,
                    "estimate_for": "group",
                    "typical": 150,
                    "required": False,
                },
                {
                    "id": "eenmalige_kosten",
                    "kind": "number",
                    "text": _t("Eenmalige kosten?", "One-off cost?"),
                    "min": 0,
                    "max": 10000,
                    "unit": _t("k€", "k€"),
                    "estimate_for": "group",
                    "required": False,
                },
                {
                    "id": "belangrijkste_motief",
                    "kind": "choice",
                    "text": _t("Belangrijkste motief?", "Main motive?"),
                    "options": [_opt("kwaliteit", "Kwaliteit", "Quality"), _opt("kosten", "Kosten", "Cost")],
                    "max_choices": 1,
                    "dont_know": False,
                    "required": True,
                },
            ],
        },
    ],
    "businesscase": {"yearly": "besparing_per_jaar", "one_off": "eenmalige_kosten", "horizon_years": 4},
    "open_questions": [
        {"id": "kan_beter", "text": _t("Wat kan beter?", "What could be better?"), "max_length": 2000}
    ],
    "decision": {
        "title": _t("Welke vorm?", "Which form?"),
        "alternatives": [
            _opt("openbaar_lichaam", "Openbaar lichaam", "Public body"),
            _opt("convenant", "Convenant", "Covenant"),
        ],
        "criteria": [_opt("sturing", "Sturing", "Control"), _opt("kosten", "Kosten", "Cost")],
        "weights": "verdeel_punten",
        "scores": {"openbaar_lichaam": {"sturing": 5, "kosten": 2}, "convenant": {"sturing": 2, "kosten": 4}},
        "knockouts": [
            {"question": "belangrijkste_motief", "options": ["kosten"], "excludes": ["openbaar_lichaam"]}
        ],
    },
}

#: three people's answers as the form posts them (the same for both rounds)
ANSWERS = [
    {
        "rol": "raadslid",
        "samenwerking_1": "4",
        "samenwerking_2": "2",
        "thema.wonen": "1",
        "thema.energie": "2",
        "verdeel_punten.sturing": "70",
        "verdeel_punten.kosten": "30",
        "niveau.wonen": "regionaal",
        "niveau.mobiliteit": "lokaal",
        "besparing_per_jaar": "12,5",
        "eenmalige_kosten": "300",
        "belangrijkste_motief": "kwaliteit",
        "kan_beter": "Vaker overleggen.",
    },
    {
        "rol": "ambtenaar",
        "samenwerking_1": "5",
        "thema.mobiliteit": "1",
        "thema.wonen": "2",
        "verdeel_punten.sturing": "40",
        "verdeel_punten.kosten": "60",
        "niveau.wonen": "dk",
        "besparing_per_jaar": "dk",
        "eenmalige_kosten": "120",
        "belangrijkste_motief": "kosten",
    },
    {
        "rol": "raadslid",
        "samenwerking_1": "3",
        "samenwerking_2": "dk",
        "thema.energie": "1",
        "thema.wonen": "2",
        "verdeel_punten.sturing": "50",
        "verdeel_punten.kosten": "50",
        "niveau.wonen": "regionaal",
        "niveau.mobiliteit": "regionaal",
        "besparing_per_jaar": "300",
        "belangrijkste_motief": "kosten",
    },
]
SHOWN = "form.questionnaire .page:not([hidden])"


class Editor:
    """The facilitator in the editor: fills fields by name, saves, and checks every page it sees."""

    def __init__(self, page, shots, base):
        self.page, self.shots, self.base = page, shots, base
        self.checked: set[str] = set()

    def check(self, name: str) -> None:
        axe.assert_accessible(self.page, name)
        if self.page.viewport_size["width"] <= 400:
            layout.assert_fits_phone(self.page, name)
        self.checked.add(name)
        self.shots.take(self.page, name)

    def go(self, path: str, name: str | None = None) -> None:
        assert self.page.goto(self.base + path).status == 200, path
        if name:
            self.check(name)

    def fill(self, **values: str) -> Editor:
        for key, value in values.items():
            self.page.locator(f"[name='{key.replace('__', '-')}']").fill(value)
        return self

    def tick(self, name: str, value: str = "y", on: bool = True) -> Editor:
        box = self.page.locator(f"input[name='{name}'][value='{value}']")
        box.check() if on else box.uncheck()
        return self

    def choose(self, name: str, value: str) -> Editor:
        self.page.locator(f"select[name='{name}']").select_option(value)
        return self

    def save(self, button: str = "save", status: int = 200):
        with self.page.expect_navigation() as nav:
            self.page.locator(f"button[name=action][value='{button}']").first.click()
        assert nav.value.status == status, (self.page.url, nav.value.status, self.errors())
        return nav.value

    def errors(self) -> list[str]:
        return [e.strip() for e in self.page.locator(".field-error").all_inner_texts()]

    def flashes(self) -> str:
        return " ".join(self.page.locator(".flash").all_inner_texts())


def _text(e: Editor, name: str, nl: str, en: str) -> None:
    e.fill(**{f"{name}-nl": nl, f"{name}-en": en})


def _counts(url: str) -> dict[str, int]:
    with Session(db.get_engine(url)) as s:
        return {
            t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


def _answer(page, answers: dict) -> None:
    """Answer what the shown page asks, from ``answers`` (form field -> value)."""
    root = page.locator(SHOWN)
    for name, value in answers.items():
        controls = root.locator(f"[name='{name}']")
        if not controls.count():
            continue
        first = controls.first
        tag = first.evaluate("el => el.tagName")
        kind = first.get_attribute("type") or ""
        if tag == "SELECT":
            first.select_option(value)
        elif kind in ("radio", "checkbox"):
            root.locator(f"[name='{name}'][value='{value}']").check()
        else:
            first.fill(value)


def _walk(page, answers: dict, *, enhanced: bool, check=None) -> None:
    """Through the form page by page, answering, to the submission (with or without the form's script)."""
    for step in range(20):
        _answer(page, answers)
        if check:
            check(step)
        if page.locator(f"{SHOWN} button[value=submit]").count():
            if enhanced:
                page.locator(f"{SHOWN} button[value=submit]").click()
                page.wait_for_function("() => !document.querySelector('form.questionnaire')")
            else:
                with page.expect_navigation():
                    page.locator(f"{SHOWN} button[value=submit]").click()
            return
        if enhanced:
            before = page.locator("#step-label").inner_text()
            page.locator(f"{SHOWN} button[value=next]").click()
            page.wait_for_function(
                "(b) => document.getElementById('step-label').textContent !== b", arg=before
            )
        else:
            with page.expect_navigation() as nav:
                page.locator(f"{SHOWN} button[value=next]").click()
            assert nav.value.status == 200, nav.value.status
    raise AssertionError("the form did not end")


def test_editor_journey(browser, live_server, live_cli, shots, tmp_path):
    live_cli("user", "create", "--email", EMAIL, env={"SCANENGINE_PASSWORD": PASSWORD})
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    e = Editor(page, shots, live_server.url)
    page.goto(live_server.url + "/login")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()

    # -- from scratch: the general texts, the scale (suggested) and the first dimension --------------------------
    with page.expect_navigation():
        page.get_by_role("link", name="Vragenlijsten").first.click()
    e.check("list")
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe vragenlijst").click()
    e.check("new-start")
    with page.expect_navigation():
        page.get_by_role("button", name="Verder").click()
    e.check("new-page")
    e.fill(**{"p9-id": "regioscan"})
    _text(e, "p9-title", *EXPECTED["title"].values())
    _text(e, "p9-intro", *EXPECTED["intro"].values())
    _text(e, "p0-title", "Samenwerking", "")  # the English title forgotten
    _text(e, "p0-items-0-text", "We werken goed samen.", "We work well together.")
    _text(e, "p0-items-1-text", "Afspraken worden vaak niet nagekomen.", "Agreements are often not kept.")
    e.tick("p0-items-1-reverse")
    e.save(status=422)
    assert (
        e.errors() == ["Vul dit in."]
        and page.locator("#f-p0-title-en").get_attribute("aria-invalid") == "true"
    )
    assert page.locator("#ed-errors").evaluate("el => el === document.activeElement")
    e.check("new-refused")
    _text(e, "p0-title", "Samenwerking", "Cooperation")
    e.save()
    assert page.url.endswith(f"{B}/regioscan/") and "Vragenlijst regioscan gemaakt." in e.flashes()
    e.check("overview")

    # -- a background question, and the condition on the second statement ------------------------------------------
    e.go(f"{B}/regioscan/edit/background/new", "background-new")
    _text(e, "p0-text", "Wat is uw rol?", "What is your role?")
    e.tick("p0-breakdown")
    _text(e, "p0-options-0-label", "Raadslid", "Councillor")
    _text(e, "p0-options-1-label", "Ambtenaar", "Civil servant")
    e.save()
    e.check("background")
    e.go(f"{B}/regioscan/edit/dimensions/0", "dimension")
    e.tick("p0-items-1-show_if-rol", "raadslid")
    e.save()

    # -- sections with every kind ---------------------------------------------------------------------------------
    e.go(f"{B}/regioscan/edit/sections/new?kind=ranking", "section-new-ranking")
    _text(e, "p1-title", "Agenda", "Agenda")
    e.fill(**{"p0-id": "thema"})
    _text(e, "p0-text", "Welk thema eerst?", "Which theme first?")
    _text(e, "p0-options-0-label", "Wonen", "Housing")
    _text(e, "p0-options-1-label", "Mobiliteit", "Mobility")
    e.save()
    e.check("section")
    e.go(f"{B}/regioscan/edit/sections/0/questions/0", "question-ranking")
    _text(e, "p0-options-2-label", "Energie", "Energy")
    e.fill(**{"p0-top": "2"})
    e.save()
    e.go(f"{B}/regioscan/edit/sections/0/questions/new?kind=points", "question-new-points")
    _text(e, "p0-text", "Verdeel de punten.", "Spread the points.")
    _text(e, "p0-options-0-label", "Sturing", "Control")
    _text(e, "p0-options-1-label", "Kosten", "Cost")
    e.save()
    e.go(f"{B}/regioscan/edit/sections/0/questions/new?kind=matrix", "question-new-matrix")
    e.fill(**{"p0-id": "niveau"})
    _text(e, "p0-text", "Op welk niveau?", "At which level?")
    _text(e, "p0-rows-0-label", "Wonen", "Housing")
    _text(e, "p0-rows-1-label", "Mobiliteit", "Mobility")
    _text(e, "p0-columns-0-label", "Lokaal", "Local")
    _text(e, "p0-columns-1-label", "Regionaal", "Regional")
    e.tick("p0-dont_know")
    e.save()
    e.go(f"{B}/regioscan/edit/sections/new?kind=number", "section-new-number")
    _text(e, "p1-title", "Businesscase", "Business case")
    _text(e, "p0-text", "Besparing per jaar?", "Savings a year?")
    e.fill(**{"p0-max": "vijfduizend", "p0-decimals": "1"})
    _text(e, "p0-unit", "k€", "k€")
    e.tick("p0-dont_know")
    e.save(status=422)
    assert e.errors() == ["‘vijfduizend’ is geen getal."]
    e.check("number-refused")
    e.fill(**{"p0-max": "5000", "p0-typical": "150"})
    e.choose("p0-estimate_for", "group")
    e.save()
    e.go(f"{B}/regioscan/edit/sections/1/questions/new?kind=number", "question-new-number")
    _text(e, "p0-text", "Eenmalige kosten?", "One-off cost?")
    e.fill(**{"p0-max": "10000"})
    _text(e, "p0-unit", "k€", "k€")
    e.choose("p0-estimate_for", "group")
    e.save()
    e.go(f"{B}/regioscan/edit/sections/1/questions/new?kind=choice", "question-new-choice")
    _text(e, "p0-text", "Belangrijkste motief?", "Main motive?")
    _text(e, "p0-options-0-label", "Kwaliteit", "Quality")
    _text(e, "p0-options-1-label", "Kosten", "Cost")
    e.tick("p0-required")
    e.save()
    e.go(f"{B}/regioscan/edit/sections/1/questions/0", "question-number")
    e.go(f"{B}/regioscan/edit/sections/0/questions/1", "question-points")
    e.go(f"{B}/regioscan/edit/sections/0/questions/2", "question-matrix")
    e.go(f"{B}/regioscan/edit/sections/1/questions/2", "question-choice")

    # -- open questions, the scale page, the decision block ------------------------------------------------------
    e.go(f"{B}/regioscan/edit/open", "open")
    _text(e, "p0-open_questions-0-text", "Wat kan beter?", "What could be better?")
    e.save()
    e.go(f"{B}/regioscan/edit/scale", "scale")
    e.go(f"{B}/regioscan/edit/general", "general")
    e.go(f"{B}/regioscan/edit/decision", "decision-new")
    _text(e, "p0-title", "Welke vorm?", "Which form?")
    _text(e, "p0-alternatives-0-label", "Openbaar lichaam", "Public body")
    _text(e, "p0-alternatives-1-label", "Convenant", "Covenant")
    _text(e, "p0-criteria-0-label", "Sturing", "Control")
    _text(e, "p0-criteria-1-label", "Kosten", "Cost")
    e.choose("p0-weights", "verdeel_punten")
    for (i, j), score in {(0, 0): "5", (0, 1): "2", (1, 0): "2", (1, 1): "4"}.items():
        e.choose(f"p0-scores-{i}-{j}", score)
    e.save()
    e.choose("p0-knockouts-0-question", "belangrijkste_motief")
    e.save(status=422)  # the question's answers appear, to choose from
    e.tick("p0-knockouts-0-options", "kosten").tick("p0-knockouts-0-excludes", "openbaar_lichaam")
    e.save()
    e.check("decision")
    e.go(f"{B}/regioscan/edit/businesscase", "businesscase-new")
    e.choose("p0-yearly", "besparing_per_jaar").choose("p0-one_off", "eenmalige_kosten")
    e.fill(**{"p0-horizon_years": "4"})
    e.save()
    e.check("businesscase")

    # -- the editor made exactly this JSON ---------------------------------------------------------------------
    with Session(db.get_engine(live_server.database_url)) as s:
        made = library.load(s, "regioscan").document()
    assert definition.parse(made).sha256 == definition.parse(EXPECTED).sha256, json.dumps(made, indent=1)

    # -- a delete asks first (the script's dialog); leaving with unsaved changes warns -------------------------------
    e.go(f"{B}/regioscan/edit/sections/0/questions/0")
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("button[value='delete:p0-options:2']").click()
    assert asked == ["Dit onderdeel verwijderen?"] and page.locator("[name='p0-options-2-label-nl']").count()
    # the confirmation page a browser without the script gets (the dialog taken away here)
    page.evaluate(
        "() => document.querySelectorAll('[data-confirm]').forEach(b => b.removeAttribute('data-confirm'))"
    )
    with page.expect_navigation():
        page.locator("button[value='delete:p0-options:2']").click()
    assert "Wilt u Antwoord 3 ‘Energie’ verwijderen?" in page.locator("main").inner_text()
    e.check("delete-confirm")
    e.go(f"{B}/regioscan/remove/decision", "remove-decision-confirm")
    e.go(f"{B}/regioscan/edit/sections/0/questions/0")
    page.fill("[name='p0-text-nl']", "Welk thema eerst? (nog niet opgeslagen)")
    warned: list[str] = []

    def on_leave(dialog):
        warned.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", on_leave)
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert warned == ["beforeunload"]
    page = context.new_page()
    e.page = page
    e.go(f"{B}/regioscan/")

    # -- preview with JavaScript on a phone, in Dutch: the real form, nothing stored ---------------------------------
    before = _counts(live_server.database_url)
    phone = new_context(browser, PHONE)
    p = phone.new_page()
    for cookie in context.cookies():
        phone.add_cookies([cookie])
    assert p.goto(f"{live_server.url}{B}/regioscan/preview").status == 200
    p.wait_for_function("() => !!document.querySelector('form.questionnaire.enhanced')")
    preview = Editor(p, shots, live_server.url)
    preview.check("preview-js-phone")
    _walk(
        p,
        ANSWERS[0],
        enhanced=True,
        check=lambda step: preview.check(f"preview-js-{step}") if step in (1, 4) else None,
    )
    assert "Zo ver komt een deelnemer" in p.content()
    preview.check("preview-done")
    assert (
        p.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('scanengine-form-')).length")
        == 0
    )
    phone.close()

    # -- a preview link for a colleague: no account, no JavaScript, in English --------------------------------------
    with page.expect_navigation():
        page.get_by_role("button", name="Voorbeeldlink maken").click()
    link = page.locator("code.preview-link").inner_text()
    e.check("preview-link-made")
    seen = new_context(
        browser, PHONE
    )  # axe needs the page's script engine: checked with it, then walked without
    s_page = seen.new_page()
    assert s_page.goto(link + "?lang=en").status == 200
    Editor(s_page, shots, live_server.url).check("preview-link-en")
    seen.close()
    colleague = new_context(browser, PHONE, java_script_enabled=False)
    c = colleague.new_page()
    assert c.goto(link + "?lang=en").status == 200
    layout.assert_fits_phone(c, "preview link without JavaScript")
    shots.take(c, "preview-link-nojs-en")
    assert "Preview of Regional scan Rivierenland: answers are not stored." in c.content()
    _walk(c, ANSWERS[1], enhanced=False)
    assert "Preview done" in c.content()
    assert (
        c.goto(live_server.url + "/dashboard/").url.endswith("/login?next=/dashboard/") or "/login" in c.url
    )
    colleague.close()
    assert _counts(live_server.database_url) == {
        **before,
        "preview_link": before["preview_link"] + 1,
        "audit_log": before["audit_log"] + 1,
    }

    # -- export -> import -> export: the same bytes, through the page and the CLI -------------------------------------
    with page.expect_download() as dl:
        page.get_by_role("link", name="Exporteren (JSON)").first.click()
    exported = tmp_path / "regioscan.json"
    dl.value.save_as(exported)
    assert live_cli("questionnaire", "export", "regioscan").stdout_bytes == exported.read_bytes()
    assert "regioscan version 1: unchanged" in live_cli("questionnaire", "import", exported).output
    assert live_cli("questionnaire", "export", "regioscan").stdout_bytes == exported.read_bytes()

    # -- a round of the edited definition (the create page) and one the CLI makes of the same JSON -------------------
    # -- a file with problems: on the list page and on the create-round page, in the page's language ------------------
    broken = json.loads(exported.read_text())
    broken["dimensions"][0]["items"][1]["id"] = "samenwerking_1"
    (tmp_path / "kapot.json").write_text(json.dumps(broken), encoding="utf-8")
    e.go(f"{B}/")
    page.locator("#import-file").set_input_files(str(tmp_path / "kapot.json"))
    with page.expect_navigation():
        page.get_by_role("button", name="Inlezen").click()
    refused = page.locator("#import-errors").inner_text()
    assert "De korte naam ‘samenwerking_1’ is al in gebruik bij dimensie 1 ‘Samenwerking’" in refused
    e.check("import-refused")
    e.go("/dashboard/rounds/new")
    page.locator("input[name=source][value=_upload]").check()
    page.locator("#upload").set_input_files(str(tmp_path / "kapot.json"))
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde aanmaken").click()  # the name is missing too
    assert "stelling samenwerking_1 › korte naam" in page.locator("#upload-errors").inner_text()
    e.check("round-create-refused")

    # -- a round of the edited definition (the create page) and one the CLI makes of the same JSON -------------------
    e.go("/dashboard/rounds/new", "round-create")
    assert not page.locator("input[name=source]:checked").count()  # nothing chosen beforehand
    page.locator("input[name=source][value=regioscan]").check()
    page.get_by_label("Naam").fill("Regioscan 2026")
    page.get_by_label("Samenwerkingsverband").fill("Regio Rivierenland")
    page.get_by_label("Uitnodigingsgroepen").fill("Gemeente Noord")
    page.locator("#min_group_size").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Ronde aanmaken").click()
    edited_round = page.url.rsplit("/", 1)[-1]
    cli_file = tmp_path / "expected.json"
    cli_file.write_text(json.dumps(EXPECTED), encoding="utf-8")
    out = live_cli(
        "round",
        "create",
        "--questionnaire",
        cli_file,
        "--name",
        "Uit de CLI",
        "--cooperation",
        "Regio West",
        "--group",
        "Gemeente Noord",
        "--min-group-size",
        "3",
    )
    cli_round = out.output.strip().splitlines()[-1]
    exports = {}
    for rid in (edited_round, cli_round):
        links_csv = tmp_path / f"links-{rid}.csv"
        live_cli("links", rid, "--group", "Gemeente Noord", "--count", "3", "--csv", links_csv)
        live_cli("round", "open", rid)
        links = [line.split(",", 1)[1] for line in links_csv.read_text().splitlines()[1:]]
        for n, (answers, link) in enumerate(zip(ANSWERS, links, strict=True)):
            ctx = new_context(browser, PHONE if n == 1 else DESKTOP, java_script_enabled=n != 1)
            participant = ctx.new_page()
            assert participant.goto(link).status == 200
            _walk(participant, answers, enhanced=n != 1)
            assert "Bedankt" in participant.content()
            ctx.close()
    # -- editing the definition while the round uses it: version 2, the round keeps version 1 -------------------------
    with Session(db.get_engine(live_server.database_url)) as s:
        pinned = s.get(Round, int(edited_round)).definition
    e.go(f"{B}/regioscan/edit/dimensions/0")
    _text(e, "p0-items-0-text", "We werken echt goed samen.", "We really work well together.")
    e.save()
    assert "Opgeslagen als versie 2" in e.flashes()
    e.go(f"{B}/regioscan/", "overview-in-use")
    assert "stelling samenwerking_1: tekst gewijzigd" in page.locator("main").inner_text()
    with Session(db.get_engine(live_server.database_url)) as s:
        assert s.get(Round, int(edited_round)).definition == pinned
        assert [v.number for v in library.versions(s, "regioscan")] == [1, 2]
    for rid in (edited_round, cli_round):
        live_cli("round", "close", rid)
    for rid in (edited_round, cli_round):  # closed both: each is the other's benchmark, alike
        exports[rid] = json.loads(live_cli("export", rid, "--format", "json").output)
    a, b = (dict(exports[r]) for r in (edited_round, cli_round))
    for x in (a, b):
        x.pop("round")
    assert a == b and a["n"] == 3 and a["questions"] and a["decision"]

    # -- the copy and delete pages ------------------------------------------------------------------------------------
    e.go(f"{B}/regioscan/copy", "copy")
    e.go(f"{B}/regioscan/delete", "delete")
    expected_pages = {
        "list",
        "new-start",
        "new-page",
        "new-refused",
        "overview",
        "background-new",
        "background",
        "dimension",
        "section-new-ranking",
        "section",
        "question-ranking",
        "question-new-points",
        "section-new-number",
        "number-refused",
        "question-new-choice",
        "question-number",
        "question-points",
        "question-choice",
        "open",
        "scale",
        "general",
        "decision-new",
        "decision",
        "copy",
        "delete",
        "delete-confirm",
        "remove-decision-confirm",
        "import-refused",
        "round-create-refused",
    }
    assert expected_pages <= e.checked
    context.close()
