"""The benchmark's baseline views: bench settings only, and never more than a visitor may see."""

from network.models import ContactPerson, Member


def test_baselines_are_not_part_of_the_production_urlconf(db, client):
    assert client.get("/bench/floor/").status_code == 404
    assert client.get("/bench/floor/partners/").status_code == 404
    assert client.get("/bench/api/v2/pages/").status_code == 404


def test_data_floor_lists_public_profile_fields_only(generate, bench_urls, client):
    generate(30)
    member = Member.objects.filter(partner_page__live=True).first()
    Member.objects.filter(pk=member.pk).update(internal_notes="SENTINEL-INTERN")
    ContactPerson.objects.create(
        member=member, name="SENTINEL-PERSON", email="sentinel@example.org", phone="0375-SENTINEL"
    )

    response = client.get("/bench/floor/partners/")

    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == min(50, Member.objects.filter(partner_page__live=True).count())
    assert member.name in {item["member__name"] for item in items}
    assert b"SENTINEL" not in response.content
    assert b"sentinel@example.org" not in response.content


def test_data_floor_filters_by_topic(generate, bench_urls, client):
    generate(30)
    member = Member.objects.filter(partner_page__live=True).first()
    topic = member.topics.first()

    items = client.get(f"/bench/floor/partners/?topic={topic.slug}").json()["items"]

    names = {item["member__name"] for item in items}
    assert member.name in names
    assert names == set(
        Member.objects.filter(partner_page__live=True, topics=topic).values_list("name", flat=True)
    )


def test_wagtail_floor_is_a_bare_page_as_deep_as_a_partner_profile(generate, client):
    from bench.management.commands.generate_bench_data import FLOOR_PATH
    from bench.models import FloorPage
    from network.models import PartnerPage

    generate(10)
    floor = FloorPage.objects.get(url_path__endswith=FLOOR_PATH)

    assert floor.live and floor.depth == PartnerPage.objects.first().depth
    # Served by Wagtail's page serving in the site's own URLconf, through the response cache.
    response = client.get(FLOOR_PATH, headers={"Cache-Control": "no-cache"})
    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    assert b"<h1>Seite</h1>" in response.content
    assert b"<nav" not in response.content  # none of the site's frame
