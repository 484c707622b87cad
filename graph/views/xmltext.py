"""Text that XML 1.0 can hold: the XML exports (RDF/XML, GraphML, GEXF) drop what it cannot.

XML 1.0 has no way to write most C0 control characters (``\\x0b``, ``\\x1b``), not even as
``&#11;``; a title holding one would make a file no XML parser reads. They are left out.

>>> xml_text("A \\x0bvertical tab and \\x1b[31mcolour")
'A vertical tab and [31mcolour'
>>> xml_text("tab\\tand\\nnew line stay")
'tab\\tand\\nnew line stay'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["xml_text"]


@lru_cache(maxsize=1)
def _not_in_xml() -> re.Pattern[str]:
    # compiled on first use: its wide ranges take about 10 ms, and most commands write no XML
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    if text.isascii() and text.isprintable():
        return text
    return _not_in_xml().sub("", text)
