"""Administration pages: agencies, users, memberships and role security policies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.core.models import AuditEvent
from treem.org import scope, selectors, services
from treem.org.forms import (
    AgencyEditForm,
    AgencyForm,
    EndMembershipForm,
    MembershipForm,
    SuccessionForm,
    UserCreateForm,
    UserEditForm,
)
from treem.org.models import AgencyKind, RoleSecurityPolicy
from treem.org.roles import Role
from treem.web.shortcuts import bootstrap, paginate, run_service


def _require_admin(request: HttpRequest) -> None:
    if not scope.is_admin(request.user):
        raise Http404("Trang dành cho quản trị hệ thống.")


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    agencies = selectors.agency_list(request.user, query=query, kind=kind)
    page, base = paginate(request, agencies)
    return render(
        request,
        "org/agency_list.html",
        {
            "page_obj": page,
            "querystring_base": base,
            "q": query,
            "kind": kind,
            "kinds": AgencyKind.choices,
            "is_admin": scope.is_admin(request.user),
        },
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get(request.user, pk)
    can_edit = scope.can_administer(request.user, agency.unit)
    form = None
    if can_edit:
        form = bootstrap(SuccessionForm(request.POST or None))
        form.fields["successor"].queryset = selectors.agency_list(request.user).exclude(pk=pk)  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if run_service(
                form,
                lambda: services.agency_succeed(
                    actor=request.user,
                    predecessor=agency,
                    successor=data["successor"],
                    effective_on=data["effective_on"],
                    scope_text=data["scope_text"],
                ),
            ):
                messages.success(request, "Đã ghi nhận cơ quan kế thừa.")
                return redirect("org:agency_detail", pk)
    elif request.method == "POST":
        raise Http404("Không tìm thấy cơ quan.")
    return render(
        request,
        "org/agency_detail.html",
        {
            "agency": agency,
            "successions": agency.successions.select_related("successor__unit"),
            "predecessions": agency.predecessions.select_related("predecessor__unit"),
            "can_edit": can_edit,
            "form": form,
        },
    )


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = bootstrap(AgencyForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        agency = run_service(
            form, lambda: services.agency_create(actor=request.user, **form.cleaned_data)
        )
        if agency:
            messages.success(request, f"Đã thêm {agency.name}.")
            return redirect("org:agency_detail", agency.pk)
    return render(
        request,
        "org/form_page.html",
        {"form": form, "title": "Thêm cơ quan", "back": "org:agency_list"},
    )


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get(request.user, pk)
    if not scope.can_administer(request.user, agency.unit):
        raise Http404("Không tìm thấy cơ quan.")
    initial = {f: getattr(agency, f) for f in services.AGENCY_FIELDS}
    form = bootstrap(AgencyEditForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.agency_update(actor=request.user, agency=agency, **form.cleaned_data),
        ):
            messages.success(request, "Đã lưu.")
            return redirect("org:agency_detail", pk)
    return render(
        request,
        "org/form_page.html",
        {"form": form, "title": f"Sửa {agency.name}", "back": "org:agency_list"},
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    query = request.GET.get("q", "")
    page, base = paginate(request, selectors.user_list(request.user, query=query))
    return render(
        request, "org/user_list.html", {"page_obj": page, "querystring_base": base, "q": query}
    )


def _agency_choices(form: MembershipForm, request: HttpRequest) -> None:
    form.fields["agency"].queryset = selectors.agency_list(request.user)  # type: ignore[attr-defined]


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = bootstrap(UserCreateForm(request.POST or None))
    _agency_choices(form, request)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form, lambda: services.user_create(actor=request.user, **form.cleaned_data)
        )
        if user:
            messages.success(request, f"Đã tạo người dùng {user.username}.")
            return redirect("org:user_detail", user.pk)
    return render(
        request,
        "org/form_page.html",
        {"form": form, "title": "Thêm người dùng", "back": "org:user_list"},
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    person = selectors.user_get(request.user, pk)
    edit_form = bootstrap(
        UserEditForm(
            request.POST if request.POST.get("form") == "edit" else None,
            initial={
                "full_name": person.full_name,
                "email": person.email,
                "phone": person.phone,
                "is_active": person.is_active,
            },
        )
    )
    member_form = bootstrap(
        MembershipForm(request.POST if request.POST.get("form") == "membership" else None)
    )
    _agency_choices(member_form, request)
    if request.method == "POST":
        if request.POST.get("form") == "edit" and edit_form.is_valid():
            if run_service(
                edit_form,
                lambda: services.user_update(
                    actor=request.user, user=person, **edit_form.cleaned_data
                ),
            ):
                messages.success(request, "Đã lưu.")
                return redirect("org:user_detail", pk)
        if request.POST.get("form") == "membership" and member_form.is_valid():
            if run_service(
                member_form,
                lambda: services.membership_create(
                    actor=request.user, user=person, **member_form.cleaned_data
                ),
            ):
                messages.success(request, "Đã thêm vai trò.")
                return redirect("org:user_detail", pk)
    return render(
        request,
        "org/user_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("unit", "agency"),
            "edit_form": edit_form,
            "member_form": member_form,
            "end_form": bootstrap(EndMembershipForm()),
            "events": AuditEvent.objects.filter(object_type="org.user", object_id=str(pk))[:20],
        },
    )


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(request.user, pk)
    form = EndMembershipForm(request.POST)
    ended = None
    if form.is_valid():
        ended = run_service(
            form,
            lambda: services.membership_end(
                actor=request.user, membership=membership, **form.cleaned_data
            ),
        )
    if ended:
        messages.success(request, "Đã kết thúc vai trò.")
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.non_field_errors())
            or "Hãy nhập ngày kết thúc (dd/mm/yyyy) và lý do.",
        )
    return redirect("org:user_detail", membership.user_id)


@login_required
def role_policies(request: HttpRequest) -> HttpResponse:
    if not scope.is_national_admin(request.user):
        raise Http404("Trang dành cho quản trị hệ thống cấp quốc gia.")
    if request.method == "POST":
        required = set(request.POST.getlist("require_two_factor"))
        for role in Role:
            services.role_policy_set(
                actor=request.user, role=role.value, require_two_factor=role.value in required
            )
        messages.success(request, "Đã lưu chính sách bảo mật.")
        return redirect("org:role_policies")
    policies = {p.role: p.require_two_factor for p in RoleSecurityPolicy.objects.all()}
    rows = [(role.value, role.label, policies.get(role.value, False)) for role in Role]
    return render(request, "org/role_policies.html", {"rows": rows})
