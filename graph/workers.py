"""A second process for a large build: a forked child that does half of a stage's work.

A large build spends most of its time parsing the notes and finding relations, and both split
into halves that need little of each other. :class:`Helper` forks a child that shares what the
parent already holds (copy-on-write: nothing is pickled on the way in) and runs a function
given a connection to the parent; values go back and forth pickled. The parent does the other
half meanwhile.

A build uses a helper only where it pays: the input is large (each stage sets its own
threshold), ``os.fork`` exists and the process may run on two CPUs or more.
``NOTEKG_PROCESSES=1`` keeps a build in one process, ``NOTEKG_PROCESSES=2`` asks for the
helper on one CPU too. A child that fails tells its parent, which then does that half itself,
so the output never depends on whether a helper ran.

Examples
--------
>>> def double(channel):
...     channel.send(2 * channel.recv())
>>> helper = Helper(double)
>>> helper.send(21)
>>> helper.recv()
42
>>> helper.close()
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# multiprocessing is imported when a helper is made: a small build, which makes none, would
# spend 7 ms loading it (and socket, selectors, subprocess with it).

__all__ = ["Helper", "HelperFailed", "TextBeside", "helpers_allowed"]


class HelperFailed(Exception):
    """The child stopped without doing its half (the parent does it instead)."""


def helpers_allowed() -> bool:
    """May this build fork a helper: ``os.fork`` exists and ``NOTEKG_PROCESSES`` asks for two
    processes or more, or (unset) the process may run on two CPUs or more?"""
    if not hasattr(os, "fork"):
        return False
    wanted = os.environ.get("NOTEKG_PROCESSES", "").strip()
    if wanted:
        return wanted.isdigit() and int(wanted) >= 2
    return _cpus() >= 2


def _cpus() -> int:
    """How many CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def _cpu_idle() -> bool:
    """Is a CPU free for a small child? Its work is short, and forking costs CPU time (the
    memory both processes touch is copied): it pays only where it runs beside the parent, not
    after it. Always, when ``NOTEKG_PROCESSES`` asks for two processes or more.

    What runs now decides (Linux: the runnable tasks in ``/proc/loadavg``, this one among
    them), else the 1-minute load average, which stays high for a minute after a large build.
    """
    if os.environ.get("NOTEKG_PROCESSES", "").strip():
        return True
    running = _running_now()
    if running is not None:
        return running - 1 <= _cpus() - 2
    try:
        return os.getloadavg()[0] <= _cpus() - 1
    except OSError:  # no load average to read
        return True


def _running_now(path: str = "/proc/loadavg") -> int | None:
    """How many tasks are runnable now, this one included (None where the system does not say).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix="loadavg", delete=False) as f:
    ...     _ = f.write("0.52 0.60 0.71 3/412 90210\\n")
    >>> _running_now(f.name), _running_now(f.name + ".missing")
    (3, None)
    """
    try:
        with open(path) as f:
            return int(f.read().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return None


def _serve(work: Callable[[Connection], None], channel: Connection) -> None:
    """In the child: run ``work``; any failure goes to the parent as one message, no traceback."""
    try:
        work(channel)
    except BaseException as e:  # the parent does this half itself
        try:
            channel.send(HelperFailed(f"{type(e).__name__}: {e}"))
        except Exception:  # the parent has gone: nothing to tell
            pass
    finally:
        channel.close()


class Helper:
    """A forked child running ``work(channel)``; the parent talks to it with :meth:`send` and
    :meth:`recv`, and ends it with :meth:`close`."""

    def __init__(self, work: Callable[[Connection], None]):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        # what the parent has buffered must not be written twice, by the child too
        sys.stdout.flush()
        sys.stderr.flush()
        self._channel, theirs = context.Pipe(duplex=True)
        self._process = context.Process(target=_serve, args=(work, theirs), daemon=True)
        self._process.start()
        theirs.close()

    def send(self, value: Any) -> None:
        """Send ``value`` to the child (pickled); a child that has stopped is a :class:`HelperFailed`."""
        try:
            self._channel.send(value)
        except (OSError, EOFError) as e:
            raise HelperFailed(f"the helper process has stopped ({e})") from None

    def recv(self) -> Any:
        """The child's next value; :class:`HelperFailed` if it failed or stopped."""
        try:
            value = self._channel.recv()
        except (OSError, EOFError):
            raise HelperFailed("the helper process stopped without an answer") from None
        if isinstance(value, HelperFailed):
            raise value
        return value

    def close(self) -> None:
        """End the child (killed if it still runs: its half is done or no longer wanted)."""
        self._channel.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()

    def __enter__(self) -> "Helper":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Forked:
    """A forked child at work for this process, and the pipe its answer comes down: only a
    fork and a pipe (no multiprocessing, no pickling), for a stage of a build."""

    _pid = 0
    _read = -1

    def _fork(self, answer: Callable[[], bytes]) -> None:
        """Fork a child that sends ``answer()`` down the pipe, where :func:`helpers_allowed`
        and a CPU is idle by the load average (``NOTEKG_PROCESSES=2`` forks one all the same)."""
        if not (helpers_allowed() and _cpu_idle()):
            return
        # what the parent has buffered must not be written twice, by the child too
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            self._read, write = os.pipe()
            self._pid = os.fork()
        except OSError:
            self.close()
            return
        if self._pid == 0:  # the child: its answer down the pipe, then out without any clean-up
            status = 1
            try:
                os.close(self._read)
                data = answer()
                with os.fdopen(write, "wb") as out:  # its length first: a cut answer is no answer
                    out.write(b"%d\n" % len(data) + data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)

    def _answer(self) -> bytes | None:
        """The child's answer, whole, or None (no child, or it failed or was killed)."""
        if self._pid <= 0:
            return None
        try:
            with os.fdopen(self._read, "rb") as pipe:
                self._read = -1
                length = pipe.readline()
                data = pipe.read()
            # not waiting for the child to end: taking its memory down is time of its own
            if length.strip().isdigit() and len(data) == int(length):
                _ANSWERED.append(self._pid)
                self._pid = 0
                return data
        except OSError:
            pass
        finally:
            self.close()
        return None

    def close(self) -> None:
        """End a child still at work and let go of its pipe (nothing when its text was taken)."""
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        if self._pid > 0:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
            self._pid = 0
        for pid in list(_ANSWERED):  # children whose answer was taken, once they have ended
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == 0:
                    continue
            except OSError:
                pass
            _ANSWERED.remove(pid)


class TextBeside(_Forked):
    """Text made by ``make()`` in a forked child while this process goes on with other work.

    :meth:`text` waits for the child's text; when no child could be forked, it failed or was
    killed, the text is made in this process instead, so the answer never depends on whether
    a child ran (``make`` must give the same text each time and change nothing a later step
    reads). For a small stage of a small build (writing the page while Turtle and N-Quads are
    written). :meth:`close` ends a child whose text is no longer wanted.

    >>> beside = TextBeside(lambda: "made " * 2)
    >>> beside.text()
    'made made '
    >>> beside.close()
    """

    def __init__(self, make: Callable[[], str]):
        self._make = make
        self._fork(lambda: make().encode("utf-8"))

    def text(self) -> str:
        """The child's text, or ``make()`` run here if the child gave none."""
        data = self._answer()
        if data is not None:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return self._make()


class WorkBeside(_Forked):
    """``work()`` done by a forked child while this process goes on with other work: for a
    file to write that nothing here reads before :meth:`done`.

    :meth:`done` waits for the child to say it finished (not for it to end); when no child
    could be forked, or it failed or was killed, ``work()`` runs here instead, so the result
    never depends on whether a child ran.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> beside = WorkBeside(lambda: path.write_text("written"))
    >>> beside.done(); path.read_text()
    'written'
    """

    def __init__(self, work: Callable[[], Any]):
        self._work = work
        self._fork(lambda: (work(), b"done")[1])

    def done(self) -> None:
        """Once the child has done the work (else once it is done here)."""
        if self._answer() != b"done":
            self._work()


#: Children whose text was taken and that may still be ending; :meth:`TextBeside.close` reaps
#: those that have (a long-running process, ``notekg watch``, leaves no more than one behind).
_ANSWERED: list[int] = []
