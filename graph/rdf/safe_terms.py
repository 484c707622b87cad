"""RDF terms made from notes are always valid: IRIs that every writer accepts, text that encodes.

Notes hold anything: a link with a DEL or a private-use character, ``http://a:b:c/``, a file
name that is not UTF-8. The model never hands such a string to a writer as it is:

* :func:`url_term` percent-encodes what an IRI cannot hold; a link that still is no IRI stays a
  plain string (a literal);
* :func:`text` makes text encodable (bytes of a non-UTF-8 file name become U+FFFD);
* :func:`check_base` refuses a ``--base`` that would make invalid IRIs, before any work.

Validity is judged by Oxigraph's IRI parser, the one the Turtle writer and the query store use.

>>> url_term("https://example.org/a b")
rdflib.term.URIRef('https://example.org/a%20b')
>>> url_term("http://a/\\x7f")
rdflib.term.URIRef('http://a/%7F')
>>> url_term("http://a:b:c/")
rdflib.term.Literal('http://a:b:c/')
>>> text("caf\\udce9.md")
'caf\\ufffd.md'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.errors import NotekgError
from graph.rdf_input import is_iri

if TYPE_CHECKING:
    from rdflib import Literal, URIRef

# rdflib (0.1 s to import) is loaded only by the functions that make its terms: a build makes
# N-Triples text with url_iri and text, and checks --base, without it.

__all__ = ["url_term", "url_iri", "text", "safe_literal", "check_base", "BadBase"]


class BadBase(NotekgError):
    """A ``--base`` namespace from which no valid IRIs can be made."""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NEVER_IN_IRI = set(' <>"{}|\\^`\x7f') | {chr(c) for c in range(0x20)}
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _allowed_beyond_ascii(code: int) -> bool:
    """RFC 3987 ``ucschar``: letters of every script, not private use or non-characters."""
    if code < 0x10000:
        return 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
    if code >= 0xE0000:
        return 0xE1000 <= code <= 0xEFFFD
    return (code & 0xFFFF) <= 0xFFFD


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogateescape"))


def url_term(url: str) -> URIRef | Literal:
    """A link from the notes as an IRI, percent-encoding what IRIs cannot hold; a literal when
    it cannot be an IRI at all (no scheme, a broken host or port).

    >>> url_term("https://arxiv.org/abs/1904.01355")
    rdflib.term.URIRef('https://arxiv.org/abs/1904.01355')
    >>> url_term("http://a/\\ue000?q=100%")
    rdflib.term.URIRef('http://a/%EE%80%80?q=100%25')
    >>> url_term("www.example.org/paper")
    rdflib.term.Literal('www.example.org/paper')
    """
    from rdflib import URIRef

    iri = url_iri(url)
    return URIRef(iri) if iri is not None else safe_literal(url)


def url_iri(url: str) -> str | None:
    """The IRI :func:`url_term` makes of a link, or None when it makes a literal (no rdflib).

    >>> url_iri("https://example.org/a b"), url_iri("http://a:b:c/")
    ('https://example.org/a%20b', None)
    """
    if not _SCHEME.match(url):
        return None
    encoded = []
    for char in _PERCENT.sub("%25", url):
        if char in _NEVER_IN_IRI or (ord(char) > 0x7F and not _allowed_beyond_ascii(ord(char))):
            try:
                encoded.append(_percent(char))
            except UnicodeEncodeError:  # a lone surrogate that stands for no byte
                return None
        else:
            encoded.append(char)
    iri = "".join(encoded)
    return iri if is_iri(iri) else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: str) -> str:
    """``value`` made encodable as UTF-8: undecodable bytes of a file name (kept by Python as
    lone surrogates) become U+FFFD.

    >>> text("plain"), text("caf\\u00e9")
    ('plain', 'café')
    """
    if value.isascii() or not _SURROGATE.search(value):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def safe_literal(value: str | Literal) -> Literal:
    """A literal whose text encodes (see :func:`text`), datatype and language kept.

    >>> safe_literal("caf\\udce9")
    rdflib.term.Literal('caf\\ufffd')
    """
    from rdflib import Literal

    if not isinstance(value, Literal):
        return Literal(text(value))
    raw = str(value)
    cleaned = text(raw)
    if cleaned is raw:
        return value
    return Literal(cleaned, lang=value.language, datatype=value.datatype)


def check_base(base: str) -> str:
    """Return ``base`` if data IRIs can be made under it, else raise :class:`BadBase`.

    >>> check_base("https://example.org/id/")
    'https://example.org/id/'
    >>> check_base("not a url")
    Traceback (most recent call last):
    ...
    graph.rdf.safe_terms.BadBase: --base 'not a url' is not an absolute IRI (give one such as https://example.org/id/)
    >>> check_base("https://example.org/id")
    Traceback (most recent call last):
    ...
    graph.rdf.safe_terms.BadBase: --base 'https://example.org/id' should end with / or # (e.g. https://example.org/id/)
    """
    if not _SCHEME.match(base) or not is_iri(base + "x"):
        raise BadBase(f"--base {base!r} is not an absolute IRI (give one such as https://example.org/id/)")
    if not base.endswith(("/", "#", ":")):
        raise BadBase(f"--base {base!r} should end with / or # (e.g. {base}/)")
    return base
