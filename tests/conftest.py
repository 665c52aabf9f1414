import io

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
    from home.management.commands.load_demo_content import load_demo

    return load_demo()


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
