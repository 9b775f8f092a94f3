"""The layout by role holds: `claims/` never imports `checker/`, and each package of
`checker/` imports only the packages below it (docs/architecture.md), so no import cycle
can form between roles and a behaviour is found by its role."""

from __future__ import annotations

import ast
import re
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


# ---------------------------------------------------------------- every SQL statement in the store

SQL_TEXT = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(CREATE|DROP|ALTER)\s+(TEMP\s+|VIRTUAL\s+|UNIQUE\s+|MATERIALIZED\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bPRAGMA\s+\w+|\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b|\bVALUES\s*\(\s*(\?|%s)"
)
"""SQL as the desk writes it (keywords in capitals): a statement, a DDL, a PRAGMA."""
DATABASE_ATTRIBUTES = {"db", "conn", "raw", "cursor", "execute", "executemany", "executescript", "query"}
"""A store's connection (`store.db`, `.conn`, the driver's `.raw`) and what runs statements on one."""
DATABASE_LIBRARIES = {"sqlite3", "sqlite_utils", "psycopg", "psycopg2", "apsw"}


def outside_the_store() -> list[Path]:
    """Every module that must reach the database through the store's methods."""
    return [
        *sorted(p for p in (ROOT / "checker").rglob("*.py") if "store" not in p.relative_to(ROOT / "checker").parts),
        *sorted((ROOT / "claims").rglob("*.py")),
        ROOT / "app.py",
    ]


def database_use(path: Path) -> list[str]:
    """'file:line: what' for each SQL text, connection access or database library import."""
    found = []
    where = path.relative_to(ROOT)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            found.append(f"{where}:{node.lineno}: SQL text {node.value.strip()[:50]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in DATABASE_ATTRIBUTES:
            found.append(f"{where}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{where}:{node.lineno}: import {n}" for n in names if n.split(".")[0] in DATABASE_LIBRARIES]
    return sorted(found, key=lambda line: int(line.split(":")[1]))


def test_every_sql_statement_and_connection_use_is_in_the_store():
    offenders = [line for path in outside_the_store() for line in database_use(path)]
    assert offenders == [], "\n".join(offenders)


def test_the_sql_check_sees_the_stores_own_statements():
    """The check above finds what it looks for: the store itself is full of it."""
    found = database_use(ROOT / "checker" / "store" / "database.py")
    assert any(": SQL text 'SELECT" in line for line in found)
    assert any(": SQL text 'INSERT" in line for line in found)
    assert any(": .execute" in line for line in found)
    assert any(": import sqlite3" in line for line in found)


TABLE_WRITE_HELPERS = {"insert", "insert_all", "upsert", "upsert_all", "update", "delete_where", "lookup"}
"""sqlite-utils' table helpers that write: the store writes with statements instead."""
WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b")


def written_past_run(path: Path) -> list[str]:
    """'file:line: what' for each write in a store module that is not a statement given to
    `_run`/`_run_many`: a table helper on `db[...]`/`db.table(...)`, or an INSERT, UPDATE
    or DELETE handed straight to a connection's execute."""
    found = []
    where = path.relative_to(ROOT)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target, name = node.func.value, node.func.attr
        on_table = isinstance(target, ast.Subscript) or (
            isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) and target.func.attr == "table"
        )
        if name in TABLE_WRITE_HELPERS and on_table:
            found.append(f"{where}:{node.lineno}: table helper .{name}()")
        elif name in {"execute", "executemany", "executescript"} and node.args:
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""
            if isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
                text = str(first.values[0].value)
            if WRITE_STATEMENT.match(text):
                found.append(f"{where}:{node.lineno}: .{name}({text.strip()[:40]!r}) outside _run")
    return found


def test_the_store_writes_in_one_style():
    """Every write is an explicit statement run by `Store._run` or `Store._run_many`
    inside `Store._write` (docs/architecture.md, "One write style")."""
    offenders = [line for p in sorted((ROOT / "checker" / "store").rglob("*.py")) for line in written_past_run(p)]
    assert offenders == [], "\n".join(offenders)


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
