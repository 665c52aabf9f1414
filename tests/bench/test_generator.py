import pytest
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Page

from events.models import EventPage, SessionPage
from home.models import NewsPage
from network.models import ContactPerson, Member, PartnerPage, WorkingGroupPage
from network.workflow import MemberStatus


def test_generator_builds_a_consistent_published_tree(generate, client):
    output = generate(40, bodies=4, sessions=20, events=15, news=5)

    admitted = Member.objects.filter(status=MemberStatus.ADMITTED)
    assert Member.objects.filter(name__startswith="Bench ").count() == 40
    assert PartnerPage.objects.live().count() == admitted.count() > 0
    assert WorkingGroupPage.objects.filter(slug__startswith="bench-gremium-").count() == 4
    assert SessionPage.objects.count() == 20
    assert EventPage.objects.count() == 15
    assert NewsPage.objects.count() == 5
    assert ContactPerson.objects.filter(member__in=admitted).exists()
    # treebeard's own consistency check: paths, depths and child counts all agree
    assert all(not problems for problems in Page.find_problems())
    assert "total" in output and "/s" in output

    profile = PartnerPage.objects.live().first()
    assert client.get(profile.url).status_code == 200
    session = SessionPage.objects.first()
    assert client.get(session.url).status_code == 200


def test_generator_is_deterministic_by_seed(generate):
    def snapshot(seed):
        with transaction.atomic():
            generate(30, bodies=2, sessions=10, events=10, news=5, seed=seed)
            rows = (
                list(Member.objects.order_by("name").values_list("name", "status", "municipality")),
                list(EventPage.objects.order_by("path").values_list("title", "start", "slug")),
                list(PartnerPage.objects.order_by("path").values_list("url_path", flat=True)),
            )
            transaction.set_rollback(True)
        return rows

    assert snapshot(1) == snapshot(1)
    assert snapshot(1) != snapshot(2)


def test_generator_refuses_a_database_that_already_has_bench_data(generate):
    generate(5, bodies=1, sessions=2, events=2, news=2)

    with pytest.raises(CommandError, match="bereits Benchmark-Daten"):
        generate(5, bodies=1, sessions=2, events=2, news=2)
    assert Member.objects.filter(name__startswith="Bench ").count() == 5
