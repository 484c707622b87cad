"""Run a query in a child process: a time limit it cannot outlive, a crash it cannot pass on.

Oxigraph has no way to stop a running query, and a three-way cartesian product runs for minutes.
So a query with a time limit runs in a forked child, which shares the loaded store with its
parent (copy-on-write, nothing is copied or reloaded); the parent waits at most the time limit,
then kills the child. A child that dies (the engine overflowing its stack on a query
:func:`graph.views.sparql_text.check_query` let through) becomes one error, not a dead parent.

:class:`QueryWorkers` serves the same to a threaded server: a few single-threaded processes,
forked before any server thread starts, each holding the store and running one query at a time
in a child of its own (forking a threaded process could copy a lock held by another thread).

Needs ``os.fork`` (Linux, macOS).

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:p"), ox.NamedNode("urn:rating"), ox.Literal(9)))
>>> run_isolated(store, "SELECT ?r WHERE { ?p <urn:rating> ?r }", timeout=10).dicts()
[{'r': 9}]
>>> cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
>>> for _ in range(40):
...     store.add(ox.Quad(ox.BlankNode(), ox.NamedNode("urn:p"), ox.Literal(1)))
>>> run_isolated(store, cartesian, timeout=0.2)
Traceback (most recent call last):
...
graph.errors.QueryTimeout: query stopped after 0.2 s: it ran longer than the time limit
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Mapping

import pyoxigraph as ox

from graph.errors import BadQuery, NotekgError, QueryTimeout
from graph.views.results import QueryResult
from graph.views.sparql import run_query

__all__ = ["QueryTimeout", "run_isolated", "QueryWorkers"]


def _context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        raise NotekgError("a query time limit needs os.fork, which this system does not have") from None


def _answer(send: Connection, store: ox.Store, sparql: str, params: Mapping[str, Any] | None,
            limit: int | None, allow_service: bool) -> None:
    """In the child: run the query and send back ("result", QueryResult) or ("error", exception)."""
    try:
        outcome: tuple[str, Any] = ("result", run_query(store, sparql, params, allow_service=allow_service,
                                                        limit=limit))
    except Exception as e:  # sent to the parent, which raises it there
        outcome = ("error", e)
    send.send(outcome)
    send.close()


def _crash_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the query crashed the query engine ({name}); simplify it"
    return f"the query engine stopped without an answer (exit status {exitcode})"


def run_isolated(
    store: ox.Store,
    sparql: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float,
    limit: int | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run :func:`graph.views.sparql.run_query` in a forked child, stopped after ``timeout`` seconds.

    Raises
    ------
    QueryTimeout
        If the query runs longer than ``timeout`` seconds (the child is killed).
    BadQuery
        As :func:`run_query` does, and if the child dies (a crash of the engine).
    """
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child: BaseProcess = context.Process(
        target=_answer, args=(send, store, sparql, params, limit, allow_service), daemon=True
    )
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTimeout(f"query stopped after {timeout:g} s: it ran longer than the time limit")
        try:
            kind, value = receive.recv()
        except EOFError:
            child.join()
            raise BadQuery(_crash_message(child.exitcode)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "error":
        raise value
    return value


def _serve(connection: Connection, store: ox.Store, timeout: float, limit: int | None) -> None:
    """A worker's loop: one (sparql, params) request at a time, each answered in a child."""
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        sparql, params = request
        try:
            outcome: tuple[str, Any] = ("result", run_isolated(store, sparql, params, timeout=timeout, limit=limit))
        except Exception as e:
            outcome = ("error", e)
        connection.send(outcome)


class QueryWorkers:
    """Processes that answer queries on ``store``, each under a time and a row limit.

    Make them before starting threads; :meth:`run` may be called from any thread. SERVICE is
    always refused.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x")))
    >>> with QueryWorkers(store, count=1, timeout=10, limit=5) as workers:
    ...     workers.run("SELECT ?o WHERE { ?s ?p ?o }").dicts()
    [{'o': 'x'}]
    """

    def __init__(self, store: ox.Store, *, count: int = 2, timeout: float = 5.0, limit: int | None = None):
        context = _context()
        self.timeout, self.limit = timeout, limit
        self._idle: queue.Queue[tuple[BaseProcess, Connection]] = queue.Queue()
        self._all: list[tuple[BaseProcess, Connection]] = []
        for _ in range(count):
            here, there = context.Pipe()
            process = context.Process(target=_serve, args=(there, store, timeout, limit))
            process.start()
            there.close()
            self._all.append((process, here))
            self._idle.put((process, here))

    def run(self, sparql: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Answer a query in the next free worker (waiting for one if all are busy).

        Raises
        ------
        QueryTimeout, BadQuery
            As :func:`run_isolated`.
        """
        process, connection = self._idle.get()
        try:
            connection.send((sparql, params))
            kind, value = connection.recv()
        except (EOFError, OSError):
            raise NotekgError("a query worker stopped; restart notekg serve") from None
        finally:
            if process.is_alive():
                self._idle.put((process, connection))
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the workers."""
        for process, connection in self._all:
            try:
                connection.send(None)
            except OSError:
                pass
        for process, connection in self._all:
            process.join(timeout=self.timeout + 1)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()
        self._all.clear()

    def __enter__(self) -> "QueryWorkers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
