"""``python -m ibessay``: the same as the ``ibessay`` command."""

from .cli import run

run()
