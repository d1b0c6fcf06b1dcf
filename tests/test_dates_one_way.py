"""Dates are written one way, dd/mm/yyyy (issue 14, item 14): "01/07/2025", never "01/7/2025"
or "1/7/2025" beside "30/06/2025". Checked in what users read: templates and the string
literals of the code (docstrings and comments, read by developers, are left alone)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "assistance",
    "danvan",
    "documents",
    "importer",
    "models_registry",
    "notifications",
    "reviews",
    "showcase",
    "stats",
    "territory",
]
SHORT_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def short_dates(text):
    return [m.group() for m in SHORT_DATE.finditer(text) if len(m[1]) < 2 or len(m[2]) < 2]


def literals(tree):
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def test_templates_write_dates_dd_mm_yyyy():
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {d}" for d in short_dates(line)]
    assert found == []


def test_messages_in_the_code_write_dates_dd_mm_yyyy():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, text in literals(ast.parse(path.read_text())):
                found += [f"{path.relative_to(ROOT)}:{number}: {d}" for d in short_dates(text)]
    assert found == []
