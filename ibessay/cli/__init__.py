"""The ``ibessay`` command line: thin commands over the core, and one place for errors.

:mod:`.app` is the root (the command table, lazy loading, :func:`main`, error printing);
:mod:`.checking`, :mod:`.writing` and :mod:`.timed` hold the commands, one module per
group. Commands parse their arguments, call the core, hand the result to a renderer.
"""

from .app import app, main, run

__all__ = ["app", "main", "run"]
