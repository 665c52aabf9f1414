"""A site whose every personal or internal field holds a unique sentinel string.

The fields are declared once (PERSONAL_FIELDS); the fixture fills all private rows of each, so
rows the demo or other features create are covered too, not only the ones built here.
"""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction


@dataclass(frozen=True)
class Personal:
    model: str
    field: str
    private_rows: Q = field(default_factory=Q)
    core: bool = True


# (model, field, which rows are private). Core entries must exist: their absence fails the suite.
PERSONAL_FIELDS = [
    Personal("network.ContactPerson", "name", Q(publish_consent=False)),
    Personal("network.ContactPerson", "email", Q(publish_consent=False)),
    Personal("network.ContactPerson", "phone", Q(publish_consent=False)),
    Personal("network.Person", "name", Q(publish_consent=False)),
    Personal("network.Person", "public_name", Q(publish_consent=False)),
    Personal("network.Person", "email"),
    Personal("network.Person", "phone"),
    Personal("network.Member", "internal_notes"),
    Personal("network.Member", "end_reason"),
    Personal("network.MemberStatusChange", "reason"),
    Personal("network.MembershipApplication", "organisation", ~Q(status="accepted")),
    Personal("network.MembershipApplication", "contact_name"),
    Personal("network.MembershipApplication", "email"),
    Personal("network.MembershipApplication", "phone"),
    Personal("network.MembershipApplication", "message"),
    Personal("network.MembershipApplication", "rejection_reason"),
    Personal("events.AgendaItem", "title", Q(is_public=False), core=False),
    Personal("events.AgendaItem", "description", Q(is_public=False), core=False),
    Personal("events.SessionPage", "minutes", Q(minutes_approved=False), core=False),
]

_serial = itertools.count(1)


def sentinel_for(model_field):
    n = next(_serial)
    if model_field.get_internal_type() == "EmailField" or model_field.name == "email":
        return f"leak{n:04d}@sentinel.invalid"
    if model_field.max_length and model_field.max_length < 20:
        return f"SNT{n:04d}"
    return f"SentinelLeak{n:04d}"


def resolve(entry):
    try:
        model = apps.get_model(entry.model)
        return model, model._meta.get_field(entry.field)
    except (LookupError, FieldDoesNotExist):
        return None, None


def plant_sentinels():
    """Give every private row of every declared field its own sentinel; return all of them."""
    planted, missing = {}, []
    for entry in PERSONAL_FIELDS:
        model, model_field = resolve(entry)
        if model is None:
            if entry.core:
                missing.append(f"{entry.model}.{entry.field}")
            continue
        rows = model._base_manager.filter(entry.private_rows)
        for pk in rows.values_list("pk", flat=True):
            value = sentinel_for(model_field)
            model._base_manager.filter(pk=pk).update(**{entry.field: value})
            planted[value] = f"{entry.model}.{entry.field}#{pk}"
    assert not missing, f"personal fields the privacy proof relies on are gone: {missing}"
    return planted


def build_private_rows(demo):
    """At least one private row for each declared field, beyond what the demo holds."""
    from network.models import (
        ContactPerson,
        Member,
        MembershipApplication,
        Person,
        WorkingGroupPage,
    )
    from network.workflow import MemberStatus, change_status

    member = Member.objects.create(name="Datenschutz-Probe e. V.", municipality="Zwickau")
    change_status(member, MemberStatus.RECOMMENDED, resolution="B-2026-99", reason="x")
    ContactPerson.objects.create(member=member, name="x", email="x@example.org", phone="1")
    person = Person.objects.create(name="x", public_name="x", email="p@example.org", phone="2")
    for status in ("new", "rejected"):
        MembershipApplication.objects.create(
            organisation="x",
            kind=member.kind,
            municipality="Zwickau",
            contact_name="x",
            email="a@example.org",
            phone="3",
            message="x",
            rejection_reason="x" if status == "rejected" else "",
            privacy_consent_at=timezone.now(),
            status=status,
        )
    Member.objects.filter(pk=member.pk).update(end_reason="x", internal_notes="x")
    plenary = WorkingGroupPage.objects.filter(kind="plenary").first()
    build_private_session_rows(plenary, person, member)
    return person


def build_private_session_rows(plenary, person, member):
    try:
        from events.models import AgendaItem, Attendance, SessionPage
    except ImportError:
        return
    session = SessionPage(
        title="Sitzung mit internen Punkten",
        start=timezone.now() - datetime.timedelta(days=3),
        minutes="<p>x</p>",
        minutes_approved=False,
    )
    plenary.add_child(instance=session)
    AgendaItem.objects.create(session=session, title="x", description="x", is_public=False)
    AgendaItem.objects.create(session=session, title="Öffentlicher Punkt", is_public=True)
    Attendance.objects.create(session=session, person=person)
    Attendance.objects.create(session=session, member=member)
    session.save_revision().publish()


def build_hidden_pages(home):
    """A draft, a draft change to a live page, and a password-protected page."""
    from home.models import NewsIndexPage, NewsPage

    news_index = NewsIndexPage.objects.first()
    hidden = {}
    draft = NewsPage(title="x", date=timezone.localdate(), live=False)
    news_index.add_child(instance=draft)
    hidden[f"SentinelDraft{next(_serial):04d}"] = draft
    private = NewsPage(title="x", date=timezone.localdate())
    news_index.add_child(instance=private)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
    )
    hidden[f"SentinelPrivate{next(_serial):04d}"] = private
    planted = {}
    for value, page in hidden.items():
        page.title = value
        page.save_revision().publish() if page.live else page.save_revision()
        planted[value] = f"page #{page.pk} ({'live, restricted' if page.live else 'draft'})"
    changed = Page.objects.live().public().exclude(depth__lte=2).first().specific
    pending_title = f"SentinelPendingChange{next(_serial):04d}"
    changed.title = pending_title
    changed.save_revision()  # saved, never published
    planted[pending_title] = f"unpublished revision of page #{changed.pk}"
    return planted


@pytest.fixture
def sentinel_site(demo):
    build_private_rows(demo)
    planted = plant_sentinels()
    planted.update(build_hidden_pages(demo["home"]))
    return planted
