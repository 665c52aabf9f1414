from django.http import Http404
from wagtail import hooks

from cms.visibility import hidden_by_unpublished_parent


@hooks.register("before_serve_page")
def refuse_pages_below_unpublished_parents(page, request, serve_args, serve_kwargs):
    """Unpublishing a body without its sessions must still take the sessions offline."""
    if hidden_by_unpublished_parent(page):
        raise Http404
