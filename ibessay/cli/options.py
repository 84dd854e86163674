"""Parameters that commands of more than one group take, defined once so that their
help reads the same everywhere."""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
from typing import Annotated

import typer

WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", help="Folder for attempts (default: "
                             "$IBESSAY_HOME/drafts or your user data folder).")
]
