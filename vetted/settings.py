"""Settings, all from environment variables; defaults suit a developer's machine."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from vetted.kit import deploy_keys

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("VETTED_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("VETTED_DEBUG", False)
# SECRET_KEY and AUDIT_HMAC_KEY come from the environment: see "production defaults" at the end.
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
    "vetted.disposition",
    "vetted.district_admin",
    "vetted.rosters",
    "vetted.notices",
    "vetted.incidents",
    "vetted.rights",
    "vetted.api_tokens",
]

# Rendered public pages kept per web process by their ETag (vetted/site/page_cache.py).
VETTED_PAGE_CACHE = env_bool("VETTED_PAGE_CACHE", True)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vetted.kit.csp.ContentSecurityPolicyMiddleware",
    "vetted.kit.middleware.BodySizeLimitMiddleware",
    "vetted.kit.middleware.UnstorableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vetted.districts.middleware.DistrictTimeZoneMiddleware",
    "vetted.districts.middleware.DistrictRowScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so its process_view sees the signed-in user and the district scope: ETags and 304s.
    "vetted.site.http_cache.PublicHttpCacheMiddleware",
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
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'vetted.sqlite3'}",  # empty: SQLite
        conn_max_age=int(os.environ.get("VETTED_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Planner costs for SSD storage (PostgreSQL's defaults assume spinning disks); without it the
    # registry's district-first index plan loses to a full scan of the shared catalogue.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "VETTED_PG_OPTIONS", "-c random_page_cost=1.1 -c effective_io_concurrency=200"
    )
    # Parameters bound by the server, so psycopg prepares a statement the connection has run a few
    # times and PostgreSQL stops planning it again (the registry's joins spent ~2 ms planning each).
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = os.environ.get("VETTED_PG_PREPARE", "1") == "1"
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
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an anonymous API call gets 401 with WWW-Authenticate, not 403.
        "vetted.api_tokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "vetted.kit.api_schema.Schema",
    "DEFAULT_PAGINATION_CLASS": "vetted.kit.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "vetted.kit.api.exception_handler",
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
    "loggers": {
        "django.request": {"level": "ERROR"},
        # WeasyPrint (printed letters) and the font subsetter it calls log every step and glyph at INFO.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# Contract review limits (size is VETTED_MAX_UPLOAD_BYTES).
VETTED_REVIEW_MAX_PAGES = int(os.environ.get("VETTED_REVIEW_MAX_PAGES", "500"))
VETTED_REVIEW_MAX_SECONDS = float(os.environ.get("VETTED_REVIEW_MAX_SECONDS", "30"))

# The worker runs its interval jobs (VETTED_WORKER_JOBS) this often (seconds).
VETTED_WORKER_INTERVAL = float(os.environ.get("VETTED_WORKER_INTERVAL", "15"))
# Drain jobs `job(now) -> int` the worker calls continuously while they return more than 0 (one batch per
# call), looking again every VETTED_WORKER_IDLE seconds when they are empty (vetted.kit.worker).
VETTED_WORKER_DRAINS: list[str] = ["vetted.outbox.services.deliver_pending"]
VETTED_WORKER_IDLE = float(os.environ.get("VETTED_WORKER_IDLE", "1"))
# How long an outbox row stays claimed by a worker that stopped renewing it (it renews while it works):
# after that another worker takes it back and sends it again (vetted.outbox.delivery).
VETTED_OUTBOX_LEASE_SECONDS = float(os.environ.get("VETTED_OUTBOX_LEASE_SECONDS", "300"))
# Rows a worker claims at once and sends over one SMTP connection.
VETTED_OUTBOX_BATCH = int(os.environ.get("VETTED_OUTBOX_BATCH", "100"))
# Dotted paths of functions `job(now) -> int` the worker runs every interval. Apps add theirs here.
VETTED_WORKER_JOBS: list[str] = [
    "vetted.resource_requests.tasks.run_request_clocks",
    "vetted.clocks.tasks.run_obligation_reminders",
    "vetted.agreements.tasks.expiry.run_agreement_expiry",
    "vetted.disposition.tasks.run_disposition_chasing",
    "vetted.agreements.tasks.reviews.run_document_reviews",
    "vetted.documents.tasks.run_read_jobs",
]
# What happens after the worker reads an untrusted file, per purpose (vetted.documents.tasks).
VETTED_READ_JOB_HANDLERS: dict[str, str] = {
    "request_attachment": "vetted.resource_requests.services.attachments.attachment_read",
}

# --- production defaults (issue 10, item 4) ---
# Production unless VETTED_DEMO_MODE=1 (set by `make run`, `make lint`...): a developer's machine
# or a demo. There, missing keys are made once and kept under var/keys/; in production Vetted
# refuses to start without its own keys (vetted.kit.deploy_keys says what to set).
DEMO_MODE = env_bool("VETTED_DEMO_MODE", False)
_KEEP_KEYS_IN = VAR_DIR / "keys" if (DEMO_MODE or DEBUG) else None
SECRET_KEY = deploy_keys.required_key(
    "VETTED_SECRET_KEY", purpose="sessions and sign-in links", keep_in=_KEEP_KEYS_IN
)
# The audit chain's HMAC key is its own, so whoever learns the secret key cannot re-sign the trail.
AUDIT_HMAC_KEY = deploy_keys.required_key(
    "VETTED_AUDIT_KEY", purpose="the audit trail", keep_in=_KEEP_KEYS_IN
)
if AUDIT_HMAC_KEY == SECRET_KEY:
    raise ImproperlyConfigured("VETTED_AUDIT_KEY must differ from VETTED_SECRET_KEY.")

# HTTPS: cookies are sent only over HTTPS outside the demo; HSTS, the redirect and the proxy's
# header are the operator's to switch on (README, "Production"), since they depend on the proxy.
SESSION_COOKIE_SECURE = env_bool("VETTED_SECURE_COOKIES", not (DEMO_MODE or DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("VETTED_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VETTED_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("VETTED_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("VETTED_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's plain-HTTP health probe
SECURE_PROXY_SSL_HEADER = deploy_keys.proxy_ssl_header(os.environ.get("VETTED_PROXY_SSL_HEADER", ""))

# No inline script or style anywhere (vetted.kit.csp); data: images for generated QR codes.
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    # Chrome also checks a form's redirects: sign-in with a district's identity provider posts here and
    # is redirected there, so its origins go in VETTED_CSP_FORM_ACTION (space-separated).
    "form-action": ["'self'", *os.environ.get("VETTED_CSP_FORM_ACTION", "").split()],
    "frame-ancestors": ["'none'"],
}

# --- Rosters (issue 11) ---
# A district's OneRoster export can be large; only its upload page takes more than the usual limit.
VETTED_MAX_ROSTER_BYTES = int(os.environ.get("VETTED_MAX_ROSTER_BYTES", str(512 * 1024 * 1024)))
VETTED_LARGE_UPLOADS = {r"^/manage/[a-z0-9-]+/roster/$": VETTED_MAX_ROSTER_BYTES}
# A bulk import removing more than this share of the students (or of one class's) waits for confirmation.
VETTED_ROSTER_MAX_REMOVAL = float(os.environ.get("VETTED_ROSTER_MAX_REMOVAL", "0.2"))
VETTED_WORKER_JOBS.append("vetted.rosters.tasks.run_roster_imports")
# --- notices to families (issue 11) ---
# How long a family's answer link stays usable (vetted.notices.links).
VETTED_NOTICE_LINK_DAYS = int(os.environ.get("VETTED_NOTICE_LINK_DAYS", "60"))
# --- letters (issue 11, item 5) ---
# The paper printed letters are laid out for: "letter" (US) or "A4".
VETTED_LETTER_PAGE_SIZE = os.environ.get("VETTED_LETTER_PAGE_SIZE", "letter")
VETTED_WORKER_JOBS.append("vetted.notices.services.letters.run_letter_jobs")
# --- API throttles and tokens (issue 10, item 2) ---
# Throttle counts live in the default cache, which must be shared by every web process (gunicorn runs
# several): a directory under var/ by default; VETTED_CACHE_BACKEND / VETTED_CACHE_LOCATION choose
# another (e.g. django.core.cache.backends.db.DatabaseCache after `vetted createcachetable`).
CACHES = {
    "default": {
        # The database: the one store every web process and worker already reaches, on any host (the
        # table is made by vetted.signin's migration). Sign-in limits (allauth) count here too.
        "BACKEND": os.environ.get("VETTED_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("VETTED_CACHE_LOCATION", "vetted_cache"),
        # Django's default (300) would cull live throttle counts as soon as a few hundred clients call.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("VETTED_CACHE_MAX_ENTRIES", "5000"))},
    }
}
# The web server's processes (gunicorn.conf.py reads the same variable): each counts anonymous API
# callers in its own memory with this share of the limit (vetted.kit.throttling).
VETTED_WEB_PROCESSES = max(1, int(os.environ.get("VETTED_WEB_WORKERS", "2")))
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "vetted.kit.throttling.AnonThrottle",
    "vetted.kit.throttling.UserThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("VETTED_API_RATE_ANON", "600/minute"),  # per client address
    "user": os.environ.get("VETTED_API_RATE_USER", "2000/minute"),  # per person
}
# How many proxies in front of the app append to X-Forwarded-For. 0: the client's address is the
# connection's, so a caller cannot dodge the anonymous throttle by sending a made-up header.
REST_FRAMEWORK["NUM_PROXIES"] = int(os.environ.get("VETTED_NUM_PROXIES", "0"))
# Every operation documents its possible 429 (drf-spectacular's enum hook kept first).
_schema_hooks = SPECTACULAR_SETTINGS.get(
    "POSTPROCESSING_HOOKS", ["drf_spectacular.hooks.postprocess_schema_enums"]
)
assert isinstance(_schema_hooks, list)
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [*_schema_hooks, "vetted.kit.api_schema.document_throttling"]
VETTED_API_TOKEN_DAYS = int(os.environ.get("VETTED_API_TOKEN_DAYS", "90"))  # offered when creating
VETTED_API_TOKEN_MAX_DAYS = int(os.environ.get("VETTED_API_TOKEN_MAX_DAYS", "365"))
VETTED_API_TOKEN_MAX_ACTIVE = int(os.environ.get("VETTED_API_TOKEN_MAX_ACTIVE", "10"))  # per person
# --- Vetted's own data inventory and retention (issue 10, item 8) ---
# Days after which the retention job erases each kind of data (defaults: vetted.site.data_inventory).
# VETTED_RETENTION_DAYS="outbox_body=30,read_text=7" shortens or lengthens a period on this install.
VETTED_RETENTION_DAYS: dict[str, int] = {
    key.strip(): int(days)
    for key, _, days in (
        item.partition("=") for item in os.environ.get("VETTED_RETENTION_DAYS", "").split(",")
    )
    if key.strip() and days.strip().isdigit()
}
VETTED_WORKER_JOBS = [*VETTED_WORKER_JOBS, "vetted.site.retention.erase_expired"]
# --- backups (issue 10, item 7) ---
# The passphrase `vetted backup` and `vetted restore` derive the archive's key from (scrypt, then
# AES-256-GCM). Keep it apart from the archives; without it a backup cannot be read.
VETTED_BACKUP_KEY = os.environ.get("VETTED_BACKUP_KEY", "")
# More files every backup carries and restore puts back at the same paths (os.pathsep-separated).
# A file named by AUDIT_ANCHOR_FILE, when that setting exists, is always carried.
VETTED_BACKUP_EXTRA_FILES = [
    p for p in os.environ.get("VETTED_BACKUP_EXTRA_FILES", "").split(os.pathsep) if p
]
# --- PostgreSQL roles and row security (issue 10, item 3) ---
# Scope each /manage/<d>/ and /api/v1/districts/<d>/ request's connection to its district, so row
# security hides other districts' rows (vetted/districts/row_security.py). Off only to rule it out
# while diagnosing; it binds only when the app connects as a non-superuser role (README).
VETTED_ROW_SECURITY = env_bool("VETTED_ROW_SECURITY", True)
# The application's own role: `vetted migrate` re-grants it after migrating when this is set, so a
# table added by a migration is usable at once (vetted/districts/db_roles.py).
VETTED_DB_APP_ROLE = os.environ.get("VETTED_DB_APP_ROLE", "")
# Tables the app role may only read and append to (the audit trail); `vetted db_roles` grants them
# SELECT and INSERT only.
VETTED_APPEND_ONLY_TABLES = ["audit_auditevent"]
# --- sign-in, second factor and single sign-on (issue 10, items 1 and 2) ---
# django-allauth does sign-in, reset, TOTP and OpenID Connect; vetted.signin holds our rules around it
# (no self sign-up, the second factor admins must have, which district an SSO sign-in belongs to).
# vetted.signin comes before allauth so its templates win.
INSTALLED_APPS += [
    "vetted.signin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]
_auth_at = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_auth_at:_auth_at] = [
    "allauth.account.middleware.AccountMiddleware",
    "vetted.signin.middleware.SecondFactorMiddleware",
]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
# Rate limits are counted in the cache, so every web worker must share it: the database is the one
# store every process already reaches (the table is made by vetted.signin's migration).
ACCOUNT_ADAPTER = "vetted.signin.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "vetted.signin.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are made by a district's admin, not by sign-up
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # a reset for an unknown address sends nothing
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Vetted: "
# "n/period/what": per client (ip), per account or address (key). A locked account says so and
# waits the period out; a correct password does not lift the lock early.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "20/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "signup": "5/m/ip",
}
# Behind a reverse proxy every request comes from the proxy's address, so the per-client limits would
# count all clients as one: say how many proxies of yours add X-Forwarded-For (0: the header is ignored,
# so a client cannot escape its limit by forging it).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("VETTED_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Vetted"
# A code from the 30-second step just before or after now is accepted (RFC 6238 section 5.2): a phone's
# clock drifts and a person types slowly; a code typed as its step ends must not fail. Two steps off is refused.
MFA_TOTP_TOLERANCE = 1
# Roles whose holders must pass a TOTP code before any staff page or the API by session.
VETTED_MFA_REQUIRED_ROLES = ("admin", "technology_director")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an IdP's e-mail claim never takes over an account by itself
SOCIALACCOUNT_STORE_TOKENS = False
# --- audit trail you can prove (issue 10, item 3) ---
# The chain's and checkpoints' HMAC key is AUDIT_HMAC_KEY (VETTED_AUDIT_KEY), required outside demo
# mode with the production defaults above.
# One signed JSON line per checkpoint; ship it to another machine (and keep it) to anchor the trail.
AUDIT_ANCHOR_FILE = Path(os.environ.get("VETTED_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))
# --- rights requests (issue 13, items 2 and 3) ---
# How long a vendor's task link works at least (it also lasts a week past the district's deadline).
VETTED_RIGHTS_LINK_DAYS = int(os.environ.get("VETTED_RIGHTS_LINK_DAYS", "30"))
VETTED_WORKER_JOBS = [*VETTED_WORKER_JOBS, "vetted.rights.requests.tasks.run_rights_task_chasing"]
