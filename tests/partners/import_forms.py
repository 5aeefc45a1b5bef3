"""What the contact import's preview page posts, for tests that drive it."""

from __future__ import annotations

from typing import Any

from convenor.partners.models import ImportBatch


def preview_form(batch: ImportBatch, **changes: Any) -> dict[str, Any]:
    """What the preview page's form posts: every column's select, as the page drew it."""
    form: dict[str, Any] = {
        f"col_{i}": batch.mapping.get(str(i), "") for i in range(len(batch.header))
    }
    form.update(
        header_row=batch.header_row,
        shown_header_row=batch.header_row,
        encoding=batch.encoding,
        mode=batch.mode,
        duplicates=batch.duplicates,
        default_category=batch.default_category,
        version=batch.version,
    )
    form.update(changes)
    return form
