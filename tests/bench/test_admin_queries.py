"""The office's slowest screens cost the same number of queries for 10 rows as for 100."""

import pytest
from django.urls import reverse

from bench.scenarios import clients
from network.admin_views import MemberIndexView
from network.models import ContactPerson, Member
from network.workflow import MemberStatus

LIST_BUDGET = 11
EDIT_BUDGET = 20


@pytest.mark.parametrize("rows", [10, 100])
def test_register_listing_queries_do_not_grow_with_the_page(
    rows, generate, monkeypatch, django_assert_max_num_queries
):
    generate(250)
    monkeypatch.setattr(MemberIndexView, "get_paginate_by", lambda self, queryset: rows)
    client = clients()["signed_in"]
    url = reverse(Member.snippet_viewset.get_url_name("list")) + "?status=admitted"

    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(url)

    assert response.status_code == 200
    edit_links = [
        reverse(Member.snippet_viewset.get_url_name("edit"), args=(pk,))
        for pk in Member.objects.filter(status=MemberStatus.ADMITTED).values_list("pk", flat=True)
    ]
    assert sum(link in response.content.decode() for link in edit_links) == rows


@pytest.mark.parametrize("contacts", [1, 30])
def test_member_edit_queries_do_not_grow_with_its_contacts(
    contacts, generate, django_assert_max_num_queries
):
    generate(10)
    member = Member.objects.filter(status=MemberStatus.ADMITTED).first()
    ContactPerson.objects.filter(member=member).delete()
    ContactPerson.objects.bulk_create(
        ContactPerson(member=member, sort_order=n, name=f"Person {n}") for n in range(contacts)
    )
    client = clients()["signed_in"]

    with django_assert_max_num_queries(EDIT_BUDGET):
        response = client.get(
            reverse(Member.snippet_viewset.get_url_name("edit"), args=(member.pk,))
        )

    assert response.status_code == 200
    assert response.content.decode().count('value="Person ') == contacts
