"""HTTP to a SPARQL store (standard library ``urllib``): credentials, time limits, one-line errors.

Credentials never come from the command line, where shell history and the process list would
show them: ``NOTEKG_USER`` and ``NOTEKG_PASSWORD`` (HTTP Basic) or ``NOTEKG_TOKEN`` (a bearer
token) in the environment, else the store's host in ``~/.netrc`` (or the file ``NETRC`` names), as
curl reads it. A URL with a password in it is refused.

:func:`send` answers with any HTTP status the store gives; what a status means depends on the
request, so callers word it (:func:`refusal` words the ones that mean the same everywhere). A store
that cannot be reached or does not answer in time is a :class:`graph.errors.StoreError`.

Examples
--------
>>> check_url("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/query'
>>> check_url("http://alice:secret@lab.example.org/sparql")
Traceback (most recent call last):
...
graph.errors.StoreError: the URL holds credentials: put them in NOTEKG_USER and NOTEKG_PASSWORD, or in ~/.netrc, never on the command line
"""

from __future__ import annotations

import base64
import html
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO, Callable, Mapping
from urllib.parse import urlsplit

from graph.errors import QueryTimeout, StoreError

__all__ = ["Response", "check_url", "credentials", "auth_headers", "send", "reason", "refusal"]

USER_VARIABLE, PASSWORD_VARIABLE, TOKEN_VARIABLE = "NOTEKG_USER", "NOTEKG_PASSWORD", "NOTEKG_TOKEN"

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Response:
    """What a store answered: the status, the media type (no parameters) and the body."""

    status: int
    content_type: str
    body: bytes


def check_url(url: str) -> str:
    """Check that ``url`` is an http(s) URL without credentials in it.

    Raises
    ------
    StoreError
        If it is not, with what to do instead.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url!r} is not an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise StoreError(
            f"the URL holds credentials: put them in {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
            "or in ~/.netrc, never on the command line"
        )
    return url


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password for ``url``: from the environment, else from ``~/.netrc``.

    Raises
    ------
    StoreError
        If the netrc file cannot be read.
    """
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user:
        return user, password or ""
    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as e:
        raise StoreError(f"cannot read {path}: {e}") from None
    if entry is None:
        return None
    login, _, secret = entry
    return login, secret or ""


def auth_headers(url: str) -> dict[str, str]:
    """The ``Authorization`` header for ``url``, if any credentials are set.

    >>> os.environ[TOKEN_VARIABLE] = "t0k"
    >>> auth_headers("http://127.0.0.1:7878/store")
    {'Authorization': 'Bearer t0k'}
    >>> del os.environ[TOKEN_VARIABLE]
    """
    token = os.environ.get(TOKEN_VARIABLE)
    if token:
        return {"Authorization": f"Bearer {token}"}
    found = credentials(url)
    if found is None:
        return {}
    pair = base64.b64encode(f"{found[0]}:{found[1]}".encode()).decode("ascii")
    return {"Authorization": f"Basic {pair}"}


class _Counted:
    """A binary file whose reads are reported (for a progress bar)."""

    def __init__(self, file: IO[bytes], progress: Callable[[int], None]):
        self._file, self._progress = file, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        self._progress(len(chunk))
        return chunk


def send(
    method: str,
    url: str,
    *,
    data: bytes | IO[bytes] | None = None,
    length: int | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    progress: Callable[[int], None] | None = None,
) -> Response:
    """Send one request; the answer must start, and then be read, within ``timeout`` seconds each.

    ``data`` is bytes or a binary file of ``length`` bytes (read as it is sent, and reported to
    ``progress``). Credentials are added by :func:`auth_headers`.

    Raises
    ------
    StoreError
        If the store cannot be reached.
    QueryTimeout
        If it does not answer within ``timeout`` seconds.
    """
    all_headers = {"User-Agent": "notekg", **auth_headers(url), **(headers or {})}
    body: object = data
    if data is not None and not isinstance(data, bytes):
        if length is None:
            raise ValueError("a file body needs its length")
        all_headers["Content-Length"] = str(length)
        body = _Counted(data, progress) if progress else data
    elif isinstance(data, bytes) and progress:
        progress(len(data))
    request = urllib.request.Request(url, data=body, headers=all_headers, method=method)  # type: ignore[arg-type]
    host = urlsplit(url).netloc
    try:
        try:
            answer = urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as e:
            answer = e
        # Each socket operation waits at most `timeout`; reading the whole answer, too.
        deadline = time.monotonic() + timeout
        with answer:
            content_type = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            chunks = []
            while True:
                chunk = answer.read(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise socket.timeout()
            return Response(answer.status or 0, content_type, b"".join(chunks))
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(f"no answer from {host} within {timeout:g} s") from None
    except urllib.error.URLError as e:
        why = e.reason
        if isinstance(why, (socket.timeout, TimeoutError)):
            raise QueryTimeout(f"no answer from {host} within {timeout:g} s") from None
        text = why.strerror if isinstance(why, OSError) and why.strerror else str(why)
        raise StoreError(f"cannot reach {host}: {text.lower()}") from None
    except (ConnectionError, OSError) as e:
        raise StoreError(f"lost the connection to {host}: {(e.strerror or str(e)).lower()}") from None


def reason(response: Response, limit: int = 200) -> str:
    """The first line of what the store said, as text (tags of an HTML page left out).

    >>> reason(Response(400, "text/html", b"<html><h1>Error 400</h1><p>Parse error:\\nline 3</p></html>"))
    'Error 400 Parse error:'
    """
    text = response.body.decode("utf-8", "replace")
    if response.content_type in ("text/html", "application/xhtml+xml") or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else "no reason given"
    return first if len(first) <= limit else first[: limit - 1] + "…"


def refusal(response: Response, url: str, what: str) -> StoreError:
    """The error for a status that means the same for any request (401, 403, 404, 405, other).

    ``what`` names the requests refused: "queries", "graph uploads".

    >>> print(refusal(Response(403, "text/plain", b"read-only"), "http://127.0.0.1:7878/store", "graph uploads"))
    127.0.0.1:7878 does not allow graph uploads (HTTP 403): read-only
    """
    host = urlsplit(url).netloc
    status = response.status
    if status == 401:
        sent = "Authorization" in auth_headers(url)
        if sent:
            return StoreError(f"{host} refused the credentials (HTTP 401); check {USER_VARIABLE}/"
                              f"{PASSWORD_VARIABLE}, {TOKEN_VARIABLE} or ~/.netrc")
        return StoreError(f"{host} asks for credentials (HTTP 401): set {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
                          f"or add {urlsplit(url).hostname} to ~/.netrc")
    if status == 403:
        return StoreError(f"{host} does not allow {what} (HTTP 403): {reason(response)}")
    if status in (404, 405):
        return StoreError(f"{url} takes no {what} (HTTP {status}): {reason(response)}")
    return StoreError(f"{host} answered HTTP {status}: {reason(response)}")
