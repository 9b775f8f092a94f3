"""The layout by role holds: `claims/` never imports `checker/`, and each package of
`checker/` imports only the packages below it (docs/architecture.md), so no import cycle
can form between roles and a behaviour is found by its role."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: a package may import the ones before it, never one after it.
LAYERS: list[set[str]] = [
    {"errors", "settings", "vocabulary", "escaping", "progress", "scale", "i18n", "database_url"},
    {"store"},
    {"model"},
    {"retrieval"},
    {"verify"},
    {"review"},
    {"report"},
    {"ui", "cli", "__main__"},
]
LEVEL = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def role(module: str) -> str:
    """'checker.retrieval.search' → 'retrieval'; 'checker.settings' → 'settings'."""
    return module.split(".")[1]


def imported_modules(path: Path) -> set[str]:
    """Every desk module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {
        m
        for m in found
        if m.split(".")[0] in {"checker", "claims"}
        and (ROOT.joinpath(*m.split(".")).with_suffix(".py").is_file() or ROOT.joinpath(*m.split(".")).is_dir())
    }


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_claims_never_imports_the_checker():
    offenders = [
        (module_name(p), m)
        for p in sorted((ROOT / "claims").rglob("*.py"))
        for m in imported_modules(p)
        if m.startswith("checker")
    ]
    assert offenders == []


def test_every_checker_module_has_a_role():
    roles = {role(module_name(p)) for p in (ROOT / "checker").rglob("*.py") if module_name(p) != "checker"}
    assert roles <= set(LEVEL), sorted(roles - set(LEVEL))


def test_packages_import_only_the_roles_below_them():
    upward = []
    for path in sorted((ROOT / "checker").rglob("*.py")):
        here = module_name(path)
        if here == "checker":
            continue
        for target in imported_modules(path):
            if target == "checker" or target.startswith("claims"):
                continue
            if role(target) != role(here) and LEVEL[role(target)] > LEVEL[role(here)]:
                upward.append((here, target))
    assert upward == []


def test_no_test_module_imports_another():
    """Shared test helpers live in `tests/conftest.py` (and, for the browser only,
    `tests/e2e/conftest.py`): a fixture imported from another test module is built again
    for the importing one, and a helper hidden in a test file is not found where a
    newcomer looks for it."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if "artifacts" in path.parts:
            continue
        here = module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                if parts[0] != "tests":
                    continue
                test_module = any(p.startswith("test_") for p in parts[1:])
                browser_helpers = target.startswith("tests.e2e.conftest") and not here.startswith("tests.e2e.")
                if test_module or browser_helpers:
                    offenders.append((here, target))
    assert offenders == []
