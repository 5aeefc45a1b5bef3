from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.partnerships.services import partnership_update


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_id=str(obj.pk), content_type__model=obj._meta.model_name
    )


def test_creating_records_who_and_the_initial_values(alice, partnership):
    entry = entries_for(partnership).get(action="create")
    assert entry.actor == alice
    assert entry.changes["name"] == [None, "Healthcare Careers Council"]
    assert entry.workspace_id == partnership.workspace_id


def test_an_update_records_before_and_after_of_changed_fields_only(sam, partnership):
    partnership_update(
        actor=sam,
        partnership=partnership,
        changes={"region": "Franklin and Delaware counties", "name": partnership.name},
        expected_version=1,
    )
    entry = entries_for(partnership).get(action="update")
    assert entry.actor == sam
    assert entry.changes == {"region": ["Franklin County, OH", "Franklin and Delaware counties"]}
    assert entry.version == 2


def test_an_update_on_an_old_version_is_refused_and_says_what_changed(alice, sam, partnership):
    partnership_update(
        actor=sam, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    with pytest.raises(audit.StaleVersionError) as refused:
        partnership_update(
            actor=alice, partnership=partnership, changes={"region": "Texas"}, expected_version=1
        )
    message = refused.value.message
    assert "changed by Sam Staff" in message
    assert "region: now Ohio, yours Texas" in message
    partnership.refresh_from_db()
    assert partnership.region == "Ohio"


def test_an_invalid_value_is_refused_and_nothing_is_written(sam, partnership):
    with pytest.raises(ValidationError) as refused:
        partnership_update(
            actor=sam,
            partnership=partnership,
            changes={"industry_naics": "abc"},
            expected_version=1,
        )
    assert "industry_naics" in refused.value.error_dict
    partnership.refresh_from_db()
    assert partnership.version == 1
    assert not entries_for(partnership).filter(action="update").exists()


def test_a_delete_is_recorded_with_what_it_was(alice, partnership):
    pk = partnership.pk
    audit.delete(actor=alice, instance=partnership)
    entry = AuditEntry.objects.get(object_id=str(pk), action="delete")
    assert entry.object_repr == "Healthcare Careers Council"
