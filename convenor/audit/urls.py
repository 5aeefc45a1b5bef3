from django.urls import path

from convenor.audit import views

app_name = "audit"
urlpatterns = [path("w/<slug:slug>/audit/", views.audit_list, name="list")]
