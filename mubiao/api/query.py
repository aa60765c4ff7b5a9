"""Query parameters an operation does not take are refused, never ignored.

ninja reads the query string into each operation's query models and drops every other name,
so `?cycle_id=3` on a list filtering by `cycle`, or a misspelt `?stauts=done`, answered 200 with
the list unfiltered, which a client cannot tell from a filter applied. One mechanism for every
operation: the names an operation takes are known once, when its router is built (the "view"
decorator marks the request with them), and the request is checked after authentication (the
"operation" decorator), so that the 422 naming each unknown parameter is in the caller's
language like every other refusal (errors.install).
"""

import functools

from ninja.params.models import QueryModel


class UnknownParameters(Exception):
    """Query parameters the operation does not take: `unknown`, and the names it takes."""

    def __init__(self, unknown: list[str], known: list[str]):
        super().__init__(", ".join(unknown))
        self.unknown = unknown
        self.known = known


def parameter_names(operation, kind: type = QueryModel) -> frozenset[str]:
    """The names of the parameters of `kind` (ninja's QueryModel, HeaderModel) that an
    operation takes, as a client sends them."""
    names: set[str] = set()
    for model in operation.models:
        if issubclass(model, kind):
            # A schema taken whole (Query[Filters]) is flattened to its fields' names.
            flat = getattr(model, "__ninja_flatten_map__", None)
            fields = model.model_fields.items()
            names.update(flat or (field.alias or name for name, field in fields))
    return frozenset(names)


def _taking(run):
    names = parameter_names(run.__self__)

    @functools.wraps(run)
    def marked(request, **kwargs):
        request.query_names = names
        return run(request, **kwargs)

    return marked


def _refusing_others(view_func):
    @functools.wraps(view_func)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - request.query_names)
        if unknown:
            raise UnknownParameters(unknown, sorted(request.query_names))
        return view_func(request, *args, **kwargs)

    return checked


def install(api) -> None:
    api.add_decorator(_taking, mode="view")
    api.add_decorator(_refusing_others, mode="operation")
