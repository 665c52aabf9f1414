"""Absolute page URLs from `url_path`, without Wagtail's per-page site lookup.

Lists and feeds build hundreds of URLs per request; `Page.get_full_url` looks up the site and
reverses the serve view for every single page, which profiling showed as a large share of a list.
"""

from wagtail.models import Site


def site_roots():
    """(root path, root URL) of every site, longest root path first."""
    roots = [
        (root.root_path, root.root_url.rstrip("/"))
        for root in Site.get_site_root_paths()
        if root.root_url
    ]
    return sorted(roots, key=lambda root: -len(root[0]))


def full_url(url_path, roots):
    for root_path, root_url in roots:
        if url_path.startswith(root_path):
            return root_url + url_path[len(root_path) - 1 :]
    return None
