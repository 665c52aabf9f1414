from wagtail import hooks

from cms.preview import preview_button, preview_urls

# The headless preview on a consumer site; apps offer their page types through SERIALIZERS_HOOK.
hooks.register("register_admin_urls", preview_urls)
hooks.register("register_page_header_buttons", preview_button)
