"""The serializer derived from a schema's one declaration per field (cms.apifields).

The real lists are checked against their schemas in test_fast_lists.py; these cases pin the
rules a developer relies on when declaring a field: paths read the same on rows and objects,
nothing but the schema's fields comes out, `None` on a path stays `None`.
"""

from types import SimpleNamespace
from typing import Annotated

import pytest
from django.db.models import TextChoices
from ninja import Schema

from cms.apifields import SAME_OBJECT, Computed, From, Joined, Label, row_columns, serializer


class Colour(TextChoices):
    RED = "red", "Rot"
    BLUE = "blue", "Blau"


class TagOut(Schema):
    name: str


class OwnerOut(Schema):
    id: int
    name: Annotated[str, From("full_name")]


class SizeOut(Schema):
    width: Annotated[int, From("size_width")]


class ThingOut(Schema):
    id: int
    name: str
    colour: Colour
    colour_label: Annotated[str, Label("colour", Colour)]
    owner_name: Annotated[str | None, From("owner__full_name")]
    owner: Annotated[OwnerOut, Joined("owner")]
    shout: Annotated[str, From("name", then=str.upper)]
    tags: list[TagOut]
    size: Annotated[SizeOut, SAME_OBJECT]
    where: Annotated[str, Computed(lambda item, request: request.path)]


EXPECTED = {
    "id": 7,
    "name": "Ding",
    "colour": "red",
    "colour_label": "Rot",
    "owner_name": "Erika",
    "owner": {"id": 3, "name": "Erika"},
    "shout": "DING",
    "tags": [{"name": "a"}, {"name": "b"}],
    "size": {"width": 4},
    "where": "/api/",
}


class Tags:
    """A related manager: the serializer reads it with `.all()`."""

    def all(self):
        return [SimpleNamespace(name="a", secret="x"), SimpleNamespace(name="b", secret="y")]


def thing(**changes):
    owner = SimpleNamespace(id=3, full_name="Erika", password="geheim")
    fields = {
        "id": 7,
        "name": "Ding",
        "colour": "red",
        "owner": owner,
        "tags": Tags(),
        "size_width": 4,
        "secret": "nie",
    }
    return SimpleNamespace(**(fields | changes))


ROW = {
    "id": 7,
    "name": "Ding",
    "colour": "red",
    "owner__id": 3,
    "owner__full_name": "Erika",
    "tags": [{"name": "a", "owner": 1}, {"name": "b", "owner": 1}],
    "size_width": 4,
    "secret": "nie",
}


@pytest.fixture
def request_():
    return SimpleNamespace(path="/api/")


def test_an_object_gives_exactly_the_schemas_fields(request_):
    assert serializer(ThingOut)(thing(), request_) == EXPECTED


def test_a_values_row_gives_the_same_as_the_object(request_):
    assert serializer(ThingOut)(ROW, request_) == EXPECTED


def test_the_keys_keep_the_schemas_order(request_):
    assert list(serializer(ThingOut)(thing(), request_)) == list(ThingOut.model_fields)


def test_none_on_a_path_gives_none():
    class OwnerNameOut(Schema):
        owner_name: Annotated[str | None, From("owner__full_name")]

    assert serializer(OwnerNameOut)(thing(owner=None)) == {"owner_name": None}


def test_a_label_is_the_choices_label_or_else_the_stored_value():
    class LabelOut(Schema):
        colour_label: Annotated[str, Label("colour", Colour)]

    assert serializer(LabelOut)(thing(colour="blue")) == {"colour_label": "Blau"}
    assert serializer(LabelOut)(thing(colour="green")) == {"colour_label": "green"}


def test_row_columns_are_what_the_fields_read():
    # Not `tags`: a list's loader puts it into the row.
    assert row_columns(ThingOut) == (
        "id",
        "name",
        "colour",
        "owner__full_name",
        "owner__id",
        "size_width",
    )


def test_a_joined_object_that_may_be_missing_is_none_without_its_id():
    class MaybeOwnerOut(Schema):
        owner: Annotated[OwnerOut | None, Joined("owner")]

    serialize = serializer(MaybeOwnerOut)
    assert serialize({"owner__id": None, "owner__full_name": None}) == {"owner": None}
    assert serialize(ROW) == serialize(thing()) == {"owner": {"id": 3, "name": "Erika"}}
    assert serialize(thing(owner=None)) == {"owner": None}


def test_joined_refuses_a_related_object_that_may_be_missing_without_an_id():
    class MaybeSizeOut(Schema):
        size: Annotated[SizeOut | None, Joined("size")]

    with pytest.raises(TypeError, match="has an id"):
        serializer(MaybeSizeOut)


def test_one_source_per_field():
    class TwiceOut(Schema):
        name: Annotated[str, From("a"), From("b")]

    with pytest.raises(TypeError, match="one source per field"):
        serializer(TwiceOut)


def test_several_paths_reach_their_function_alike_from_rows_and_objects():
    class LabelledOut(Schema):
        label: Annotated[str, From(("name", "owner__full_name"), lambda name, by: f"{name} ({by})")]

    assert serializer(LabelledOut)(thing()) == {"label": "Ding (Erika)"}
    assert serializer(LabelledOut)(ROW) == {"label": "Ding (Erika)"}
    assert row_columns(LabelledOut) == ("name", "owner__full_name")


def test_several_paths_need_a_function():
    class PairOut(Schema):
        pair: Annotated[str, From(("name", "colour"))]

    with pytest.raises(TypeError, match="several paths"):
        serializer(PairOut)


def test_a_computed_list_in_a_row_is_what_the_loader_put_under_the_fields_name():
    class TaggedOut(Schema):
        tags: Annotated[list[TagOut], Computed(lambda item, request: item.tags.all())]

    assert serializer(TaggedOut)(thing()) == {"tags": [{"name": "a"}, {"name": "b"}]}
    assert serializer(TaggedOut)(ROW) == {"tags": [{"name": "a"}, {"name": "b"}]}
    assert row_columns(TaggedOut) == ()
