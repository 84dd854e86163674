"""The architecture, as imports: engine and content are a pure core that knows nothing of
the command line, the practice layer, the renderers, Typer or Rich; content knows
nothing of the engine; no two subpackages import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ibessay"
# Each may import those before it.
LAYERS = ("content", "engine", "classset", "render", "packs", "practice", "cli")
# What each layer may import from the others (every import counts, also the ones made
# inside a function or only for type checking).
ALLOWED = {
    "content": set(),
    "engine": {"content"},
    "classset": {"engine", "content"},
    "render": {"engine", "content", "classset"},
    "packs": {"engine", "content"},
    "practice": {"engine", "content", "render"},
    "cli": {"engine", "content", "classset", "render", "packs", "practice"},
}
FORBIDDEN_PACKAGES = {layer: {"typer", "rich", "click"}
                      for layer in ("engine", "content", "classset", "packs")}


def _imports(path: Path) -> set[str]:
    """Dotted names of everything ``path`` imports, relative imports made absolute."""
    module = ".".join(("ibessay", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else \
        module.removesuffix(".__init__")
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
                names.add(target)
                names.update(f"{target}.{alias.name}" for alias in node.names)
            else:
                names.add(node.module or "")
    return names


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "ibessay" and parts[1] in LAYERS \
        else None


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            other = _layer(name)
            if other not in (None, layer) and other not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if name.split(".")[0] in FORBIDDEN_PACKAGES.get(layer, ()):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_allowed_imports_have_no_cycle() -> None:
    # A layer may import only layers listed before it in LAYERS.
    for i, layer in enumerate(LAYERS):
        assert ALLOWED[layer] <= set(LAYERS[:i]), layer


def test_every_module_is_in_a_layer() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "api.py", "atomic.py", "errors.py"], loose
