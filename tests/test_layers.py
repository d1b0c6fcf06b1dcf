"""Layers point one way: an app imports only the apps below it (read from the source with ast, so
an import inside a function counts too). `territory` ← `accounts` ← `models_registry` ←
`reviews` ← `importer`, `stats`; the project package `danvan` imports no app; the home page
composes them all; the demo data sits above everything and nothing imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower imports nothing of higher; apps of the same rank do not import each other.
RANKS = {
    "danvan": 0,  # infrastructure only
    "territory": 1,
    "accounts": 2,
    "notifications": 3,  # the notices workflows send (`notifications.events`)
    "models_registry": 4,
    "reviews": 5,
    "assistance": 6,
    "importer": 6,
    "showcase": 6,
    "stats": 6,
    "documents": 7,  # papers drawn from the statistics and the decisions
    "home": 8,  # the home page and its to-do list: the one page that composes every app
    "demo": 9,
}

# Imports that run back up, each with the reason: (file, app) -> why. Keep this empty.
EXCEPTIONS = {}
# The data version (a token every write to the registry, reviews and territory changes, which the
# importer reads to know a preview's plan is still valid) lives in `stats`, where its table's
# migrations are: infrastructure any app may read.
DATA_VERSION_MODULES = ("stats.models", "stats.dataversion")


def imports_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def upward_imports():
    found = []
    for app, rank in RANKS.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, module in imports_of(path):
                target = module.split(".")[0]
                if target == app or target not in RANKS or RANKS[target] < rank:
                    continue
                if module.startswith(DATA_VERSION_MODULES) or (relative, target) in EXCEPTIONS:
                    continue
                found.append(f"{relative}:{line} imports {module}")
    return found


def test_every_app_of_the_portal_has_a_rank():
    # A new app needs its place in the layers before it can be checked.
    assert {p.parent.name for p in ROOT.glob("*/apps.py")} == set(RANKS)


def test_no_app_imports_an_app_above_it_or_beside_it():
    assert upward_imports() == []


def test_the_check_sees_an_import_that_runs_back_up(tmp_path, monkeypatch):
    (tmp_path / "territory").mkdir()
    (tmp_path / "territory" / "bad.py").write_text(
        "def f():\n    from models_registry.models import DvkModel\n", encoding="utf-8"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == ["territory/bad.py:2 imports models_registry.models"]


def test_production_can_leave_the_demo_app_out():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEMO_APP": "0", "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    script = (
        "import django; django.setup(); from django.apps import apps; "
        "from django.core.management import get_commands; "
        "print(apps.is_installed('demo'), 'load_demo_data' in get_commands(), "
        "'load_reference_data' in get_commands())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == ["False", "False", "True"], done.stderr
