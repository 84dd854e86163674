"""The ``ibessay`` command line: thin commands over the core, and one place for errors.

:mod:`.app` is the root (the command table, lazy loading, :func:`main`, error printing);
:mod:`.checking`, :mod:`.writing` and :mod:`.timed` hold the commands, one module per
group. Commands parse their arguments, call the core, hand the result to a renderer.
"""

# Not the Typer object: `ibessay.cli.app` stays the name of the module.
from .app import main, run

__all__ = ["main", "run"]
