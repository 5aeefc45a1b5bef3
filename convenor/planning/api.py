"""The planning API: one router per subject, under the ``planning`` tag.

Every route is under ``/partnerships/{partnership_id}/`` and reaches data through
the access helpers: an outsider gets 404, a viewer cannot write, a partner-role
member votes, enters their own employer's hiring projections and reads the plan.
"""

from ninja import Router

from convenor.planning.demand import api as demand
from convenor.planning.direction import api as direction
from convenor.planning.issues import api as issues
from convenor.planning.plan import api as plan
from convenor.planning.resources import api as resources

router = Router(tags=["planning"])
for subject in (issues, plan, direction, resources, demand):
    router.add_router("", subject.router)
