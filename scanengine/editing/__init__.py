"""The questionnaire editor's domain: a definition's parts as forms, and back (docs/architecture.md,
"Questionnaire editor").

* :mod:`~scanengine.editing.fields`: how a node of the document becomes form inputs and how posted values become
  the node again; :mod:`~scanengine.editing.parts`: every part of a definition as such a node, one editor per
  question kind (registered by the kind's name).
* :mod:`~scanengine.editing.pages`: which parts each page edits, and the reading of a posted page into the next
  document; :mod:`~scanengine.editing.refs`: what follows from a changed id or language; :mod:`~scanengine.
  editing.ids`: short names made from texts.
* :mod:`~scanengine.editing.places`: a JSON path in words; :mod:`~scanengine.editing.changes`: what changed
  between two versions, in words.

The definition stays the one source of truth: a page's result is saved only when ``definition.parse`` (the
validator of ``scanengine validate``) accepts it. Nothing here imports Flask.
"""
