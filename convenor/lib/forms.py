"""Form helpers: version-carrying edit forms and a conflict-aware save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from convenor.lib.errors import StaleVersionError

T = TypeVar("T")


MAX_FREE_TEXT = 20_000


def limit_free_text(form: forms.BaseForm) -> None:
    """Give every unbounded text field (a model TextField) a generous upper bound,
    so a pasted document is refused with a message instead of stored."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = MAX_FREE_TEXT
            field.validators.append(MaxLengthValidator(MAX_FREE_TEXT))
            field.widget.attrs.setdefault("maxlength", str(MAX_FREE_TEXT))


class VersionedModelForm(forms.ModelForm):  # type: ignore[type-arg]  # any model
    """A model form that carries the version of the row it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        limit_free_text(self)

    def changes(self) -> dict[str, Any]:
        """The model fields of the form, as the service's ``changes``."""
        return {
            name: self.cleaned_data[name]
            for name in (self._meta.fields or ())
            if name in self.cleaned_data
        }

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


def form_status(form: forms.BaseForm) -> int:
    """The status a form page answers with: the one rule for every page.

    200 when the form has no errors, 409 when it was refused because someone
    saved the object after it was opened (``save_form`` marks that), 422 for
    any other invalid input, including rules across fields.
    """
    if not form.errors:
        return 200
    return 409 if getattr(form, "stale", False) else 422


def save_form(form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Run a service write for a valid form; turn refusals into form errors.

    A stale version becomes a form-wide error that says what changed, and the
    hidden version moves to the current one so that saving again is a
    deliberate choice made after seeing the other person's change.
    """
    try:
        return write()
    except StaleVersionError as exc:
        form.add_error(None, exc.message)
        form.stale = True  # type: ignore[attr-defined]
        if "version" in form.fields:
            data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data["version"] = str(exc.current.version)
            form.data = data
        return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def posted_version(request: Any) -> int | None:
    """The version a one-click form (a delete button) was drawn from: its hidden
    ``version`` field, or ``None`` when the form carries none."""
    raw = str(request.POST.get("version", "")).strip()
    return int(raw) if raw.isdigit() else None


def drawn_version(request: Any, obj: Any) -> int:
    """The version a confirm-delete page carries: the one its Delete link was drawn
    from (``?version=``), or the object's current one when the link gave none."""
    raw = str(request.GET.get("version", "")).strip()
    return int(raw) if raw.isdigit() else obj.version


def delete_checked(request: Any, delete: Callable[[int | None], Any], *, done: str) -> bool:
    """Run a page's delete with the version its button was drawn from.

    ``delete`` receives that version (pass it as the service's
    ``expected_version``). If someone changed the object since the page was
    drawn, nothing is deleted and the page's next view says who changed what;
    otherwise ``done`` is shown. Returns whether the object was deleted.
    """
    from django.contrib import messages

    try:
        delete(posted_version(request))
    except StaleVersionError as exc:
        messages.error(request, f"Not removed. {exc.message}")
        return False
    messages.success(request, done)
    return True
