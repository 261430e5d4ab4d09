from treem.plans.views.dashboard import urls as dashboard
from treem.plans.views.work import urls as work

app_name = "plans"
urlpatterns = [*dashboard.urlpatterns, *work.urlpatterns]
