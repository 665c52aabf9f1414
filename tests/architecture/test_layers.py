"""Packages depend one way (docs/architecture.md): the core imports no domain app, domain apps
import downwards only, output packages export the apps, and only the wiring imports everything.

Imports inside functions count too: moving an import into a function hides a cycle from Python,
not from the design.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {"cms", "home", "network", "events", "bench"}

# Which project packages a package may import, bottom to top. A package is named by its dotted
# prefix; the longest matching prefix decides.
ALLOWED = {
    "cms": {"cms"},
    "cms.settings": {"cms.settings"},
    "network": {"cms", "network"},
    "events": {"cms", "network", "events"},
    "home": {"cms", "network", "events", "home"},
    # Output packages: they export what the apps hold.
    "cms.oparl": {"cms", "network", "events", "home"},
    # The wiring: URL configuration, mounted API routers, the WSGI entry point.
    "cms.urls": {"cms", "cms.api_routes", "cms.oparl", "network", "events", "home"},
    "cms.api_routes": {"cms", "network", "events", "home"},
    "cms.wsgi": {"cms"},
}
# The core's own packages that export nothing of the apps (they ask the apps through hooks).
CORE_PACKAGES = {"cms.webhooks"}


def package_of(module):
    candidates = [name for name in ALLOWED if module == name or module.startswith(name + ".")]
    return max(candidates, key=len) if candidates else None


def project_modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in {"cms", "home", "network", "events"}:
            continue
        if "migrations" in relative.parts:
            continue
        yield ".".join(relative.with_suffix("").parts).removesuffix(".__init__"), path


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def target_of(imported):
    """The project package an import lands in, at the granularity ALLOWED speaks of."""
    if imported.split(".")[0] not in PROJECT:
        return None
    for core in CORE_PACKAGES:
        if imported == core or imported.startswith(core + "."):
            return "cms"
    return package_of(imported) or imported.split(".")[0]


def test_every_module_belongs_to_a_layer():
    unplaced = [module for module, _path in project_modules() if package_of(module) is None]
    assert unplaced == []


@pytest.mark.parametrize(("module", "path"), list(project_modules()), ids=lambda v: str(v))
def test_imports_point_one_way(module, path):
    allowed = ALLOWED[package_of(module)] | {package_of(module)}
    wrong = []
    for imported in imported_modules(path):
        target = target_of(imported)
        if target is None:
            continue
        if target not in allowed:
            wrong.append(imported)
    assert wrong == [], f"{module} may import only {sorted(allowed)}"
