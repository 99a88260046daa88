"""Settings, all from environment variables; defaults suit a developer's machine."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("VETTED_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("VETTED_DEBUG", False)
# A fixed development key is refused outside DEBUG unless one is given.
SECRET_KEY = os.environ.get("VETTED_SECRET_KEY", "dev-only-insecure-key-change-me")  # noqa: S105
ALLOWED_HOSTS = os.environ.get("VETTED_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("VETTED_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("VETTED_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "vetted.kit",
    "vetted.site",
    "vetted.districts",
    "vetted.audit",
    "vetted.outbox",
    "vetted.clocks",
    "vetted.documents",
    "vetted.catalog",
    "vetted.resource_requests",
    "vetted.agreements",
    "vetted.district_admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vetted.kit.middleware.BodySizeLimitMiddleware",
    "vetted.kit.middleware.UnstorableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vetted.districts.middleware.DistrictTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "vetted.urls"
WSGI_APPLICATION = "vetted.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vetted.districts.context_processors.memberships",
            ],
            # {{ value|local:district }}: a time in the district's zone, the zone named.
            "builtins": ["vetted.kit.templatetags.local_time"],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vetted.sqlite3'}"),
        conn_max_age=int(os.environ.get("VETTED_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Planner costs for SSD storage (PostgreSQL's defaults assume spinning disks); without it the
    # registry's district-first index plan loses to a full scan of the shared catalogue.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "VETTED_PG_OPTIONS", "-c random_page_cost=1.1 -c effective_io_concurrency=200"
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker and the web server read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "districts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-start"  # one district: its dashboard; several: a chooser
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
FORMS_URLFIELD_ASSUME_HTTPS = True
MEDIA_ROOT = Path(os.environ.get("VETTED_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: Django refuses larger request bodies with 400 before a view runs.
VETTED_MAX_UPLOAD_BYTES = int(os.environ.get("VETTED_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("VETTED_MAX_FORM_BYTES", str(2 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

EMAIL_BACKEND = os.environ.get("VETTED_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("VETTED_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("VETTED_EMAIL_PORT", "1025"))
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = VAR_DIR / "mail"  # for the file-based backend (demo seeding)
DEFAULT_FROM_EMAIL = os.environ.get("VETTED_FROM_EMAIL", "Vetted <no-reply@vetted.example>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("VETTED_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an anonymous API call gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "vetted.kit.api_schema.Schema",
    "DEFAULT_PAGINATION_CLASS": "vetted.kit.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "vetted.kit.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "2000/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vetted API",
    "DESCRIPTION": "A school district's student-data-privacy program.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "YesNoUnknownEnum": "vetted.resource_requests.models.YesNoUnknown",
        "GradeEnum": "vetted.catalog.grades.GRADE_CHOICES",
        "DecisionStatusEnum": "vetted.catalog.models.DecisionStatus",
        "FindingStatusEnum": "vetted.agreements.api.contract_review.FINDING_STATUSES",
        "AttachmentKindEnum": "vetted.resource_requests.models.AttachmentKind",
        "DocumentReviewStatusEnum": "vetted.agreements.models.review.ReviewStatus",
        "CheckOverrideStatusEnum": "vetted.agreements.api.documents.OVERRIDE_STATUSES",
        "AgreementStatusEnum": "vetted.agreements.models.AgreementStatus",
        "ObligationStatusEnum": "vetted.clocks.models.ObligationStatus",
        "ObligationClosingEnum": "vetted.clocks.models.CLOSING_CHOICES",
        "ProvisionCheckStatusEnum": "vetted.agreements.models.CheckStatus",
        "OfferEndEnum": "vetted.agreements.models.OfferEnd",
        "RequestOutcomeEnum": "vetted.resource_requests.states.Outcome",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VETTED_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Contract review limits (size is VETTED_MAX_UPLOAD_BYTES).
VETTED_REVIEW_MAX_PAGES = int(os.environ.get("VETTED_REVIEW_MAX_PAGES", "500"))
VETTED_REVIEW_MAX_SECONDS = float(os.environ.get("VETTED_REVIEW_MAX_SECONDS", "30"))

# The worker polls due rows at this interval (seconds).
VETTED_WORKER_INTERVAL = float(os.environ.get("VETTED_WORKER_INTERVAL", "15"))
# Dotted paths of functions `job(now) -> int` the worker runs each tick. Apps add theirs here.
VETTED_WORKER_JOBS: list[str] = [
    "vetted.outbox.services.deliver_pending",
    "vetted.resource_requests.tasks.run_request_clocks",
    "vetted.clocks.tasks.run_obligation_reminders",
    "vetted.agreements.tasks.expiry.run_agreement_expiry",
    "vetted.agreements.tasks.reviews.run_document_reviews",
    "vetted.documents.tasks.run_read_jobs",
]
# What happens after the worker reads an untrusted file, per purpose (vetted.documents.tasks).
VETTED_READ_JOB_HANDLERS: dict[str, str] = {
    "request_attachment": "vetted.resource_requests.services.attachments.attachment_read",
}
