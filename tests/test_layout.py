"""The package folders are the stages of the data flow; every import points from a later stage to an earlier one."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from healthgraph import settings

PACKAGE = settings.PROJECT_ROOT / "src" / "healthgraph"
# the shared core, then the stages in the order of the data flow; the command line may import anything
CORE = {
    "errors",
    "namespaces",
    "terms",
    "labels",
    "cells",
    "files",
    "memory",
    "html",
    "settings",
    "__init__",
    "__main__",
}
STAGES = ["curation", "sources", "pipeline", "sparql", "network", "views"]  # pipeline.py wires the first two


def _imports(path: Path) -> set[str]:
    """Every healthgraph module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("healthgraph"):
            found.add(node.module)
            folder = PACKAGE.joinpath(*node.module.split(".")[1:])
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir()
            )
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("healthgraph"))
    return found


def _stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_is_in_a_stage_folder_or_the_core() -> None:
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top - CORE == {"cli", "pipeline"}, f"modules outside a stage folder: {sorted(top - CORE)}"
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert folders == set(STAGES) - {"pipeline"}


def test_imports_point_one_way() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own in ("cli", "__main__"):  # the command line wires every stage
            continue
        allowed = CORE | ({own} if own in STAGES else set())
        if own in STAGES:
            allowed |= set(STAGES[: STAGES.index(own)])
        for module in _imports(path):
            stage = _stage_of(module)
            if stage not in allowed and stage not in CORE:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_core_imports_no_stage() -> None:
    for name in CORE - {"__main__"}:
        path = PACKAGE / f"{name}.py"
        stages = {_stage_of(m) for m in _imports(path)} & set(STAGES)
        assert not stages, f"{name}.py imports {stages}"


def test_every_stage_folder_states_its_api() -> None:
    for folder in [*(set(STAGES) - {"pipeline"}), "sparql/endpoint", "sources/articles"]:
        text = (PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        assert "Depends on" in docstring and len(docstring) > 150, folder


def test_the_wheel_lists_every_package_folder() -> None:
    config = tomllib.loads((settings.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        "healthgraph." + ".".join(path.relative_to(PACKAGE).parts) if path != PACKAGE else "healthgraph"
        for path in [PACKAGE, *PACKAGE.rglob("*")]
        if path.is_dir() and "__pycache__" not in path.parts and any(path.glob("*.py"))
    }
    templates = {f"healthgraph.{folder}.templates" for folder in ("sparql.endpoint", "views")}
    assert on_disk | templates <= listed, sorted(on_disk | templates - listed)
