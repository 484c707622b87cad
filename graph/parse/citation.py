"""The parts of a citation around a title: authors, venue, year, nickname — and how titles look.

Notes cite papers in many ways; these functions read the common ones whatever the markup::

    Yonatan Doe, Jane Roe. <title link>. TACL 2019.
    Doe, J., & Roe, M. (2019). A Title. In Proceedings of ...
    Doe, Jane, et al. "A Title." arXiv preprint arXiv:1234.56789 (2019).
    A Title (2018) - Doe, Roe
    [NSDI '24] A Title

>>> read_citation('Jane Doe, Max Roe. "Learning to Count Sheep." SleepConf 2019.')
Citation(title='Learning to Count Sheep', authors=('Jane Doe', 'Max Roe'), venue='SleepConf', year=2019, nickname=None)
>>> read_citation("Doe, J., & Roe, M. (2019, July). Counting Sheep at Scale. In Proceedings of the Sleep Conference.")
Citation(title='Counting Sheep at Scale', authors=('Doe, J.', 'Roe, M.'), venue='Proceedings of the Sleep Conference', year=2019, nickname=None)
>>> split_title("Counting Sheep at Scale (2018) - Doe, Roe")
Citation(title='Counting Sheep at Scale', authors=('Doe', 'Roe'), venue=None, year=2018, nickname=None)
>>> split_title("(CSN) Counting Sheep Networks")
Citation(title='Counting Sheep Networks', authors=(), venue=None, year=None, nickname='CSN')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graph.parse.cues import cues

__all__ = ["Citation", "read_citation", "split_title", "venue_year", "author_list", "title_shape"]

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_FUNCTION_WORDS = frozenset(
    "a an the of for in on with to via and or from by is are as at into towards toward using "
    "be can do does not no what when why how we our your their its this that than vs".split()
)
_NAME_PARTICLES = frozenset("de van von der den la le da di du del bin al y".split())
_INITIAL = re.compile(r"^[A-Z]\.?(?:-?[A-Z]\.?)*,?$")


@dataclass(frozen=True)
class Citation:
    """What a citation says besides its title."""

    title: str
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None
    nickname: str | None = None


def _venue_pattern() -> re.Pattern[str]:
    known = "|".join(re.escape(v) for v in sorted(cues().venues, key=len, reverse=True))
    token = rf"(?:{known}|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]{{2,}}[a-z]*)"
    return re.compile(
        rf"(?<![\w])(?P<venue>(?:[A-Z][\w+]*\s?@\s?)?{token}(?:[ -](?:{token}|Workshops?|Findings))?)"
        rf"(?:\s*['’‘]\s*(?P<yy>\d{{2}})(?!\d)|[\s_,-]*(?P<year>{YEAR})(?!\d))",
    )


_VENUE: list[re.Pattern[str]] = []


def venue_year(text: str) -> tuple[str | None, int | None, tuple[int, int] | None]:
    """The first venue with a year in a text: (venue, year, span).

    >>> venue_year("Some Title. ICLR'19. [paper](x)")[:2]
    ('ICLR', 2019)
    >>> venue_year("[OSDI '18] Ray")[:2], venue_year("(ICCV2021)")[:2], venue_year("arXiv preprint 2019")[:2]
    (('OSDI', 2018), ('ICCV', 2021), ('arXiv', 2019))
    >>> venue_year("We tried 2019 things")
    (None, None, None)
    """
    if not _VENUE:
        _VENUE.append(_venue_pattern())
    m = _VENUE[0].search(text)
    if m is None:
        m = re.search(rf"(?i)\b(?P<venue>arxiv)(?:\s+preprint)?\s*(?P<yy>)(?P<year>{YEAR})\b", text)
        if m is None:
            return None, None, None
    year = int(m.group("year")) if m.group("year") else 2000 + int(m.group("yy"))
    if not m.group("year") and year > 2049:
        year -= 100
    return m.group("venue").strip(), year, m.span()


def _is_name(segment: str, listed: bool = False) -> bool:
    words = segment.replace("…", " ").split()
    if not words or len(words) > 5:
        return False
    if " ".join(words).lower().strip(".") in ("et al", "others"):
        return True
    for word in words:
        bare = word.strip(".,;*")
        if not bare:
            continue
        if re.fullmatch(r"[A-Z]\.(?:-?[A-Z]\.)*,?", word.strip(";*")) or (
                listed and word is words[0] and re.fullmatch(r"[A-Z]", word) and len(words) == 2):
            continue  # "A.", "J.-P.", "A Doe" in a list of names: an initial, even one that spells an article
        if bare.lower() in _FUNCTION_WORDS:
            return False
        if bare.lower() in _NAME_PARTICLES or _INITIAL.match(word.strip(",;*")):
            continue
        if not (bare[0].isupper() and (len(bare) == 1 or not bare[1:].isupper() or len(bare) <= 3)):
            return False
    return True


def author_list(text: str) -> tuple[str, ...] | None:
    """The names in an author list, in order, or None when the text is not one.

    >>> author_list("Jane Doe, M. Roe and Q. Public")
    ('Jane Doe', 'M. Roe', 'Q. Public')
    >>> author_list("Doe, J., & Roe, M."), author_list("Doe, Jane, et al.")
    (('Doe, J.', 'Roe, M.'), ('Doe', 'Jane'))
    >>> author_list("Learning to count") is None
    True
    """
    text = text.strip().strip("*_ ")
    text = re.sub(r"(?<=\w)\s+et\.? al\.?$", "", text)  # "Doe et al.": the first author
    text = text if re.search(r"\b[A-Z]\.$", text) else text.rstrip(".").strip()
    if not text or len(text) > 600:
        return None
    parts = [p.strip() for p in re.split(r",|;|\s&\s|\band\b", text) if p.strip(" .…")]
    if not parts or not all(_is_name(p, len(parts) >= 2) for p in parts):
        return None
    names: list[str] = []
    for part in parts:
        part = part.strip()
        if part.lower().strip(".") in ("et al", "others") or set(part) <= set("…. "):
            continue
        # "Doe, J." / "Doe, Jane": a surname then initials or given names after the comma.
        if names and _INITIAL.match(part) and "," not in names[-1]:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part.rstrip(".").rstrip("…").strip())
    return tuple(n.strip() for n in names if n.strip()) or None


_QUOTED = re.compile(r"[\"“](?P<title>[^\"”]{3,}?)[,.]?[\"”]")
_APA = re.compile(rf"^(?P<authors>.+?)\s*\((?P<year>{YEAR})[^)]*\)\.?\s*(?P<rest>.+)$", re.S)


def read_citation(text: str) -> Citation | None:
    """A whole citation written as text (title quoted, or APA), or None.

    >>> read_citation("just some words") is None
    True
    """
    text = text.strip()
    m = _QUOTED.search(text)
    if m:
        before, after = text[: m.start()].strip(" ,."), text[m.end() :].strip(" ,.")
        authors = author_list(before) or ()
        if before and not authors:
            return None
        venue, year, _span = venue_year(after)
        if year is None:
            y = re.search(rf"\b({YEAR})\b", after)
            year = int(y.group(1)) if y else None
        return Citation(m.group("title").strip(" .,"), authors, venue, year)
    m = _APA.match(text)
    if m:
        apa_authors = author_list(m.group("authors"))
        if apa_authors:
            title, _, venue_part = m.group("rest").partition(". ")
            # "*Journal*, 12(3), 45–67. https://…", "In *Proceedings of X* (pp. 1–9).": the name only
            venue_part = re.split(r" \(|,\s*(?:\d|pp\.|vol\.)|\.\s|\s*https?://", re.sub(r"^In\s+", "", venue_part))[0]
            venue = venue_part.strip(" .,") or None
            return Citation(title.strip(" ."), apa_authors, venue, int(m.group("year")))
    return None


_TITLE_YEAR_AUTHORS = re.compile(rf"^(?P<title>.+?)\s*\((?P<year>{YEAR})\)\s*(?:[-–—|,]\s*(?P<authors>.+))?$")
_NICK = re.compile(r"^\((?P<nick>[^()]{1,40})\)\s*\.?\s*(?P<title>\S.*)$")


def split_title(text: str) -> Citation:
    """Move a year, authors, a venue and a leading "(Nickname)" out of a title span.

    >>> split_title("Counting Sheep | Jane Doe, Max Roe").authors
    ('Jane Doe', 'Max Roe')
    >>> split_title("Counting Sheep at Scale, SleepConf 2018").venue
    'SleepConf'
    """
    text = text.strip()
    nickname = None
    m = _NICK.match(text)
    if m and len(m.group("title").split()) >= 2:
        nickname, text = m.group("nick").strip(), m.group("title").strip()
    citation = Citation(text, nickname=nickname)
    m = _TITLE_YEAR_AUTHORS.match(text)
    if m:
        authors = author_list(m.group("authors") or "") or ()
        if authors or not m.group("authors"):
            return replace(citation, title=m.group("title").strip(" -–—,"), authors=authors,
                           year=int(m.group("year")))
    if " | " in text:
        title, _, rest = text.partition(" | ")
        names = author_list(rest)
        if names:
            return replace(citation, title=title.strip(), authors=names)
        y = re.fullmatch(rf"\s*({YEAR})\s*", rest)
        if y:
            return replace(citation, title=title.strip(), year=int(y.group(1)))
    # "Title, Venue 2018" / "Title - Venue 2018": a venue and year closing the title.
    venue, year, span = venue_year(text)
    if span and span[0] > 0 and not text[span[1]:].strip(" .)(0123456789/"):
        head = text[: span[0]].rstrip()
        if head.endswith((",", "-", "–", "—", "(", "|")) and len(head.split()) >= 2:
            return replace(citation, title=head.rstrip(",-–—(| "), venue=venue, year=year)
    return citation


def title_shape(text: str) -> float:
    """How much a text looks like a paper title: > 0 likely, < 0 unlikely.

    Titles are capitalised (title case, or a "Name: what it does" head), a few words to a
    few dozen, and do not end like a sentence.

    >>> title_shape("Counting Sheep: A Scalable Approach") > 0 > title_shape("we tried it and it failed.")
    True
    """
    words = text.split()
    if not words:
        return -2.0
    score = 0.0
    content = [w for w in words if w.lower().strip(".,:;!?()") not in _FUNCTION_WORDS]
    capital = [w for w in content if w[:1].isupper() or w[:1].isdigit() or w[:1] in "(\"'“"]
    head, colon, tail = text.partition(": ")
    named_head = bool(re.fullmatch(r"[\w.+'-]*(?:[a-z][A-Z]|[A-Z]{2}|\d)[\w.+'-]*", head))
    if colon and 1 <= len(head.split()) <= 6 and (len(tail.split()) >= 2 or (named_head and tail)):
        score += 1.0
    if content and len(capital) / len(content) >= 0.6 and len(words) >= 3:
        score += 1.0
    if 4 <= len(words) <= 30:
        score += 0.5
    elif len(words) <= 2 and not (colon and named_head):
        score -= 1.0
    elif len(words) > 30:
        score -= 2.0
    lower = content and len(capital) / len(content) < 0.5
    if lower and (text.rstrip().endswith((".", "!")) or (len(words) >= 10 and not colon)):
        score -= 1.5
    if re.search(r"\b(?:I|I'm|I've|(?i:my|me|we|our))\b", text):
        score -= 1.0
    title_case = bool(content) and len(capital) / len(content) >= 0.6
    if not title_case and re.search(r"\b(is|are|was|were|has|have|had|can|could|should|would|will|did|does|do)\s+[a-z]", text):
        score -= 1.0  # a finite verb in a sentence-case line: a sentence
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z]\.?)+ [A-Z][a-z]+", text.strip()):
        score -= 2.0  # "Jane Q. Doe": a person's name
    return score
