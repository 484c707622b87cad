"""How every ``notekg`` command ends when something goes wrong: one ``Error:`` line, never a
traceback (``--debug`` shows it), and a quiet exit when the reader of stdout goes away."""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

import click

from graph.errors import NotekgError

__all__ = ["NotekgGroup"]


class NotekgGroup(click.Group):
    """The notekg group: every failure ends in one ``Error:`` line on stderr, never a traceback.

    A user's mistake (a NotekgError, a usage error) gives its message and exit 1 (2 for usage);
    anything unexpected gives one line naming it plus "run with --debug for details", and
    ``--debug`` (anywhere on the command line) shows the traceback instead.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotekgError as e:
            raise click.ClickException(str(e)) from None

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        args = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in args[: args.index("--")] if "--" in args else "--debug" in args
        if debug:
            args.remove("--debug")
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()  # a full disk or closed pipe on stdout shows here, not at exit
        except click.exceptions.Abort:
            _fail("interrupted", 130)
        except _NO_ARGS_IS_HELP as e:  # `notekg` alone: the help, as click shows it
            e.show()
            sys.exit(e.exit_code)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except NotekgError as e:
            _fail(str(e), 1)
        except OSError as e:
            if e.filename is None and e.errno in _STREAM_ERRORS:
                _silence_stdout()
                if e.errno == errno.EPIPE:  # the reader went away (`| head`): nothing to say
                    sys.exit(1)
                _fail(f"cannot write to standard output: {e.strerror}", 1)
            if debug:
                raise
            _fail(f"{e.strerror or e}{f': {e.filename}' if e.filename else ''}; run with --debug for details", 1)
        except Exception as e:
            if debug:
                raise
            _fail(f"unexpected {type(e).__name__}: {_first_line(e)}; run with --debug for details", 1)
        sys.exit(code if isinstance(code, int) else 0)


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())
_STREAM_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF}


def _first_line(error: Exception) -> str:
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[0].strip() if lines else "(no message)"


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
