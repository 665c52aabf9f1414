import pytest

from network.models import PartnerIndexPage


@pytest.fixture
def partner_index(demo):
    return PartnerIndexPage.objects.get()
