"""The apps that serve pages and API routes, in navigation order.

``convenor/urls.py`` mounts each app's ``urls.py`` and ``convenor/api.py`` each
app's ``api.router``; adding an app here is all it takes.
"""

APPS = [
    "accounts",
    "workspaces",
    "partnerships",
    "audit",
    "partners",
    "outreach",
    "meetings",
    "planning",
    "occupations",
    "regions",
    "intermediaries",
    "assessment",
    "comms",
]
