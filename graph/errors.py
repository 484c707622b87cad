"""Errors a user can cause; the CLI turns each into one ``Error:`` line and exit 1.

>>> issubclass(NotesNotFound, NotekgError)
True
"""

__all__ = [
    "NotekgError",
    "NotesNotFound",
    "BadNotes",
    "OutputNotWritable",
    "BadQuery",
    "UnknownName",
    "BadVocabulary",
    "BadCues",
    "QueryTimeout",
    "StoreError",
]


class NotekgError(Exception):
    """Something the user can fix: the message says what and where."""


class NotesNotFound(NotekgError):
    """A notes path does not exist or holds no markdown."""


class BadNotes(NotekgError):
    """A notes file cannot be read as markdown text (empty, binary, not UTF-8)."""


class OutputNotWritable(NotekgError):
    """An output file or folder cannot be written."""


class BadQuery(NotekgError):
    """A SPARQL query is malformed, refers to an unknown query name, or tries to update."""


class UnknownName(NotekgError):
    """A name given on the command line matches no node of the graph."""


class BadVocabulary(NotekgError):
    """A lexicon or vocabulary file cannot be parsed."""


class QueryTimeout(BadQuery):
    """A query ran longer than its time limit and was stopped (or a store did not answer in time)."""


class StoreError(NotekgError):
    """A SPARQL store cannot be reached, or refuses a request or the data sent to it."""


class BadCues(NotekgError):
    """The relation cue file cannot be read, or a cue in it is malformed (a bad pattern, an unknown confidence)."""
