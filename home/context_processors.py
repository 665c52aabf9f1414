from typing import NamedTuple

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cms.cache import content_version, per_content_version
from cms.visibility import public_pages
from home.models import AllianceSettings


class MenuItem(NamedTuple):
    pk: int
    title: str
    url: str
    url_path: str
    show_in_menus: bool


def site_menu(request):
    """The home page's live children: menu pages in the header, all of them in the footer.

    Read once per content version and kept in the cache, evaluated only when a template asks.
    `content_version` keys the template fragments that change only when content does.
    """

    def children():
        site = Site.find_for_request(request)
        if site is None:
            return []

        def read():
            pages = public_pages(site.root_page.get_children())
            return [
                MenuItem(
                    page.pk, page.title, page.get_url(request), page.url_path, page.show_in_menus
                )
                for page in pages.only("title", "url_path", "show_in_menus")
            ]

        return per_content_version(f"site-menu:{site.pk}", read)

    def menu():
        # Until editors pick menu pages ("In Menüs anzeigen"), every section is in the menu.
        return [page for page in pages if page.show_in_menus] or list(pages)

    def office_name():
        # In every page title; the settings row would be one more query per page.
        site = Site.find_for_request(request)
        if site is None:
            return ""
        return per_content_version(
            f"office-name:{site.pk}", lambda: AllianceSettings.for_site(site).office_name
        )

    pages = SimpleLazyObject(children)
    return {
        "site_menu": SimpleLazyObject(menu),
        "office_name": SimpleLazyObject(office_name),
        "site_footer_pages": pages,
        "content_version": SimpleLazyObject(content_version),
    }
