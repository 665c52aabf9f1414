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

    def menu():
        # Until editors pick menu pages ("In Menüs anzeigen"), every section is in the menu.
        return [page for page in pages if page.show_in_menus] or list(pages)

    pages = SimpleLazyObject(children)
    return {
        "site_menu": SimpleLazyObject(menu),
        "site_footer_pages": pages,
    }
