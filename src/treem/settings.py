"""treem settings: one module, driven by TREEM_* environment variables (see .env.example)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from treem.core.env import Env, EnvError

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
env = Env()

try:
    TREEM_ENV = env.choice("TREEM_ENV", ("development", "production"), "development")
    PRODUCTION = TREEM_ENV == "production"
    VAR_DIR = Path(env.str("TREEM_VAR_DIR", str(REPO_DIR / "var")) or "var")
    DEBUG = env.bool("TREEM_DEBUG", default=not PRODUCTION)
    if PRODUCTION and DEBUG:
        raise EnvError("TREEM_DEBUG must be false when TREEM_ENV=production")

    def _secret_key() -> str:
        if PRODUCTION:
            return env.required("TREEM_SECRET_KEY", "production refuses to start without it")
        key = env.str("TREEM_SECRET_KEY")
        if key:
            return key
        # Development only: a per-machine key kept outside the repository.
        key_file = VAR_DIR / "secret-key"
        if not key_file.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return key_file.read_text().strip()

    SECRET_KEY = _secret_key()
    ALLOWED_HOSTS = env.list(
        "TREEM_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
    )
    if PRODUCTION and not ALLOWED_HOSTS:
        raise EnvError("TREEM_ALLOWED_HOSTS is required in production: list the site's host names")
    CSRF_TRUSTED_ORIGINS = env.list("TREEM_CSRF_TRUSTED_ORIGINS")
    DATABASES = {
        "default": env.database_url("TREEM_DATABASE_URL", f"sqlite:///{VAR_DIR / 'treem.sqlite3'}")
    }
    SESSION_COOKIE_AGE = env.int("TREEM_SESSION_HOURS", 8, minimum=1) * 3600
    AXES_FAILURE_LIMIT = env.int("TREEM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
    AXES_COOLOFF_TIME = timedelta(minutes=env.int("TREEM_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
    EMAIL_HOST = env.str("TREEM_EMAIL_HOST", "localhost")
    EMAIL_PORT = env.int("TREEM_EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = env.str("TREEM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env.str("TREEM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("TREEM_EMAIL_USE_TLS", default=False)
    DEFAULT_FROM_EMAIL = env.str("TREEM_EMAIL_FROM", "treem <noreply@localhost>")
    EMAIL_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
        if env.bool("TREEM_EMAIL_ENABLED", default=PRODUCTION)
        else "django.core.mail.backends.console.EmailBackend"
    )
    TASKS_IMMEDIATE = env.bool("TREEM_TASKS_IMMEDIATE", default=False)
    # Progress status: behind the straight-line trajectory by no more than this share of the
    # whole planned change counts as "at risk" rather than "off track".
    PROGRESS_AT_RISK_SHARE = env.float("TREEM_PROGRESS_AT_RISK_SHARE", 0.10, minimum=0.0)
    # Largest spreadsheet a person may upload for the child-registry import (the CLI has none).
    IMPORT_MAX_BYTES = env.int("TREEM_IMPORT_MAX_MB", 200, minimum=1) * 1024 * 1024
    # Largest plan document (.txt/.md/.docx/.pdf) a person may upload for the plan import.
    PLAN_IMPORT_MAX_BYTES = env.int("TREEM_PLAN_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
    SECURE_SSL_REDIRECT = env.bool("TREEM_SSL_REDIRECT", default=PRODUCTION)
    HSTS_SECONDS = env.int("TREEM_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
    LOG_LEVEL = env.choice("TREEM_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình sai (configuration error): {exc}") from None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "treem.core",
    "treem.geo",
    "treem.org",
    "treem.web",
    "treem.planimport",
    "treem.registry",
    "treem.plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "treem.core.middleware.RequestContextMiddleware",
    "treem.org.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "treem.urls"
WSGI_APPLICATION = "treem.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "treem.web.context.navigation",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("TREEM_PROXY_COUNT", 0, minimum=0) or None

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["treem.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
X_FRAME_OPTIONS = "DENY"
# HSTS preload commits a whole domain (often a shared .gov.vn parent) for months; it is the
# domain owner's decision, made outside treem. Everything else of `check --deploy` must pass.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "treem.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "treem.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "treem API",
    "DESCRIPTION": "API của hệ thống thông tin chăm sóc, giáo dục và bảo vệ trẻ em.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "treem.geo.models.Kind",
        "AgencyKindEnum": "treem.org.models.AgencyKind",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/web/favicon.svg",
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}
