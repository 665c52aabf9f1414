"""The rules of what the public may see are written in cms.visibility (and the rules the apps
register with it), nowhere else: an output that filters on its own drifts from the others.

Scans every public output module and template for the fields the rules are made of.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_MODULES = sorted(
    path
    for pattern in (
        "api.py",
        "views.py",
        "feeds.py",
        "ical.py",
        "calendar.py",
        "sitemap.py",
        "directory.py",
        "filters.py",
        "context_processors.py",
        "preview.py",
        "templatetags/*.py",
        "oparl/*.py",
        "webhooks/signals.py",
        "webhooks.py",
    )
    for app in ("cms", "home", "network", "events")
    for path in ROOT.glob(f"{app}/{pattern}")
)
# What the rules are made of: liveness, view restrictions, admission and consent.
RULE_FIELDS = {"live", "view_restrictions", "publish_consent", "is_public", "is_admitted"}
RULE_CALLS = {"live", "public", "not_live", "get_view_restrictions"}
MEMBER_STATES = {"ADMITTED", "APPLIED", "RECOMMENDED", "REJECTED", "ENDED"}
PUBLIC_TEMPLATES = [
    path for path in (ROOT / "templates").rglob("*.html") if "admin" not in path.parts
]
# Not a visibility decision: which register decision is announced as which webhook event.
ALLOWED = {"network/webhooks.py": {"MemberStatus.ADMITTED", "MemberStatus.ENDED"}}
TEMPLATE_RULE = re.compile(r"\.(live|publish_consent|is_admitted|view_restrictions)\b")


def own_filters(source):
    """(line, what) for every place that decides public visibility itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg:
            if set(node.arg.split("__")) & RULE_FIELDS:
                found.append((node.value.lineno, f"filter on {node.arg}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RULE_CALLS and not node.args:
                found.append((node.lineno, f".{node.func.attr}()"))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr in RULE_FIELDS - {"publish_consent"}:
                found.append((node.lineno, f".{node.attr}"))
            elif node.attr in MEMBER_STATES and getattr(node.value, "id", "") == "MemberStatus":
                found.append((node.lineno, f"MemberStatus.{node.attr}"))
    return found


def test_the_scan_covers_every_kind_of_output():
    names = {str(path.relative_to(ROOT)) for path in OUTPUT_MODULES}
    for expected in (
        "cms/api.py",
        "cms/sitemap.py",
        "home/api.py",
        "home/feeds.py",
        "home/views.py",
        "home/templatetags/site_tags.py",
        "network/api.py",
        "network/directory.py",
        "events/api.py",
        "events/ical.py",
        "events/calendar.py",
        "cms/oparl/views.py",
        "cms/oparl/serializers.py",
        "cms/webhooks/signals.py",
        "network/webhooks.py",
    ):
        assert expected in names


@pytest.mark.parametrize("path", OUTPUT_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_output_modules_ask_the_visibility_layer(path):
    allowed = ALLOWED.get(str(path.relative_to(ROOT)), set())
    found = [(line, what) for line, what in own_filters(path.read_text()) if what not in allowed]
    assert not found, (
        f"{path.relative_to(ROOT)} decides visibility itself; use cms.visibility "
        f"(visible_to_public, is_public, is_public_page) instead: {found}"
    )


@pytest.mark.parametrize("path", PUBLIC_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_public_templates_ask_the_visibility_layer(path):
    assert not TEMPLATE_RULE.findall(path.read_text())


def test_the_scan_catches_an_output_filtering_on_its_own():
    drifting = """
pages = NewsPage.objects.live().public()
seats = BodyMembership.objects.filter(body__live=True, person__publish_consent=True)
members = Member.objects.filter(status=MemberStatus.ADMITTED)
linked = profile.live and member.is_admitted
"""
    found = {what for _line, what in own_filters(drifting)}
    assert found == {
        ".live()",
        ".public()",
        "filter on body__live",
        "filter on person__publish_consent",
        "MemberStatus.ADMITTED",
        ".live",
        ".is_admitted",
    }
