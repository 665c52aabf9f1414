"""Every page type is added through the view that creates a page once per add form."""

from django.urls import reverse
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import get_page_models

from cms.page_creation import CreatePageOnceView


def test_every_page_type_uses_the_create_once_add_view():
    reverse("wagtailadmin_home")  # loading the admin's URLs registers the viewsets
    # An app registering its own PageViewSet must keep the add view (cms/page_creation.py).
    assert {
        model.__name__
        for model in get_page_models()
        if not issubclass(
            page_viewset_registry.get_by_type(model).add_view_class, CreatePageOnceView
        )
    } == set()
