"""Pages of the meetings app, one module per subject (``urls.py`` names each view).

* ``meetings``: the list, the form with its live name check, the meeting page, the agenda
* ``attendance``: who came (one versioned list) and the invitations
* ``minutes``: the minutes, as a page, PDF and DOCX
* ``calendar``: one meeting's .ics and the partnership's private calendar feeds
* ``decisions``: the decision log, its CSV, one decision
* ``action_items``: a partnership's action items and "my action items"
"""
