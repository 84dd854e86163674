"""``ibessay pack``: what a teacher does with a pack (new, validate, test, export) and
what a student does with one (install, list, remove).

Thin: each command calls one function of :mod:`ibessay.packs` and prints its result as
plain lines (``file:line:col: message``, as editors and pre-commit read them).
"""

# No "from __future__ import annotations": Typer reads the annotations (see app.py).
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_BELOW_THRESHOLD, IbessayError

#: This module's commands; ibessay.cli.app finds them here by the names in its COMMANDS.
commands = typer.Typer(rich_markup_mode="rich", add_completion=False)
pack = typer.Typer(name="pack", rich_markup_mode="rich", add_completion=False,
                   no_args_is_help=True,
                   help="Make, check, share and install packs of prompts and rubrics.")
commands.add_typer(pack)

PackPath = Annotated[Path, typer.Argument(help="The pack's folder (the one with pack.yaml).")]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _error_lines(error: IbessayError) -> list[str]:
    lines = [error.message]
    if error.hint:
        lines.append(f"  hint: {error.hint}")
    return lines


@pack.command()
def new(
    target: Annotated[Path, typer.Argument(help="The folder to create.")],
    pack_id: Annotated[str | None, typer.Option(
        "--id", help="The pack's id (default: the folder's name).")] = None,
    name: Annotated[str | None, typer.Option(help="The pack's name, as students see it.")
                    ] = None,
) -> None:
    """Make a new pack with a working prompt, rubric, case, example drafts and tests."""
    import shlex

    from ..packs.scaffold import scaffold

    written = scaffold(target, pack_id, name)
    typer.echo(f"made a pack in {target} ({_plural(len(written), 'file')}); read "
               f"{target / 'README.md'}, then run: ibessay pack validate "
               f"{shlex.quote(str(target))}")


@pack.command()
def validate(root: PackPath = Path(".")) -> None:
    """Check every file of a pack and list every error (exit 2 if there is one)."""
    from ..packs.validate import validate_pack

    result = validate_pack(root)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}")
    for error in result.errors:
        typer.echo("\n".join(_error_lines(error)))
    what = ", ".join(_plural(n, w) for w, n in result.counts.items())
    title = (f"{result.manifest.id} {result.manifest.version}" if result.manifest
             else f"the pack in '{root}'")
    if not result.ok:
        raise IbessayError(
            f"{_plural(len(result.errors), 'error')} in "
            f"{_plural(result.files_with_errors, 'file')} of {title}",
            "fix each at its file:line:col (listed above), then validate again")
    typer.echo(f"{title}: valid ({what})")


@pack.command(name="test")
def test_pack(
    root: PackPath = Path("."),
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List every example and case, not only the failures.")
    ] = False,
) -> None:
    """Run a pack's example drafts and test cases (exit 1 if one fails)."""
    from ..packs.harness import run_pack_tests, test_files
    from ..packs.validate import pack_library, validate_pack, yaml_files

    checked = validate_pack(root)
    if not checked.ok:
        for error in checked.errors:
            typer.echo("\n".join(_error_lines(error)))
        raise IbessayError(f"{_plural(len(checked.errors), 'error')} in the pack: nothing "
                           "was run", f"run 'ibessay pack validate {root}' and fix them")
    tests = root / (checked.manifest.tests if checked.manifest else "tests")
    result = run_pack_tests(pack_library(root), yaml_files(root / "rubrics"),
                            test_files(tests))
    for error in result.errors:  # valid, yet not runnable (a 2 MB example draft)
        typer.echo("FAIL " + "\n".join(_error_lines(error)))
    for rubric, outcome in result.examples:
        if verbose or not outcome.ok:
            typer.echo(f"{'ok  ' if outcome.ok else 'FAIL'} {outcome.path} "
                       f"(rubric {rubric}, expected to {outcome.example.expect})")
            for failure in outcome.failures:
                typer.echo(f"       {failure}")
    for case in result.cases:
        if verbose or not case.ok:
            label = {"passed": "ok  ", "failed": "FAIL", "xfailed": "gap ",
                     "xpassed": "FIXED"}[case.status]
            typer.echo(f"{label} {case.file}:{case.case.line}: {case.case.name}")
            for failure in case.failures:
                typer.echo(f"       {failure}")
            if case.status == "xpassed":
                typer.echo(f"       marked xfail ({case.case.xfail}), but it now passes: "
                           "remove the mark")
    passed = sum(o.ok for _, o in result.examples) + sum(c.status == "passed"
                                                         for c in result.cases)
    gaps = sum(c.status == "xfailed" for c in result.cases)
    failed = result.failed + len(result.errors)
    summary = (f"{_plural(len(result.examples), 'example draft')} and "
               f"{_plural(len(result.cases), 'case')}: {passed} passed, "
               f"{failed} failed" + (f", {gaps} known gaps (xfail)" if gaps else "")
               + (f", {_plural(len(result.errors), 'file')} could not be run"
                  if result.errors else ""))
    typer.echo(summary)
    if failed:
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


@pack.command()
def export(
    root: PackPath = Path("."),
    output: Annotated[Path, typer.Option("--output", "-o", help="The zip file to write.")
                      ] = Path("pack.zip"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite the zip if it exists.")
                     ] = False,
) -> None:
    """Write a pack to one zip file to share (it is validated first)."""
    import shlex

    from ..packs.archive import export_zip
    from ..packs.validate import validate_pack

    checked = validate_pack(root)
    if checked.manifest is None or not checked.ok:
        raise IbessayError(f"'{root}' is not a valid pack: nothing was exported",
                           f"run 'ibessay pack validate {root}' and fix what it lists"
                           + ("" if checked.manifest else " (a pack needs a pack.yaml)"))
    count = export_zip(root, output, force)
    typer.echo(f"wrote {output}: {checked.manifest.id} {checked.manifest.version}, "
               f"{_plural(count, 'file')}; students install it with: "
               f"ibessay pack install {shlex.quote(output.name)}")


@pack.command()
def install(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", help="A pack's zip file, its folder, or a git URL.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Install even the same or an older version than the one "
        "installed.")] = False,
) -> None:
    """Install a pack from a zip, a folder or a git URL (a newer version upgrades it)."""
    from ..packs.install import DOWNGRADED, REINSTALLED, REPLACED, UPGRADED
    from ..packs.install import install as install_pack

    done = install_pack(source, force)
    manifest = done.manifest
    how = {UPGRADED: f"upgraded from {done.previous}", REINSTALLED: "reinstalled",
           DOWNGRADED: f"downgraded from {done.previous}",
           REPLACED: "installed over a broken copy"}.get(done.action, "installed")
    prompts = len(list((done.path / "prompts").glob("*.y*ml")))
    typer.echo(f"{manifest.id} {manifest.version} {how}: {manifest.name} "
               f"({_plural(prompts, 'prompt')}); list them with: ibessay prompts")


@pack.command(name="list")
def list_packs() -> None:
    """List the installed packs (and the bundled one)."""
    from ..content.library import bundled_root
    from ..content.manifest import MANIFEST, load_manifest
    from ..packs.install import installed

    rows: list[str] = []
    bundled = bundled_root() / MANIFEST
    if bundled.is_file():
        mine = load_manifest(bundled)
        rows.append(f"{mine.id:<20} {mine.version:<9} {mine.name} (bundled)")
    packs = installed()
    for found in packs:
        if isinstance(found, IbessayError):
            where = getattr(found, "path", None)
            name = Path(where).parent.name if where else "?"
            rows.append(f"{name:<20} {'?':<9} does not load: {found.message}")
            continue
        folder = Path(found.path).parent
        prompts = len(list((folder / "prompts").glob("*.y*ml")))
        by = f", by {found.author}" if found.author else ""
        rows.append(f"{found.id:<20} {found.version:<9} {found.name} "
                    f"({_plural(prompts, 'prompt')}{by})")
    typer.echo("\n".join(rows))
    if not packs:
        typer.echo("no packs installed; install one with: ibessay pack install FILE.zip")


@pack.command()
def remove(pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")]
           ) -> None:
    """Remove an installed pack (the attempts made on its prompts stay)."""
    from ..packs.install import remove as remove_pack

    gone = remove_pack(pack_id)
    typer.echo(f"removed {pack_id}" + (f" {gone.version}" if gone else ""))
