from django.urls import include, path

from convenor.api import api
from convenor.routing import APPS
from convenor.workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("accounts/", include("convenor.accounts.urls")),
    *[path("", include(f"convenor.{app}.urls")) for app in APPS if app != "accounts"],
    path("api/", api.urls),
]

handler400 = "convenor.front.errors.bad_request"
handler403 = "convenor.front.errors.forbidden"
handler404 = "convenor.front.errors.not_found"
handler500 = "convenor.front.errors.server_error"
