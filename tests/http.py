from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, streamfield


def body_bytes(response):
    """A test-client response's body, whether it was streamed (feeds, exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def body_text(response):
    return body_bytes(response).decode()


def form_data(html, form_id):
    """The controls of the form `form_id` as a browser submits them, before any script runs.

    Formset templates (`__prefix__`) are left out: a browser only submits their copies.
    """
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        kind = field.get("type", "text")
        if not name or "__prefix__" in name:
            continue
        if kind in ("submit", "button", "file") or field.has_attr("disabled"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text)
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            data.setdefault(name, []).extend(option.get("value", "") for option in chosen)
        else:
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def page_form_data(client, page):
    """A page's edit form in the admin as the signed-in `client`'s browser submits it.

    Stream fields are filled in by JavaScript in a browser, so their values come from the page.
    """
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = form_data(edit.content.decode(), "page-edit-form")
    for model_field in type(page)._meta.get_fields():
        if isinstance(model_field, StreamField):
            items = [(block.block_type, block.value) for block in getattr(page, model_field.name)]
            data.update(nested_form_data({model_field.name: streamfield(items)}))
    return data
