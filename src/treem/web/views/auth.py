"""Sign-in, sign-out, account settings and TOTP two-factor set-up/verification."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.core.audit import audit_auth, audit_write
from treem.web.shortcuts import acting_user


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa/thường ở mật khẩu.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ quản trị hệ thống.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_auth(actor=form.get_user(), action="auth.login")
        return response


class LogoutView(auth_views.LogoutView):
    pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực 6 chữ số",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _device_for(user: object) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
            audit_write(actor=user, action="auth.two_factor.device_create", obj=device)
    return device


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up (first time) or verify the user's authenticator app."""
    user = request.user
    device = _device_for(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                if not device.confirmed:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    audit_write(actor=user, action="auth.two_factor.enrol", obj=device)
            otp_login(request, device)
            audit_auth(actor=user, action="auth.two_factor.verify")
            messages.success(request, "Đã xác thực hai lớp.")
            return redirect(_safe_next(request))
        form.add_error("token", "Mã không đúng hoặc đã hết hạn; hãy nhập mã mới trên ứng dụng.")
    context = {"form": form, "enrolling": not device.confirmed, "next": _safe_next(request)}
    if not device.confirmed:
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "web/two_factor.html", context)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import update_session_auth_hash

        from treem.org.services import user_set_password

        user = acting_user(request)
        user_set_password(actor=user, user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("web:account")
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "web/account.html", {"form": form, "has_device": has_device})
