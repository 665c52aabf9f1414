import itertools

import pytest

from network.models import Member, PartnerIndexPage, Relationship
from network.workflow import MemberStatus, change_status

_numbers = itertools.count(1)

PATH_TO = {
    MemberStatus.APPLIED: [],
    MemberStatus.RECOMMENDED: [MemberStatus.RECOMMENDED],
    MemberStatus.ADMITTED: [MemberStatus.RECOMMENDED, MemberStatus.ADMITTED],
    MemberStatus.ENDED: [MemberStatus.RECOMMENDED, MemberStatus.ADMITTED, MemberStatus.ENDED],
    MemberStatus.REJECTED: [MemberStatus.REJECTED],
}


@pytest.fixture
def make_member(db):
    """A register entry brought to `status` through the real lifecycle."""

    def make(status=MemberStatus.APPLIED, **fields):
        fields.setdefault("name", f"Beispielverein {next(_numbers)} (fiktiv)")
        member = Member.objects.create(**fields)
        if member.relationship == Relationship.MEMBER:
            for step in PATH_TO[MemberStatus(status)]:
                change_status(member, step, resolution="P-2026-01")
        return member

    return make


@pytest.fixture
def partner_index(demo):
    return PartnerIndexPage.objects.get()
