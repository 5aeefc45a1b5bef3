from django.urls import include, path

from convenor.api import api
from convenor.workspaces import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("accounts/", include("convenor.accounts.urls")),
    path("", include("convenor.workspaces.urls")),
    path("", include("convenor.partnerships.urls")),
    path("", include("convenor.audit.urls")),
    path("api/", api.urls),
]

handler400 = "convenor.front.errors.bad_request"
handler403 = "convenor.front.errors.forbidden"
handler404 = "convenor.front.errors.not_found"
handler500 = "convenor.front.errors.server_error"
