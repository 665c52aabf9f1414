"""One declaration per API field: the ninja schema says what a field is and where it comes from.

A schema field reads the attribute of its own name (or, in a `values()` row, the key of its own
name). Where it comes from elsewhere, its annotation says so:

    class BodyOut(Schema):
        id: int
        url: Annotated[str | None, Url()]
        kind: BodyKind
        kind_label: Annotated[str, Label("kind", BodyKind)]
        intro: Annotated[str, From(then=rich_text)] = Field(description="Beschreibung als HTML")
        leader: Annotated[str | None, From("leader__display_name")]
        members: Annotated[list[BodyMemberOut], From("public_members")]

    body_out = serializer(BodyOut)      # body_out(page, request) -> dict, ready for orjson

The schema stays what ninja validates single reads with and what the OpenAPI document shows;
pydantic ignores the source markers. Lists skip pydantic and use the serializer, which is as
quick as the hand-written dicts it replaced (tests/api/test_fast_lists.py proves that the lists
are exactly what the schema lets through).

A path is a Django lookup path: `member__name` is `row["member__name"]` in a `values()` row and
`obj.member.name` on a model instance (a `None` on the way gives `None`). A value derived from
several columns names them all, `From(("street", "postcode", "town"), postal_address)`, so that
a row needs no model method. A field whose type is a schema (`LocationOut | None`,
`list[TopicOut]`) is serialized by that schema's own sources; a related manager in a list field
is read with `.all()`, so prefetch it. In a row such a field (unless `Joined` or `SAME_OBJECT`)
is whatever the list's loader put under the field's name, read for all items at once.

The default source is the attribute itself: a personal field must come from a property or
query that asks consent and visibility (`leader__display_name`, `visible_to_public(...)`).
"""

import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Choices
from django.utils.translation import get_language
from pydantic import BaseModel

from cms.pageurls import full_url, site_roots


@dataclass(frozen=True)
class From:
    """The value at `path` (the field's own name if not given), passed through `then`.

    With a tuple of paths, `then` receives the value at each of them.
    """

    path: str | tuple[str, ...] | None = None
    then: Callable | None = None


@dataclass(frozen=True)
class Label:
    """The translated label of the choice stored at `path`."""

    path: str
    choices: type[Choices]


@dataclass(frozen=True)
class Url:
    """The public URL of the page whose `url_path` is at `path`; lists read no page objects."""

    path: str = "url_path"


@dataclass(frozen=True)
class Joined:
    """A related object in a `values()` row, read from its joined columns (`body__title`).

    On a model instance it is simply the related object at `path`. One that may be missing
    (`LocationOut | None`) needs an `id` in its schema: a row without it has no such object.
    """

    path: str


@dataclass(frozen=True)
class Computed:
    """`function(obj, request)`, for what no path says: consent, visibility, renditions."""

    function: Callable


# For a nested schema that groups fields of the object itself (a body's rhythm).
SAME_OBJECT = Computed(lambda obj, request: obj)

Source = From | Label | Url | Joined | Computed


def serializer(schema: type[BaseModel]) -> Callable:
    """`serialize(obj_or_row, request=None) -> dict` with exactly the schema's fields."""
    return _serializer(schema, "")


@functools.cache
def row_columns(schema: type[BaseModel]) -> tuple[str, ...]:
    """The `values()` columns a row needs for the schema's fields that read columns.

    A nested list or object without `Joined` is not a column: the list's loader puts it into
    the row under the field's name (e.g. a partner's topics, fetched for all partners at once).
    Nor is what a `Computed` function reads: the loader adds those columns itself.
    """
    columns = []
    for name, info in schema.model_fields.items():
        source, nested, _many = _field(name, info)
        if isinstance(source, Joined):
            columns += [f"{source.path}__{column}" for column in row_columns(nested)]
        elif source is SAME_OBJECT:
            columns += row_columns(nested)
        elif isinstance(source, Label | Url):
            columns.append(source.path)
        elif isinstance(source, From) and nested is None:
            columns += _paths(source, name)
    return tuple(dict.fromkeys(columns))


@functools.cache
def _serializer(schema: type[BaseModel], prefix: str) -> Callable:
    """Compiled once per schema (and column prefix, for `Joined` in rows).

    The function is generated as two dict displays, the way `dataclasses` generates `__init__`:
    a plain field then costs what `obj.title` costs in a hand-written serializer, and a list of
    50 items with 15 fields stays as quick as before the fields were declared once.
    """
    readers, row_items, object_items = {}, [], []
    for index, (name, info) in enumerate(schema.model_fields.items()):
        source, nested, many = _field(name, info)
        if isinstance(source, Joined):
            row = _serializer(nested, f"{prefix}{source.path}__")
            if _optional(info):
                row = _if_present(row, f"{prefix}{source.path}__id")
            obj = _nest(_attribute(source.path), nested, many=False)
        elif _is_plain(source, nested, name):
            path = source.path or name
            row_items.append(f"{name!r}: item[{prefix + path!r}]")
            object_items.append(f"{name!r}: item.{path}")
            continue
        else:
            row, obj = _readers(name, source, prefix)
            if nested is not None:
                if source is not SAME_OBJECT:
                    row = _key(prefix + name)  # filled in by the loader
                row, obj = _nest(row, nested, many), _nest(obj, nested, many)
        readers[f"row_{index}"], readers[f"object_{index}"] = row, obj
        row_items.append(f"{name!r}: row_{index}(item, request)")
        object_items.append(f"{name!r}: object_{index}(item, request)")
    code = (
        "def serialize(item, request=None):\n"
        "    if type(item) is dict:\n"
        f"        return {{{', '.join(row_items)}}}\n"
        f"    return {{{', '.join(object_items)}}}\n"
    )
    exec(code, readers)  # noqa: S102 - the code is built from the schema's field names only
    serialize = readers["serialize"]
    serialize.__name__ = serialize.__qualname__ = f"serialize_{schema.__name__}"
    return serialize


def _is_plain(source, nested, name):
    """An attribute of the item itself, inlined as `item.name` (a lookup path is not)."""
    if not isinstance(source, From) or source.then is not None or nested is not None:
        return False
    path = source.path or name
    return isinstance(path, str) and path.isidentifier() and "__" not in path


def _paths(source, name):
    """The paths a `From` reads, as a tuple."""
    path = source.path or name
    return path if isinstance(path, tuple) else (path,)


def _field(name, info):
    """(source, nested schema or None, whether a list) of one schema field."""
    sources = [m for m in info.metadata if isinstance(m, Source)]
    if len(sources) > 1:
        raise TypeError(f"{name}: one source per field, not {sources}")
    source = sources[0] if sources else From()
    nested, many = _nested_schema(info.annotation)
    if isinstance(source, Joined) and (
        nested is None or many or (_optional(info) and "id" not in nested.model_fields)
    ):
        # A missing related object would be a row of None columns, not None.
        raise TypeError(f"{name}: Joined reads one related object that is there or has an id")
    return source, nested, many


def _optional(info):
    return type(None) in typing.get_args(info.annotation)


def _nested_schema(annotation):
    """`X`, `X | None`, `list[X]` or `list[X] | None` with X a schema → (X, is_list)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        return _nested_schema(inner[0]) if len(inner) == 1 else (None, False)
    if typing.get_origin(annotation) is list:
        nested, _many = _nested_schema(args[0])
        return nested, nested is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _readers(name, source, prefix):
    """(read from a row, read from an object), each `read(item, request)`."""
    if isinstance(source, Computed):
        return source.function, source.function
    if isinstance(source, From) and isinstance(source.path, tuple):
        if source.then is None:
            raise TypeError(f"{name}: several paths need a function to combine them")
        return (
            _combined([_key(prefix + path) for path in source.path], source.then),
            _combined([_attribute(path) for path in source.path], source.then),
        )
    path = source.path if not isinstance(source, From) else source.path or name
    row, obj = _key(prefix + path), _attribute(path)
    if isinstance(source, From) and source.then:
        row, obj = _then(row, source.then), _then(obj, source.then)
    elif isinstance(source, Label):
        row, obj = _label(row, source.choices), _label(obj, source.choices)
    elif isinstance(source, Url):
        row, obj = _url(row), _url(obj)
    return row, obj


def _key(key):
    def read(row, request):
        return row[key]

    return read


def _attribute(path):
    names = path.split("__")
    if len(names) == 1:
        (attribute,) = names

        def read(obj, request):
            return getattr(obj, attribute)

        return read

    def read_path(obj, request):
        for attribute in names:
            if obj is None:
                return None
            obj = getattr(obj, attribute)
        return obj

    return read_path


def _then(read, function):
    def then(item, request):
        return function(read(item, request))

    return then


def _if_present(read, id_key):
    def joined(item, request):
        return None if item[id_key] is None else read(item, request)

    return joined


def _combined(reads, function):
    def combined(item, request):
        return function(*[read(item, request) for read in reads])

    return combined


def _label(read, choices):
    def label(item, request):
        value = read(item, request)
        return choice_labels(choices, request_language(request)).get(value, value)

    return label


def request_language(request) -> str:
    """`get_language()`, read once per request: it asks a context-local each time, and a list
    of 50 sessions has some 250 labels (a tenth of its time in the profile)."""
    language = getattr(request, "_api_language", None)
    if language is None:
        language = get_language()
        if request is not None:
            request._api_language = language
    return language


@functools.cache
def choice_labels(choices: type[Choices], language: str) -> dict:
    """Translated once per choices and language: Django's `get_FOO_display()` translates every
    label of the field on each call, a large share of a list's time in the profile."""
    return {value: str(label) for value, label in choices.choices}


def _url(read):
    def url(item, request):
        return path_url(read(item, request), request)

    return url


def path_url(url_path: str, request) -> str | None:
    """The public URL of a page given its `url_path`; the site roots are read once per request."""
    roots = getattr(request, "_site_roots", None)
    if roots is None:
        roots = request._site_roots = site_roots()
    return full_url(url_path, roots)


def _nest(read, schema, many):
    serialize = _serializer(schema, "")
    if many:

        def nest_many(item, request):
            values = read(item, request)
            if values is None:
                return None
            if hasattr(values, "all"):
                values = values.all()
            return [serialize(value, request) for value in values]

        return nest_many

    def nest_one(item, request):
        value = read(item, request)
        return None if value is None else serialize(value, request)

    return nest_one
