"""Test helpers for the questionnaire editor: read a page's form as a browser would submit it, change fields by
their label or name, and press one of its buttons."""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _Form(HTMLParser):
    """The controls of the first ``<form class="...ed-form...">`` (or of the form posting to ``action``)."""

    def __init__(self, action: str | None):
        super().__init__(convert_charrefs=True)
        self.want = action
        self.inside = False
        self.done = False
        self.action = ""
        self.fields: list[list] = []  # [name, value, kind, checked]
        self.labels: dict[str, str] = {}  # input id -> label text
        self.ids: dict[str, str] = {}  # input id -> name
        self.buttons: list[tuple[str, str, str]] = []  # (name, value, text)
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: list | None = None
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and not self.inside:
            classes = (a.get("class") or "").split()
            if (self.want is None and "ed-form" in classes) or (
                self.want is not None and a.get("action") == self.want
            ):
                self.inside, self.action = True, a.get("action") or ""
            return
        if not self.inside:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if a.get("name"):
                self.fields.append([a["name"], a.get("value", ""), kind, "checked" in a])
                if a.get("id"):
                    self.ids[a["id"]] = a["name"]
        elif tag == "textarea":
            self._textarea = [a.get("name"), []]
            if a.get("id"):
                self.ids[a["id"]] = a.get("name")
        elif tag == "select":
            self._select, self._options = a.get("name"), []
            if a.get("id"):
                self.ids[a["id"]] = a.get("name")
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "label":
            self._label_for, self._label_text = a.get("for"), []
        elif tag == "button":
            self._button = [a.get("name", ""), a.get("value", ""), []]

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside, self.done = False, True
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append([self._textarea[0], "".join(self._textarea[1]).lstrip("\n"), "textarea", True])
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, sel in self._options if sel] or [v for v, _ in self._options[:1]]
            self.fields.append([self._select, chosen[0] if chosen else "", "select", True])
            self._select = None
        elif tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag == "button" and self._button is not None:
            self.buttons.append(
                (self._button[0], self._button[1], " ".join("".join(self._button[2]).split()))
            )
            self._button = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._label_for is not None:
            self._label_text.append(data)
        if self._button is not None:
            self._button[2].append(data)


class PageForm:
    """A page's form as a browser holds it: set values, then :meth:`data` for the POST with one button."""

    def __init__(self, html: str, action: str | None = None):
        parser = _Form(action)
        parser.feed(html)
        assert parser.done, "no editor form on the page"
        self.action = parser.action
        self.fields = parser.fields
        self.labels = parser.labels
        self.ids = parser.ids
        self.buttons = parser.buttons

    def names(self) -> list[str]:
        return [f[0] for f in self.fields]

    def set(self, name: str, value: str) -> PageForm:
        found = [f for f in self.fields if f[0] == name and f[2] not in ("checkbox", "radio")]
        assert found, f"no field {name!r}; fields: {self.names()}"
        found[0][1] = value
        return self

    def check(self, name: str, value: str = "y", on: bool = True) -> PageForm:
        found = [f for f in self.fields if f[0] == name and f[2] in ("checkbox", "radio") and f[1] == value]
        assert found, f"no check box {name!r}={value!r}; fields: {self.names()}"
        for f in self.fields:
            if f[0] == name and f[2] == "radio":
                f[3] = False
        found[0][3] = on
        return self

    def by_label(self, label: str) -> str:
        """The name of the control whose label is exactly ``label``."""
        for ident, text in self.labels.items():
            if text == label and ident in self.ids:
                return self.ids[ident]
        raise AssertionError(f"no control labelled {label!r}; labels: {sorted(set(self.labels.values()))}")

    def data(self, button: str | None = "save", **extra: str) -> MultiDict:
        out = MultiDict()
        for name, value, kind, checked in self.fields:
            if kind in ("checkbox", "radio") and not checked:
                continue
            if kind in ("submit", "button"):
                continue
            out.add(name, value)
        if button is not None:
            out["action"] = button
        for k, v in extra.items():
            out[k] = v
        return out


def page_form(client, path: str, action: str | None = None) -> PageForm:
    resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code)
    return PageForm(resp.get_data(as_text=True), action)


def submit(client, path: str, form: PageForm, button: str = "save", **extra):
    return client.post(path, data=form.data(button, **extra))
