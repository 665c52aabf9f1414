"""The Wagtail floor: the least a page served through Wagtail's page tree can cost.

A title and a bare template, no menu, no queries of its own. The generator puts one at the
depth of the rendered HTML scenarios, so `floor_wagtail` measures Wagtail's routing and
serving through the same middleware, and the HTML targets compare what the site adds to it.
"""

from wagtail.models import Page


class FloorPage(Page):
    # Created only by the benchmark generator, never by an editor.
    parent_page_types = ["bench.FloorPage", "home.HomePage"]
    subpage_types = ["bench.FloorPage"]
    template = "bench/floor_page.html"
