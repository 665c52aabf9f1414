import datetime
import io
import itertools

import pytest
from django.core.cache import cache
from django.core.management import call_command

pytest_plugins = [
    "tests.published_content",
    "tests.demo_content",
    "tests.bodies_content",
]

_numbers = itertools.count(1)


def pytest_collection_modifyitems(items):
    """The load and fault tests first, everything else in pytest-django's order.

    With `--dist worksteal` an idle worker takes over the queued tests of a busy one, but a
    running test cannot be split: a minute-long load test that starts last keeps the whole run
    waiting for it while the other worker idles. A test that flushes the test database
    (transactional, a live server: the browser tests) stays last, where pytest-django puts it,
    so the tests after it still find what the migrations created.
    """

    def flushes(item):
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))

    items.sort(key=lambda item: item.get_closest_marker("slow") is None or flushes(item))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached responses must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo tree, loaded once per test process (see tests/demo_snapshot.py)."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from home.management.commands.load_demo_content import load_demo
    from tests.demo_snapshot import identify, take_snapshot

    def build():
        ensure_wagtail_base()
        # Wagtail's reference index ("Verwendung" in the admin) is a fifth of the demo's load
        # time and no test reads it for the demo pages; `make run` keeps it.
        with disable_reference_index_auto_update():
            return identify(load_demo())

    with django_db_blocker.unblock():
        return take_snapshot(build)


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo tree from the plan, as `make run` loads it; returns the key pages.

    Every test gets the pristine tree (restored by `wagtail_base` before any other fixture
    writes) and fresh instances of its key objects, whatever earlier tests changed.
    """
    from django.contrib.contenttypes.models import ContentType

    from tests.demo_snapshot import refetch

    yield refetch(demo_snapshot[1])
    # After a flush the snapshot's content type ids differ from those the rollback brings back.
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def wagtail_base(request):
    uses_db = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    if "demo" in request.fixturenames:
        # First, so the demo replaces nothing that other fixtures of the test create.
        from tests.demo_snapshot import restore_snapshot

        restore_snapshot(request.getfixturevalue("demo_snapshot")[0])
        # Cached responses and fragments were keyed by the content before the restore.
        cache.clear()
    else:
        ensure_wagtail_base()


def ensure_wagtail_base():
    """Recreate what Wagtail's data migrations provide when a transactional test flushed it.

    Live-server and backup/restore tests flush the database afterwards; the next test on the
    same worker then starts without the root page, locale and root collection.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="x-secret-password-1"
    )
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def make_member(db):
    """A register entry brought to `status` through the real lifecycle."""
    from network.models import Member, Relationship
    from network.workflow import MemberStatus, change_status

    path_to = {
        MemberStatus.APPLIED: [],
        MemberStatus.RECOMMENDED: [MemberStatus.RECOMMENDED],
        MemberStatus.ADMITTED: [MemberStatus.RECOMMENDED, MemberStatus.ADMITTED],
        MemberStatus.ENDED: [MemberStatus.RECOMMENDED, MemberStatus.ADMITTED, MemberStatus.ENDED],
        MemberStatus.REJECTED: [MemberStatus.REJECTED],
    }

    def make(status=MemberStatus.APPLIED, **fields):
        fields.setdefault("name", f"Beispielverein {next(_numbers)} (fiktiv)")
        member = Member.objects.create(**fields)
        if member.relationship == Relationship.MEMBER:
            # Dated early in the year, so a test may record a later step on any date since.
            for step in path_to[MemberStatus(status)]:
                change_status(
                    member, step, resolution="P-2026-01", decided_on=datetime.date(2026, 1, 2)
                )
        return member

    return make


@pytest.fixture
def make_partner_profile(demo, make_member):
    """An admitted member with its profile published in the demo's partner directory."""
    from network.models import MemberKind, Topic
    from network.partners import create_partner_profile
    from network.workflow import MemberStatus

    def make(name=None, *, town="Zwickau", kind=MemberKind.ASSOCIATION, topics=(), **fields):
        fields.setdefault("name", name or f"Partnerverein {next(_numbers):03d} (fiktiv)")
        member = make_member(MemberStatus.ADMITTED, municipality=town, kind=kind, **fields)
        member.topics.set(Topic.objects.filter(name__in=topics))
        member.save()  # parental many-to-many values reach the database on save
        return create_partner_profile(member)

    return make


@pytest.fixture
def load_demo_command(db):
    def run(*args):
        call_command("load_demo_content", "--no-admin", *args, stdout=io.StringIO())

    return run


@pytest.fixture
def login_role(client, demo, django_user_model):
    """Log the test client in as a new user of one of the alliance's groups; returns the user."""
    from network.roles import ensure_groups

    groups = ensure_groups()

    def login(role):
        user = django_user_model.objects.create_user(f"rolle-{next(_numbers)}", password="x")
        user.groups.add(groups[role])
        client.force_login(user)
        return user

    return login
