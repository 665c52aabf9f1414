import io
import itertools

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached responses must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo tree from the plan, as `make run` loads it; returns the key pages."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from home.management.commands.load_demo_content import load_demo

    # Wagtail's reference index ("Verwendung" in the admin) is a fifth of the demo's load time
    # and no test reads it for the demo pages; `make run` keeps it.
    with disable_reference_index_auto_update():
        return load_demo()


@pytest.fixture(autouse=True)
def wagtail_base(request):
    uses_db = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
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
def load_demo_command(db):
    def run(*args):
        call_command("load_demo_content", "--no-admin", *args, stdout=io.StringIO())

    return run


@pytest.fixture
def login_role(client, demo, django_user_model):
    """Log the test client in as a new user of one of the alliance's groups; returns the user."""
    from network.roles import ensure_groups

    groups = ensure_groups()
    numbers = itertools.count(1)

    def login(role):
        user = django_user_model.objects.create_user(f"rolle-{next(numbers)}", password="x")
        user.groups.add(groups[role])
        client.force_login(user)
        return user

    return login
