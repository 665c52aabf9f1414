from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def site_menu(request):
    """The home page's live children shown in menus; evaluated only when a template asks."""

    def menu():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(
            site.root_page.get_children().live().public().in_menu().only("title", "url_path")
        )

    return {"site_menu": SimpleLazyObject(menu)}
