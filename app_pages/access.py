"""Streamlit glue of sign-in and roles (issue 6): who is using this session, the sign-in panel, page guards.

Not a page. The rules live in metrics.access.auth, metrics.access.signin, metrics.access.session_cookie and metrics.access.claims;
this module only keeps a signed token in the session (and, so that a reload keeps the sign-in, in a
browser cookie), holds the server-wide failure limiter, and draws the panel.
A page that changes data calls :func:`require` first, so a deep link or a script run on its own
never gets past it without the role.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages.common import config_path
from app_pages.upload_guard import forbid_session
from metrics.access.auth import ALL_PROVINCES, ANONYMOUS, User, load_users
from metrics.access.claims import oidc_session_expired, user_from_claims
from metrics.access.revocation import RevocationList
from metrics.access.session_cookie import clear_cookie, set_cookie, token_from_cookies
from metrics.access.signin import FailureLimiter, check_token, issue_token, sign_in, token_claims
from metrics.domain.i18n import t
from metrics.load.auth_config import AuthSettings
from metrics.load.config import Config
from metrics.store import Limiter, Revocations, open_store, postgresql_store

TOKEN = "vet_auth_token"  # session key of the signed session token (never a widget key: a client cannot set it)
NOTICE = "vet_auth_notice"
COOKIE_READ = "vet_auth_cookie_read"  # this session has looked at the browser's cookie (once: st.context.cookies never changes)
COOKIE_WRITE = "vet_auth_cookie_write"  # a document.cookie assignment for the browser, made by the next sidebar run
SIGN_IN_PANEL = "vet_sign_in_panel"  # the sign-in expander's open state (a widget key: the browser sets it)
OPEN_SIGN_IN = "vet_open_sign_in"  # set by a page that refused a visitor: the next run draws the sign-in panel open
OPENED_FOR = "vet_sign_in_opened_for"  # the permission the panel was last opened for (once: a visitor may close it)

# Runs in the app's own page (components v2 use no iframe), so document.cookie is the dashboard's cookie.
_cookie_writer = st.components.v2.component(
    "vet_session_cookie",
    js="""
export default function ({ data }) {
  if (data) document.cookie = data + (window.location.protocol === "https:" ? "; Secure" : "");
}
""",
)


@st.cache_resource(show_spinner=False)
def failure_limiter(limit: int, window_minutes: int, store: str = "files", root: str = "") -> Limiter:
    """One limiter per server process and setting, shared by every session: a new tab does not reset it.
    With PostgreSQL (issue 15) the failures are counted in the database, shared by every server."""
    if store == "files":
        return FailureLimiter(limit, window_minutes * 60.0)
    return postgresql_store(store, Path(root)).failure_limiter(limit, window_minutes * 60.0)


@st.cache_resource(show_spinner=False)
def revocations(path: str, store: str = "files", root: str = "") -> Revocations:
    """One list object per file and process; it re-reads the file only when the file changes.
    With PostgreSQL, the revoked sessions are the database's, shared by every server."""
    if store == "files":
        return RevocationList(Path(path))
    return postgresql_store(store, Path(root)).revocations()


def _revocations(config: Config) -> Revocations:
    return revocations(str(config.auth.revocations_path), config.store, str(config.root))


def _file_key(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
        return str(path), stat.st_mtime_ns, stat.st_size
    except OSError:
        return str(path), 0, -1


@st.cache_data(max_entries=4, ttl=600, show_spinner=False)
def _users(path: str, key: tuple[str, int, int]) -> dict[str, User]:
    """The users file, re-read when it changes (``key`` only keys the cache); a broken file admits no one."""
    users, problems = load_users(Path(path))
    return {} if problems else users


@st.cache_data(max_entries=4, ttl=600, show_spinner=False)
def _store_users(store: str, root: str, key: tuple[object, ...]) -> dict[str, User]:
    """The users of a PostgreSQL store, re-read when they change (``key``: a digest of the table)."""
    users, problems = postgresql_store(store, Path(root)).load_users()
    return {} if problems else users


def users_of(settings: AuthSettings, config: Config | None = None) -> dict[str, User]:
    if config is not None and config.store != "files":
        store = postgresql_store(config.store, config.root)
        return _store_users(config.store, str(config.root), store.users_version())
    path = settings.credentials_path
    return _users(str(path), _file_key(path))


def session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else "no-session"


def _source() -> str:
    """The visitor's address, the "source" sign-in attempts are limited by (metrics.access.signin.sign_in).

    Streamlit takes it from the connection (its server trusts X-Forwarded-For only from a proxy on this
    machine); it gives None for localhost, where every local visitor is one source.
    """
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"  # AppTest gives a mock object here


def _config() -> Config:
    from app_pages.common import CONTEXT_KEY, context, settings

    if CONTEXT_KEY in st.session_state:
        return context().config
    return settings(config_path())[0]


def browser_cookies() -> dict[str, str]:
    """The cookies the browser sent when this session started (a reload starts a new session)."""
    return st.context.cookies.to_dict()


def current_user(config: Config | None = None) -> User:
    """The person using this session: from the signed token (of the session, or of the browser's cookie
    when the session has none yet), the identity provider, or anonymous."""
    config = config or _config()
    settings = config.auth
    if TOKEN not in st.session_state and not st.session_state.get(COOKIE_READ):
        st.session_state[COOKIE_READ] = True  # after a sign-out, the cookie this session started with no longer counts
        token = token_from_cookies(browser_cookies())
        if token:
            st.session_state[TOKEN] = token  # checked below exactly like a token from the sign-in form
    token = st.session_state.get(TOKEN)
    if token:
        user, why = check_token(
            token, settings.signing_key(), users_of(settings, config), revoked=_revocations(config).is_revoked
        )
        if user:
            return user
        del st.session_state[TOKEN]
        st.session_state[NOTICE] = "signin.expired" if why == "expired" else "signin.ended"
        st.session_state[COOKIE_WRITE] = clear_cookie()
    if settings.oidc and st.user.get("is_logged_in"):
        claims = dict(st.user.to_dict())
        if oidc_session_expired(claims, settings.session_minutes):
            st.session_state[NOTICE] = "signin.expired"
            st.logout()
        return user_from_claims(claims, settings.claim_rules)
    return ANONYMOUS


def require(action: str, lang: str) -> User:
    """Stop this page with a message unless the session's user may do ``action``."""
    user = current_user()
    if not user.can(action):
        if st.session_state.get(SIGN_IN_PANEL) is False and st.session_state.get(OPENED_FOR) != action:
            # The visitor came to this page, and the sidebar drew the sign-in form closed before the page could say
            # so: the next run draws it open (once for this permission, so a visitor may close it again).
            st.session_state[OPEN_SIGN_IN] = True
            st.session_state[OPENED_FOR] = action
            st.rerun()
        st.error(t("access.denied", lang, role=t(f"role.needed.{action}", lang)), icon=":material/lock:")
        st.caption(t("access.sign_in_hint", lang))
        st.stop()
    return user


def sign_in_panel(config: Config, lang: str, province_label: Callable[[str], str] = str, asked: str = "view") -> User:
    """The sidebar panel: who is signed in with a sign-out button, or the sign-in form; returns the user.
    ``province_label`` names a reporter's provinces (a raw code such as CN-GD meant nothing in the Chinese UI);
    ``asked``: the permission the linked page needs, so a link to a page that needs a sign-in opens with the form."""
    settings = config.auth
    user = current_user(config)
    if not user.can("upload"):  # signed out or expired: Streamlit's upload route refuses this session again
        forbid_session(session_id())
    cookie = st.session_state.pop(COOKIE_WRITE, None)
    if cookie:
        _cookie_writer(data=cookie, key="vet_session_cookie", height=0)
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.warning(t(notice, lang), icon=":material/timer_off:")
    if not user.anonymous:
        roles = ", ".join(t(f"role.{r}", lang) for r in sorted(user.roles))
        st.caption(t("signin.as", lang, name=user.label, roles=roles))
        if user.provinces:
            named = [t("sidebar.all", lang) if p == ALL_PROVINCES else province_label(p) for p in sorted(user.provinces)]
            st.caption(t("signin.provinces", lang, provinces=("、" if lang == "zh" else ", ").join(named)))
        if st.button(t("signin.out", lang), key="vet_sign_out", icon=":material/logout:"):
            forbid_session(session_id())
            claims = token_claims(st.session_state.pop(TOKEN, ""), settings.signing_key())
            if claims:  # on the server, so a copy of the cookie (or another tab) no longer signs in (issue 12, item 5)
                _revocations(config).revoke(claims["id"], claims["exp"])
            st.session_state[COOKIE_WRITE] = clear_cookie()
            if user.via == "oidc":
                st.logout()
            st.rerun()
        return user
    if settings.oidc:
        if st.button(t("signin.oidc", lang), key="vet_sign_in_oidc", icon=":material/login:"):
            st.login(settings.oidc_provider or None)
        return user
    # The form is sent only once the panel is opened (one rerun for whoever signs in), not with every page every
    # viewer opens: its widgets cost each page load about 0.03-0.06 s in the browser (bench/frame.py, the frame's
    # "form-sent" variant against "now"; issue 16, item 3). It opens at once when anonymous viewing is off or the
    # link asked for a page that needs a sign-in: the visitor came to sign in.
    # Opened by setting its state before it is drawn, as a click would, never by a changing ``expanded``: a default
    # that changes between runs makes Streamlit draw the panel anew, and the rerun that follows draws it anew again.
    opened_for_link = not user.can(asked) and st.session_state.get(OPENED_FOR) != asked
    if opened_for_link:
        st.session_state[OPENED_FOR] = asked
    if st.session_state.pop(OPEN_SIGN_IN, False) or opened_for_link:
        st.session_state[SIGN_IN_PANEL] = True
    panel = st.expander(
        t("signin.title", lang),
        expanded=not config.auth.allow_anonymous,
        icon=":material/login:",
        key=SIGN_IN_PANEL,
        on_change="rerun",
    )
    if not panel.open:
        return user
    with panel:
        key = settings.signing_key()
        if not key:
            st.caption(t("signin.no_key", lang))
            return user
        if not (settings.credentials_path.exists() if config.store == "files" else open_store(config).has_users()):
            st.caption(t("signin.no_users", lang))
            return user
        with st.form("vet_sign_in", clear_on_submit=True, border=False):
            name = st.text_input(t("signin.name", lang), key="vet_sign_in_name")
            password = st.text_input(t("signin.password", lang), type="password", key="vet_sign_in_password")
            submitted = st.form_submit_button(t("signin.submit", lang), type="primary")
        if submitted:
            limiter = failure_limiter(
                settings.max_failed_sign_ins, settings.failure_window_minutes, config.store, str(config.root)
            )
            result = sign_in(users_of(settings, config), name, password, _source(), limiter)
            if result.user:
                token = issue_token(result.user, key, settings.session_minutes)
                st.session_state[TOKEN] = token
                st.session_state[COOKIE_WRITE] = set_cookie(token, settings.session_minutes * 60)
                st.rerun()
            elif result.message == "signin.wait":
                st.error(t("signin.wait", lang, seconds=int(result.wait) + 1))
            else:
                st.error(t("signin.wrong", lang))
    return user
