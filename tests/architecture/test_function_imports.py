"""Project imports sit at module level, where they show which module depends on which.

An import inside a function hides a cycle from Python, not from the design; only the places
where Django or Wagtail decide the order may import late, each with its reason below.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {"cms", "home", "network", "events", "bench"}

READY = "AppConfig.ready: the receivers import models, so they load once the registry is ready"
PAGE_VIEW = "a Wagtail page is its own view; the helper it renders with imports the page's models"
BEFORE_SETUP = "runs before django.setup(); bench.scenarios imports the models"

# (file, function) → why the import has to wait.
ALLOWED = {
    ("cms/apps.py", "CoreConfig.ready"): READY,
    ("cms/webhooks/apps.py", "WebhooksConfig.ready"): READY,
    ("events/apps.py", "EventsConfig.ready"): READY,
    ("network/apps.py", "NetworkConfig.ready"): READY,
    ("cms/search.py", "SearchBackend"): "a database's search models exist only on that database",
    ("events/models.py", "EventIndexPage.get_context"): PAGE_VIEW,
    ("network/models.py", "PartnerIndexPage.get_context"): PAGE_VIEW,
    ("network/models.py", "PartnerApplicationPage.serve"): PAGE_VIEW,
    ("bench/run.py", "ClientLoad.__call__"): BEFORE_SETUP,
    ("bench/run.py", "evaluate"): BEFORE_SETUP,
    ("bench/run.py", "run_suite"): BEFORE_SETUP,
    ("bench/run.py", "main"): BEFORE_SETUP,
    ("bench/inprocess.py", "measure"): BEFORE_SETUP,
    ("bench/inprocess.py", "main"): BEFORE_SETUP,
    (
        "bench/profile_request.py",
        "main",
    ): "a script: bench is importable once the root is on the path",
}


def _project_import(node):
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in PROJECT for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in PROJECT
    return False


def _late_imports(node, scope, inside_function):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            function = inside_function or not isinstance(child, ast.ClassDef)
            yield from _late_imports(child, [*scope, child.name], function)
        elif inside_function and _project_import(child):
            yield ".".join(scope), child.lineno
        else:
            yield from _late_imports(child, scope, inside_function)


def function_level_imports():
    """{(file, qualified function): [line, ...]} for every project import inside a function."""
    found = {}
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in PROJECT or "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        for function, line in _late_imports(tree, [], False):
            found.setdefault((relative.as_posix(), function), []).append(line)
    return found


def test_the_scanner_finds_an_import_in_a_method():
    tree = ast.parse("class A:\n    def f(self):\n        from events.models import X\n")
    assert list(_late_imports(tree, [], False)) == [("A.f", 3)]


def test_project_imports_inside_functions_are_only_the_allowed_ones():
    unexplained = {
        f"{file}:{lines[0]} {function}"
        for (file, function), lines in function_level_imports().items()
        if (file, function) not in ALLOWED
    }
    assert unexplained == set(), "import at module level, or add the function with its reason"


def test_every_allowed_entry_still_exists():
    stale = set(ALLOWED) - set(function_level_imports())
    assert stale == set(), "drop entries whose late import is gone"
