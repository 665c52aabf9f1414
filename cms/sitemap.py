"""The sitemap lists the pages the public may see, nothing under an unpublished parent."""

from wagtail.contrib.sitemaps import Sitemap

from cms.visibility import public_pages


class PublicSitemap(Sitemap):
    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()
