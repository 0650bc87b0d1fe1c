"""Every part of a definition as the editor shows it, and one editor per question kind, registered by the kind's
name (as ``web/fields.py`` registers a form field and ``report/blocks`` a report block).

A kind's editor is a :class:`~scanengine.editing.fields.Node`: its fields in order. Adding a kind (or a key to
one) is a node registered here with :func:`editor_for` and its labels in ``texts/editor.py``; the pages, the
form, the placing of the validator's problems and the list of changes need nothing else. The document's other
parts (the general texts, the scale, the dimensions, the sections, the open questions, the decision block) are
nodes of the same shape below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scanengine import kinds
from scanengine.businesscase import ESTIMATE_KIND
from scanengine.decision import KNOCKOUT_KIND, MAX_SCORE, MIN_SCORE, WEIGHTS_KIND
from scanengine.editing import paths
from scanengine.editing.fields import (
    BoolField,
    ChecksField,
    Children,
    Choices,
    Context,
    Field,
    FieldView,
    IdField,
    Input,
    IntField,
    Node,
    NumberField,
    Rows,
    SelectField,
    ShowIfField,
    TableView,
    TextField,
    caption,
)
from scanengine.editing.paths import Path
from scanengine.editing.refs import ALTERNATIVE as ALTERNATIVE_ID
from scanengine.editing.refs import BACKGROUND_OPTION, BACKGROUND_QUESTION, QUESTION, QUESTION_OPTION
from scanengine.editing.refs import CRITERION as CRITERION_ID
from scanengine.texts import Note, t

EDITORS: dict[str, Node] = {}


def editor_for(kind: str, node: Node) -> Node:
    """Register the editor of the question kind ``kind`` (one place per kind; twice is an error)."""
    if kind in EDITORS:
        raise ValueError(f"an editor for kind {kind!r} is registered twice")
    EDITORS[kind] = node
    return node


def editor(kind: str) -> Node:
    return EDITORS[kind]


def section_kinds() -> list[str]:
    """The kinds a section can ask that have an editor, in the registry's order of the kinds."""
    return [k.name for k in kinds.all() if k.in_sections and k.name in EDITORS]


# -- what several kinds share ------------------------------------------------------------------------------------

OPTION = Node("option", (IdField(base="label"), TextField("label", "ed_field_option_label")), caption="label")
QUESTION_TEXT = TextField("text", "ed_field_question_text", multiline=True)
REQUIRED = BoolField("required", "ed_field_required", "ed_field_required_hint")
SHOW_IF = ShowIfField()


def options(refs: str = QUESTION_OPTION, blank: int = 2) -> Rows:
    return Rows("options", OPTION, "ed_options", "ed_option_n", "ed_options_hint", blank=blank, refs=refs)


def kind_defaults(kind: str, **values: Any):
    def defaults(ctx: Context) -> dict:
        return {"kind": kind, **values}

    return defaults


# -- the kinds ---------------------------------------------------------------------------------------------------

editor_for(
    "statement",
    Node(
        "statement",
        (
            IdField(numbered=True),
            TextField("text", "ed_field_statement_text", multiline=True),
            BoolField("reverse", "ed_field_reverse", "ed_field_reverse_hint"),
            SHOW_IF,
        ),
    ),
)
editor_for(
    "background",
    Node(
        "background",
        (
            IdField(refs=BACKGROUND_QUESTION),
            TextField("text", "ed_field_question_text", multiline=True),
            BoolField("breakdown", "ed_field_breakdown", "ed_field_breakdown_hint"),
            options(refs=BACKGROUND_OPTION),
        ),
    ),
)
editor_for(
    "open",
    Node(
        "open",
        (
            IdField(),
            TextField("text", "ed_field_question_text", multiline=True),
            IntField("max_length", "ed_field_max_length", "ed_field_max_length_hint", optional=True),
        ),
    ),
)
editor_for(
    "ranking",
    Node(
        "ranking",
        (
            IdField(refs=QUESTION),
            QUESTION_TEXT,
            options(),
            IntField("top", "ed_field_top", "ed_field_top_hint", optional=True),
            REQUIRED,
            SHOW_IF,
        ),
        defaults=kind_defaults("ranking"),
    ),
)
editor_for(
    "points",
    Node(
        "points",
        (
            IdField(refs=QUESTION),
            QUESTION_TEXT,
            options(),
            IntField("total", "ed_field_total", "ed_field_total_hint"),
            REQUIRED,
            SHOW_IF,
        ),
        defaults=kind_defaults("points", total=100),
    ),
)
editor_for(
    "number",
    Node(
        "number",
        (
            IdField(refs=QUESTION),
            QUESTION_TEXT,
            NumberField("min", "ed_field_min"),
            NumberField("max", "ed_field_max"),
            IntField("decimals", "ed_field_decimals", "ed_field_decimals_hint", optional=True),
            TextField("unit", "ed_field_unit", "ed_field_unit_hint", optional=True),
            BoolField("dont_know", "ed_field_dont_know_offer"),
            SelectField(
                "estimate_for",
                "ed_field_estimate_for",
                lambda ctx, node: [("group", Note("ed_estimate_group"))],
                "ed_field_estimate_for_hint",
                optional=True,
            ),
            NumberField("typical", "ed_field_typical", "ed_field_typical_hint", optional=True),
            REQUIRED,
            SHOW_IF,
        ),
        defaults=kind_defaults("number", min=0, max=100),
    ),
)
editor_for(
    "choice",
    Node(
        "choice",
        (
            IdField(refs=QUESTION),
            QUESTION_TEXT,
            options(),
            IntField("max_choices", "ed_field_max_choices", "ed_field_max_choices_hint", optional=True),
            BoolField("dont_know", "ed_field_dont_know_offer"),
            REQUIRED,
            SHOW_IF,
        ),
        defaults=kind_defaults("choice"),
    ),
)


editor_for(
    "matrix",
    Node(
        "matrix",
        (
            IdField(refs=QUESTION),
            QUESTION_TEXT,
            Rows("rows", OPTION, "ed_matrix_rows", "ed_matrix_row_n", "ed_matrix_rows_hint", blank=2),
            Rows(
                "columns",
                OPTION,
                "ed_matrix_columns",
                "ed_matrix_column_n",
                "ed_matrix_columns_hint",
                blank=2,
            ),
            BoolField("dont_know", "ed_field_dont_know_offer"),
            REQUIRED,
            SHOW_IF,
        ),
        defaults=kind_defaults("matrix"),
    ),
)


# -- the general part: title, intro, languages ---------------------------------------------------------------------


class LanguagesField(Field):
    """Whether the definition is also in English (Dutch always). Switched on, every text starts as a copy of its
    Dutch text (to translate); switched off, the English texts go (``scanengine.editing.pages``)."""

    widget = "checkbox"

    def __init__(self) -> None:
        super().__init__("languages", "ed_field_english", "ed_field_english_hint")

    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> FieldView:
        inp = Input(f"{prefix}english", "", "checkbox", Note(self.label), "en" in ctx.languages)
        return FieldView("", Note(self.label), [inp], Note(self.hint) if self.hint else None)

    def empty(self, prefix, posted) -> bool:
        return True

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        out.languages = ["nl", "en"] if posted.get(f"{prefix}english") else ["nl"]


TITLE = TextField("title", "ed_field_title")
INTRO = TextField("intro", "ed_field_intro", "ed_field_intro_hint", optional=True, multiline=True)
VERSION = Field("version", "ed_field_version", "ed_field_version_hint")

GENERAL = Node("general", (TITLE, INTRO, VERSION, LanguagesField()), caption="title")
NEW_DEFINITION = Node(
    "new",
    (IdField(base="title"), TITLE, INTRO, VERSION, LanguagesField()),
    caption="title",
    defaults=lambda ctx: {"version": "1.0"},
)


# -- the scale and the bands ----------------------------------------------------------------------------------------


class ScaleLabels(Rows):
    """The scale's points, one row per point with its label in each language: the number of rows is the number
    of points, so labels and points cannot disagree."""

    def __init__(self) -> None:
        row = Node("point", (TextField("label", "ed_field_point_label"),), caption="label")
        super().__init__("labels", row, "ed_scale_points", "ed_point_n", "ed_scale_points_hint")

    def items(self, node: dict) -> list[dict]:
        labels = node.get("labels") or {}
        count = max((len(v) for v in labels.values() if isinstance(v, list)), default=0)
        return [
            {"label": {lang: (v[i] if i < len(v) else "") for lang, v in labels.items()}}
            for i in range(count)
        ]

    def store(self, node: dict, items: list[dict]) -> None:
        langs = sorted({lang for item in items for lang in item.get("label", {})})
        node["labels"] = {lang: [item["label"].get(lang, "") for item in items] for lang in langs}
        node["points"] = len(items)

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        super().read(ctx, prefix, path, posted, old, new, out)
        for i, item in enumerate(self.items(new)):  # the validator does not look into the labels themselves
            for lang, label in item["label"].items():
                if not label:
                    out.refuse((*path, "labels", i, "label", lang), "def_empty")


def default_scale(ctx: Context) -> dict:
    """A scale to start from: five points from "strongly disagree" to "strongly agree", with "don't know"."""
    langs = ctx.languages
    labels = {lang: [t(lang, f"ed_default_point_{i}") for i in range(1, 6)] for lang in langs}
    return {
        "points": 5,
        "labels": labels,
        "dont_know": {lang: t(lang, "ed_default_dont_know") for lang in langs},
    }


def default_bands(ctx: Context) -> list[dict]:
    """Three verdicts on the scale above: strength from 4, attention from 3, concern from 1."""
    return [
        {"min": low, "label": {lang: t(lang, f"ed_default_band_{name}") for lang in ctx.languages}}
        for low, name in ((4, "strong"), (3, "attention"), (1, "concern"))
    ]


def sort_bands(doc: dict, path: Path) -> None:
    """Bands run from the highest lower bound down: the editor puts them in that order itself."""
    bands = doc.get("bands")
    if isinstance(bands, list) and all(isinstance(b.get("min"), int | float) for b in bands):
        bands.sort(key=lambda b: -b["min"])


SCALE = Node(
    "scale",
    (ScaleLabels(), TextField("dont_know", "ed_field_dont_know", "ed_field_dont_know_hint", optional=True)),
    caption="",
    defaults=default_scale,
)
BAND = Node(
    "band",
    (NumberField("min", "ed_field_band_min"), TextField("label", "ed_field_band_label")),
    caption="label",
)
BANDS = Node(
    "bands",
    (Rows("bands", BAND, "ed_bands", "ed_band_n", "ed_bands_hint", movable=False),),
    caption="",
    defaults=lambda ctx: {"bands": default_bands(ctx)},
    finish=sort_bands,
)


# -- dimensions, sections, open questions ---------------------------------------------------------------------------

TITLE_OF = TextField("title", "ed_field_part_title")
DESCRIPTION = TextField(
    "description", "ed_field_description", "ed_field_description_hint", optional=True, multiline=True
)

DIMENSION = Node(
    "dimension",
    (
        IdField(base="title"),
        TITLE_OF,
        DESCRIPTION,
        Rows("items", editor("statement"), "ed_statements", "ed_statement_n", "ed_statements_hint", blank=3),
    ),
    caption="title",
)


def kind_label(node: dict) -> Note | None:
    return Note(f"ed_kind_{node.get('kind')}") if node.get("kind") else None


def question_adds(ctx: Context, path: Path) -> list[tuple[str, Note]]:
    return [(f"sections/{path[1]}/questions/new?kind={k}", Note(f"ed_kind_{k}")) for k in section_kinds()]


SECTION = Node(
    "section",
    (
        IdField(base="title"),
        TITLE_OF,
        DESCRIPTION,
        Children(
            "questions",
            "ed_questions",
            "ed_question_n",
            part=lambda p: f"sections/{p[1]}/questions/{p[3]}",
            adds=question_adds,
            kind=kind_label,
        ),
    ),
    caption="title",
)
SECTION_HEAD = Node("section", (IdField(base="title"), TITLE_OF, DESCRIPTION), caption="title")

OPEN_QUESTIONS = Node(
    "open_questions",
    (Rows("open_questions", editor("open"), "ed_open_questions", "ed_open_n", "ed_open_hint"),),
    caption="",
)


# -- the decision block ------------------------------------------------------------------------------------------


def has_weights_question(doc: dict) -> bool:
    """Whether the definition has a question that could weigh a decision's criteria."""
    return bool(_questions_of_kind(doc, WEIGHTS_KIND))


def _questions_of_kind(doc: dict, kind: str) -> Choices:
    return [
        (q["id"], q.get("text") or {})
        for s in doc.get("sections", [])
        for q in s.get("questions", [])
        if q.get("kind") == kind and q.get("id")
    ]


def _question(doc: dict, qid: str) -> dict | None:
    return next(
        (q for s in doc.get("sections", []) for q in s.get("questions", []) if q.get("id") == qid), None
    )


def _knockout_options(ctx: Context, node: dict) -> Choices:
    question = _question(ctx.doc, node.get("question", ""))
    return [(o["id"], o.get("label") or {}) for o in (question or {}).get("options", []) if o.get("id")]


def _alternatives(ctx: Context, node: dict) -> Choices:
    decision = ctx.doc.get("decision") or {}
    return [(a["id"], a.get("label") or {}) for a in decision.get("alternatives", []) if a.get("id")]


class Scores(Field):
    """The expert scores, a table of alternatives x criteria with a select 1..5 per cell; its rows and columns
    are the rows of the alternatives and criteria lists on the same page (a new one can be scored at once)."""

    widget = "table"
    wide = True

    def __init__(self) -> None:
        super().__init__("scores", "ed_field_scores", "ed_field_scores_hint")

    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> TableView:
        alternatives = list(node.get("alternatives") or []) + [{}] * ALTERNATIVES.blank
        criteria = list(node.get("criteria") or []) + [{}] * CRITERIA.blank
        scores = node.get("scores") or {}
        choices: Choices = [("", Note("ed_score_none"))] + [
            (str(v), str(v)) for v in range(MIN_SCORE, MAX_SCORE + 1)
        ]
        rows = []
        for i, alt in enumerate(alternatives):
            row = scores.get(alt.get("id"), {}) if alt.get("id") else {}
            cells = [
                Input(
                    f"{prefix}scores-{i}-{j}",
                    paths.text((*path, "scores", alt.get("id") or f"#{i}", crit.get("id") or f"#{j}")),
                    "select",
                    Note("ed_score_cell", {"alternative": _name(alt, i), "criterion": _name(crit, j)}),
                    str(row.get(crit.get("id"), "")) if crit.get("id") else "",
                    choices,
                )
                for j, crit in enumerate(criteria)
            ]
            rows.append((_name(alt, i), cells))
        return TableView(
            paths.text((*path, "scores")),
            Note(self.label),
            [_name(c, j) for j, c in enumerate(criteria)],
            rows,
            Note(self.hint) if self.hint else None,
        )

    def empty(self, prefix, posted) -> bool:
        return True

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        alternatives = out.rows.get(f"{prefix}alternatives", [])
        criteria = out.rows.get(f"{prefix}criteria", [])
        cells: list[tuple[dict, dict, str]] = [
            (alt, crit, (posted.get(f"{prefix}scores-{i}-{j}") or "").strip())
            for i, alt in alternatives
            for j, crit in criteria
        ]

        def resolve() -> None:  # keyed by ids, which a new row has once the page's ids are given
            scores: dict[str, dict[str, int]] = {}
            for alt, crit, raw in cells:
                row = scores.setdefault(alt["id"], {})
                if raw.isdigit():
                    row[crit["id"]] = int(raw)
            new["scores"] = scores

        out.after.append(resolve)


def _name(node: dict, i: int) -> Any:
    return caption(node, "label") or Note("ed_new_entry", {"n": i + 1})


def sync_weights(doc: dict, path: Path) -> None:
    """The weights question's answers are the criteria: the editor keeps them so (ids and labels), once there
    are criteria enough to weigh (fewer: the criteria's own problem is shown, the question is left alone)."""
    decision = doc.get("decision")
    if not isinstance(decision, dict) or len(decision.get("criteria", [])) < 2:
        return
    question = _question(doc, decision.get("weights", ""))
    if question is not None and question.get("kind") == WEIGHTS_KIND:
        question["options"] = [
            {"id": c.get("id", ""), "label": dict(c.get("label") or {})} for c in decision.get("criteria", [])
        ]


def _labelled(name: str, label: str) -> Node:
    """An alternative or a criterion: an id, a label and an optional description."""
    return Node(
        name,
        (
            IdField(base="label"),
            TextField("label", label),
            TextField("description", "ed_field_description", optional=True, multiline=True),
        ),
        caption="label",
    )


ALTERNATIVE = _labelled("alternative", "ed_field_alternative_label")
CRITERION = _labelled("criterion", "ed_field_criterion_label")
KNOCKOUT = Node(
    "knockout",
    (
        SelectField(
            "question",
            "ed_field_knockout_question",
            lambda ctx, node: _questions_of_kind(ctx.doc, KNOCKOUT_KIND),
        ),
        ChecksField(
            "options", "ed_field_knockout_options", _knockout_options, "ed_field_knockout_options_hint"
        ),
        ChecksField("excludes", "ed_field_knockout_excludes", _alternatives),
    ),
    caption="question",
)
ALTERNATIVES = Rows(
    "alternatives", ALTERNATIVE, "ed_alternatives", "ed_alternative_n", blank=2, refs=ALTERNATIVE_ID
)
CRITERIA = Rows(
    "criteria", CRITERION, "ed_criteria", "ed_criterion_n", "ed_criteria_hint", blank=2, refs=CRITERION_ID
)
DECISION = Node(
    "decision",
    (
        TextField("title", "ed_field_part_title"),
        TextField("intro", "ed_field_intro", optional=True, multiline=True),
        ALTERNATIVES,
        CRITERIA,
        SelectField(
            "weights",
            "ed_field_weights",
            lambda ctx, node: _questions_of_kind(ctx.doc, WEIGHTS_KIND),
            "ed_field_weights_hint",
        ),
        Scores(),
        Rows("knockouts", KNOCKOUT, "ed_knockouts", "ed_knockout_n", "ed_knockouts_hint"),
        TextField("sources", "ed_field_sources", "ed_field_sources_hint", optional=True, multiline=True),
    ),
    caption="title",
    defaults=lambda ctx: {"scores": {}},
    finish=sync_weights,
)


# -- the whole definition: the lists whose elements have their own page ---------------------------------------------


def _part(name: str):
    return lambda p: f"{name}/{p[1]}"


ROOT = Node(
    "root",
    (
        Children(
            "background",
            "ed_background_questions",
            "ed_background_n",
            part=_part("background"),
            adds=lambda ctx, path: [("background/new", Note("ed_add_background"))],
        ),
        Children(
            "dimensions",
            "ed_dimensions",
            "ed_dimension_n",
            part=_part("dimensions"),
            adds=lambda ctx, path: [("dimensions/new", Note("ed_add_dimension"))],
            caption_key="title",
        ),
        Children(
            "sections",
            "ed_sections",
            "ed_section_n",
            part=_part("sections"),
            adds=lambda ctx, path: [
                (f"sections/new?kind={k}", Note(f"ed_kind_{k}")) for k in section_kinds()
            ],
            caption_key="title",
        ),
    ),
    caption="title",
)


# -- the blocks a definition may carry, each on its own page ---------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A top-level block of a definition that has its own page and may be left out (the decision aid): its
    document key, its node, the texts of its page and its links, and whether the definition has what it needs."""

    key: str
    node: Node
    title: str  #: its page's title
    noun: str  #: what it is called in a sentence ("de keuzehulp")
    add: str
    remove: str
    needs: str  #: what to do first when :attr:`possible` says no
    possible: Callable[[dict], bool]


BLOCKS: dict[str, Block] = {}


def block(b: Block) -> Block:
    """Register a block (one place each; a key twice is an error)."""
    if b.key in BLOCKS:
        raise ValueError(f"a block {b.key!r} is registered twice")
    BLOCKS[b.key] = b
    return b


block(
    Block(
        "decision",
        DECISION,
        "ed_page_decision",
        "ed_at_decision",
        "ed_part_decision_add",
        "ed_remove_decision",
        "ed_part_decision_none",
        has_weights_question,
    )
)


def _estimates(ctx: Context, node: dict) -> Choices:
    """The number questions estimated per organisation: what a business case can name."""
    return [
        (qid, text) for qid, text in _questions_of_kind(ctx.doc, ESTIMATE_KIND) if _estimated(ctx.doc, qid)
    ]


def _estimated(doc: dict, qid: str) -> bool:
    return (_question(doc, qid) or {}).get("estimate_for") == "group"


BUSINESSCASE = Node(
    "businesscase",
    (
        SelectField("yearly", "ed_field_bc_yearly", _estimates, "ed_field_bc_hint"),
        SelectField("one_off", "ed_field_bc_one_off", _estimates),
        IntField("horizon_years", "ed_field_bc_horizon", "ed_field_bc_horizon_hint", optional=True),
    ),
    caption="",
)
block(
    Block(
        "businesscase",
        BUSINESSCASE,
        "ed_page_businesscase",
        "ed_at_businesscase",
        "ed_part_businesscase_add",
        "ed_remove_businesscase",
        "ed_part_businesscase_none",
        lambda doc: len(_estimates(Context(doc, []), {})) >= 2,
    )
)


REPORT = Node(
    "report",
    (
        TextField("subtitle", "ed_field_report_subtitle", "ed_field_report_subtitle_hint", optional=True),
        TextField(
            "summary_intro",
            "ed_field_report_intro",
            "ed_field_report_intro_hint",
            optional=True,
            multiline=True,
        ),
    ),
    caption="",
)
block(
    Block(
        "report",
        REPORT,
        "ed_page_report",
        "ed_at_report",
        "ed_part_report_add",
        "ed_remove_report",
        "ed_part_report_none",
        lambda doc: True,
    )
)
