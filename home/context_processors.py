from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def site_menu(request):
    """The home page's live children: menu pages in the header, all of them in the footer.

    One query, evaluated only when a template asks for it.
    """

    def children():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(
            site.root_page.get_children().live().public().only("title", "url_path", "show_in_menus")
        )

    pages = SimpleLazyObject(children)
    return {
        "site_menu": SimpleLazyObject(lambda: [page for page in pages if page.show_in_menus]),
        "site_footer_pages": pages,
    }
