"""API for meetings, agenda items, attendance, decisions and action items.

One router per subject (``meetings``: meetings, the name check and the agenda;
``attendance``: the list and the invitations; ``decisions``; ``action_items``),
mounted here under the one ``meetings`` tag.
"""

from ninja import Router

from convenor.meetings.api import action_items, attendance, decisions, meetings

router = Router(tags=["meetings"])

for _subject in (meetings, attendance, decisions, action_items):
    # Generated clients name their methods after the operation ids, which ninja derives
    # from the module: keep the ids of the one ``convenor.meetings.api`` module.
    for _path in _subject.router.path_operations.values():
        for _operation in _path.operations:
            _operation.operation_id = f"convenor_meetings_api_{_operation.view_func.__name__}"
    router.add_router("", _subject.router)
