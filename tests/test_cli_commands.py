"""The shape of the command line: every command listed and documented, each command's
module loaded only when it is used, and no private API of a dependency anywhere."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import EXAMPLES, PROMPT, ROOT, run
from ibessay.cli.app import COMMANDS


def defined(module: str) -> dict[str, object]:
    """The commands a command module defines, by name, as Typer builds them."""
    built = typer.main.get_command(importlib.import_module(module).commands)
    return dict(built.commands) if hasattr(built, "commands") else {built.name: built}


def test_the_table_names_exactly_the_commands_each_module_defines() -> None:
    for module in sorted(set(COMMANDS.values())):
        listed = {name for name, where in COMMANDS.items() if where == module}
        assert set(defined(module)) == listed, module


def test_help_lists_every_command_with_the_first_line_of_its_docstring() -> None:
    result = run("--help", env={"COLUMNS": "200"})  # wide enough that no line wraps
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^│ (\S+) +(.+?) *│$", result.stdout.split("Commands")[1], re.M)
    commands = {name: defined(module)[name] for name, module in COMMANDS.items()}
    # A command's first docstring line; a group's (pack) own help text.
    assert listed == [(name, (inspect.getdoc(command.callback)  # type: ignore[attr-defined]
                              if command.callback else command.help).splitlines()[0])  # type: ignore[attr-defined]
                      for name, command in commands.items()]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"Usage: ibessay {name} " in result.stdout


def test_a_json_check_loads_only_what_it_needs() -> None:
    args = ["check", str(EXAMPLES / "exemplar.md"), "--prompt", PROMPT, "--format", "json"]
    first = run(*args)  # a student's first check compiles the rubric (with PyYAML) ...
    assert first.returncode == 0, first.stderr
    probe = ("import sys\nfrom ibessay.cli import main\ncode = main(sys.argv[1:])\n"
             "print(code, *sorted(sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                            text=True, timeout=60, check=False)  # ... later ones read the cache
    code, *modules = result.stderr.split()
    assert code == "0", result.stderr
    assert result.stdout.startswith('{"schema_version": 2')
    assert "ibessay.cli.checking" in modules
    for unwanted in ("rich", "yaml", "ibessay.cli.browsing", "ibessay.cli.writing",
                     "ibessay.cli.timed", "ibessay.cli.options"):
        assert not [m for m in modules if m == unwanted or m.startswith(unwanted + ".")], \
            unwanted


def _private(name: str) -> bool:
    """A private part of a dotted name: ``_click``, ``_json``; not ``__future__``."""
    return any(part.startswith("_") and not part.endswith("__") for part in name.split("."))


def private_uses(path: Path) -> list[str]:
    """Imports of a dependency's (or the standard library's) private modules or names, and
    private attributes read from what was imported: ``from typer._click import ...``,
    ``import _json``, ``typer.main._click``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported.add(alias.asname or alias.name.split(".")[0])
                if _private(alias.name):
                    found.append(f"{path.name}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                imported.add(alias.asname or alias.name)
                if _private(f"{node.module}.{alias.name}"):
                    found.append(f"{path.name}:{node.lineno}: from {node.module} "
                                 f"import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in imported:
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_api_of_a_dependency() -> None:
    files = sorted((ROOT / "ibessay").rglob("*.py"))
    assert len(files) > 20
    assert [use for path in files for use in private_uses(path)] == []


def test_the_private_api_check_finds_them(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from __future__ import annotations\nimport _json\nimport typer\n"
                      "from typer._click import exceptions\nfrom rich import _loop\n"
                      "x = typer.main._click\ny = self._cache\n", encoding="utf-8")
    assert [use.split(": ", 1)[1] for use in private_uses(sample)] == [
        "import _json", "from typer._click import exceptions", "from rich import _loop",
        "typer.main._click"]
