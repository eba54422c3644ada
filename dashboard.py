"""The vocational-education reform dashboard: `streamlit run dashboard.py`.

Page config, the sidebar (as-of date, region, task family, language), navigation, and the one place
where data problems and invalid link parameters become messages on screen. Pages only lay out.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app_pages.access import COOKIE_WRITE, session_id, sign_in_panel
from app_pages.common import (
    Context,
    bound,
    config_path,
    data_signature,
    load_data,
    load_snapshot,
    set_context,
    settings,
    store,
    stored,
)
from app_pages.keys import enter_applies_dates
from app_pages.parts import write_address
from app_pages.timing import timed_run
from app_pages.upload_guard import forbid_session
from app_pages.view_cache import cached_table, forget_old_data
from metrics.domain.i18n import LANGUAGES, choose_language, language_name, pick, province_name, region_label, t
from metrics.domain.plain_text import plain
from metrics.domain.regions import region_rank
from metrics.present.links import AS_OF_FIRST, AS_OF_LAST, Choices, as_of_in_range, parse_view
from metrics.present.tables import filter_status


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, its key in links (?page=), its title string id, icon and menu section."""

    path: str
    key: str
    title: str
    icon: str
    section: str = "nav.view"
    needs: str = "view"  # the permission (metrics.access.auth.PERMISSIONS) without which the page is hidden and refuses to run


# ---------------------------------------------------------------------------------------------
# THE PAGE LIST. Every page of the app is registered here and nowhere else. To add a page, append
# a PageSpec (its title and section are string ids: add them to metrics/locale/*/LC_MESSAGES/app.po).
PAGES: list[PageSpec] = [
    PageSpec("app_pages/overview.py", "overview", "page.overview", ":material/map:"),
    PageSpec("app_pages/matrix.py", "matrix", "page.matrix", ":material/grid_on:"),
    PageSpec("app_pages/province.py", "province", "page.province", ":material/location_on:"),
    PageSpec("app_pages/milestone.py", "milestone", "page.milestone", ":material/flag:"),
    PageSpec("app_pages/compare.py", "compare", "page.compare", ":material/compare_arrows:"),
    PageSpec("app_pages/data_quality.py", "quality", "page.quality", ":material/rule:", "nav.data"),
    PageSpec("app_pages/sources.py", "sources", "page.sources", ":material/menu_book:", "nav.data"),
    PageSpec("app_pages/coverage.py", "coverage", "page.coverage", ":material/fact_check:", "nav.data"),
    PageSpec(
        "app_pages/report_progress.py", "report_progress", "page.report_progress", ":material/upload_file:", "nav.input", "upload"
    ),
    PageSpec("app_pages/report_history.py", "report_history", "page.report_history", ":material/history:", "nav.input"),
    PageSpec(
        "app_pages/edit_milestones.py",
        "edit_milestones",
        "page.edit_milestones",
        ":material/edit_note:",
        "nav.input",
        "edit_milestones",
    ),
    PageSpec("app_pages/audit.py", "audit", "page.audit", ":material/policy:", "nav.admin", "audit"),
]
# ---------------------------------------------------------------------------------------------

MAX_PROBLEMS_SHOWN = 8
run_started = time.perf_counter()  # bench/load.py reports page-run times (app_pages/timing.py)

st.set_page_config(page_title="职业教育改革进展 · VET reform tracker", page_icon=":material/school:", layout="wide")
# Static CSS: less empty space above the page (Streamlit leaves 6rem), so at 1366 x 768 a page's first table or map
# starts above the fold. The header's menu button stays clear of the text.
st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 3.5rem; }</style>")

path = config_path()
config, _ = settings(path)  # read once per version of the file; its problems are the dataset's too
signature = data_signature(config, path)
forget_old_data(str(path), signature)  # an upload or edit: the old data's caches go now, not in an hour
data = load_data(str(path), signature)

regions = sorted({r for r in data.provinces["region"] if r}, key=region_rank)
choices = Choices(
    provinces=list(data.mainland.index),
    milestones=list(data.milestones),
    families=list(data.families),
    regions=regions,
    languages=LANGUAGES,
    pages=[p.key for p in PAGES],
)
address = dict(st.query_params.to_dict())
parsed = parse_view(address, choices)
link = parsed.view

# A new session starts from the link; afterwards the session's own choices are the truth.
if not stored("started"):
    lang, _bad = choose_language(link.lang or None, st.context.locale, config.language)
    store("lang", lang)
    store("as_of", as_of_in_range(link.as_of or config.as_of_date()))  # the picker raises on a date outside its range
    store("region", link.region)
    store("family", link.family)
    store("province", link.province or (data.mainland.index[0] if len(data.mainland) else ""))
    store("milestone", link.milestone or (next(iter(data.milestones)) if data.milestones else ""))
    store("provinces", list(link.provinces))
    store("color", link.color)
    store("basis", link.basis == "documented")
    store("notes", parsed.notes)
    store("started", True)
elif address and address != stored("written"):
    # The address changed without us (an in-app link with parameters, or the back button): follow it.
    given = {
        key for key in address if key in ("lang", "as_of", "region", "family", "province", "milestone", "provinces", "color")
    }
    store("basis", link.basis == "documented")
    for key in given:
        value = getattr(link, key)
        if key == "provinces":
            value = list(value)
        if key in ("region", "family") or value:
            store(key, value)
    store("notes", parsed.notes)

if st.query_params.get("present") == "1":  # issue 5: presentation mode, without sidebar or widgets (app_pages/present.py)
    from app_pages.present import run_presentation

    run_presentation(config, link, str(path), signature)
    st.stop()

with st.sidebar:
    lang = bound(
        st.radio,
        "语言 · Language",
        "lang",
        options=list(LANGUAGES),
        format_func=language_name,
        horizontal=True,
    )
    as_of: dt.date = bound(
        st.date_input,
        t("sidebar.as_of", lang),
        "as_of",
        min_value=AS_OF_FIRST,
        max_value=AS_OF_LAST,
        help=t("sidebar.as_of_help", lang),
    )
    enter_applies_dates()  # Enter in a typed date applies it (Streamlit's field waits for a click elsewhere)
    region = bound(
        st.selectbox,
        t("sidebar.region", lang),
        "region",
        options=["", *regions],
        format_func=lambda r: region_label(r, lang) if r else t("sidebar.all", lang),
    )
    family = bound(
        st.selectbox,
        t("sidebar.family", lang),
        "family",
        options=["", *data.families],
        format_func=lambda f: pick(data.families[f].title, lang) if f else t("sidebar.all", lang),
    )
    documented = bound(st.toggle, t("sidebar.documented", lang), "basis", help=t("sidebar.documented_help", lang))
    st.caption(t("sidebar.share", lang))
    # issue 6: sign-in; pages a user lacks the role for are left out below
    cookie_write = st.session_state.get(COOKIE_WRITE)  # the sign-in cookie this run sends (sign_in_panel takes it)
    asked = next((spec.needs for spec in PAGES if spec.key == link.page), "view")
    user = sign_in_panel(config, lang, lambda code: province_name(data.provinces, code, lang), asked)

if user.anonymous and not config.auth.allow_anonymous:
    if config.auth.unreadable:  # fail closed, and say why (issue 12, item 7); the located problems are for admins
        st.error(t("access.config_unreadable", lang), icon=":material/lock:")
    st.info(t("access.anonymous_off", lang), icon=":material/lock:")
    st.stop()

pages: dict[str, list[tuple[PageSpec, StreamlitPage]]] = {}  # menu section: its pages
for spec in PAGES:
    # Every page is registered for everyone, so its address (/edit_milestones) always exists: leaving a page
    # out made a reload or a deep link show Streamlit's English "Page not found" pop-up (issue 13, item 1).
    # A page the user lacks the role for is only hidden from the menu, and refuses itself (access.require).
    # The overview stays the default page (the root address): making the linked page the default gave it the
    # root address instead of its own, so reloading /edit_milestones?page=edit_milestones found no page.
    allowed = user.can(spec.needs)
    page = st.Page(
        spec.path, title=t(spec.title, lang), icon=spec.icon, url_path=spec.key, visibility="visible" if allowed else "hidden"
    )
    pages.setdefault(t(spec.section, lang), []).append((spec, page))
navigation = st.navigation({section: [p for _, p in items] for section, items in pages.items()})
current = next((spec.key for items in pages.values() for spec, page in items if page.title == navigation.title), "overview")
linked = next((page for items in pages.values() for spec, page in items if spec.key == link.page and user.can(spec.needs)), None)
if linked is not None and current == "overview" and link.page != "overview":
    # A link to the root address naming another page (?page=province): open that page, keeping the link's choices.
    st.switch_page(linked, query_params=address)
# A link to a page that needs a sign-in opened the overview with a note saying so (below); once the visitor signs in
# there with the right role, the page they asked for opens, rather than leaving them to find it in the menu.
wanted = stored("wanted_page", "")
if wanted and current != "overview":
    store("wanted_page", "")  # they went elsewhere: a later sign-in on the overview must not jump
elif wanted:
    granted = next(
        (page for items in pages.values() for spec, page in items if spec.key == wanted and user.can(spec.needs)), None
    )
    if granted is not None:
        store("wanted_page", "")
        if cookie_write:  # sent again by the next page's run, should the switch end this run before the browser has it
            st.session_state[COOKIE_WRITE] = cookie_write
        st.switch_page(granted)
if current != "report_progress":  # files reach Streamlit's upload route only while the uploader is shown (serve.py)
    forbid_session(session_id())

# Messages: invalid link parameters, data problems, demo data.
hidden = next((spec for spec in PAGES if spec.key == link.page and not user.can(spec.needs)), None)
if hidden:
    store("wanted_page", hidden.key)
    st.warning(t("access.page_hidden", lang, page=t(hidden.title, lang)), icon=":material/lock:")
for note in st.session_state.pop("vet_notes", []):  # shown once: the rewritten address drops them
    # The value is the visitor's own text from the address bar: escaped, so it shows as typed (issue 12, item 6).
    st.warning(t("link.note", lang, message=t(note.key, lang, value=plain(note.value), n=note.value)), icon=":material/link_off:")
if data.problems:
    lines = [p.located(lang) for p in data.problems[:MAX_PROBLEMS_SHOWN]]
    if len(data.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(t("problems.more", lang, n=len(data.problems) - MAX_PROBLEMS_SHOWN))
    st.error(t("problems.banner", lang, n=len(data.problems)), icon=":material/error:")
    st.code("\n".join(lines), language=None)
if data.has_demo:
    st.info(t("demo.banner", lang), icon=":material/science:")
if not data.milestones:
    st.warning(t("note.no_milestones", lang), icon=":material/error:")
first_baseline = data.first_baseline
if first_baseline is not None and as_of < first_baseline:
    st.info(t("note.before_baselines", lang, as_of=as_of, first=first_baseline), icon=":material/event_busy:")

snapshot = load_snapshot(str(path), signature, as_of, documented)
if documented:
    st.info(t("basis.banner_documented", lang, n=snapshot.assumed), icon=":material/verified:")
elif snapshot.assumed:
    st.caption(t("basis.banner_assumed", lang, n=snapshot.assumed, total=len(snapshot.status)))
view = replace(
    link,
    page=current,
    lang=lang,
    as_of=as_of,
    region=region,
    family=family,
    province=stored("province", ""),
    milestone=stored("milestone", ""),
    provinces=tuple(stored("provinces", [])),
    color=stored("color", "status"),
    basis="documented" if documented else "all",
)
filtered = cached_table(  # kept per view: filtering the status table was a few per cent of every run under load
    "filtered",
    (str(path), hash(signature), as_of, documented, region, family),
    lambda: filter_status(snapshot.status, data, region, family),
)
set_context(Context(snapshot, filtered, view, lang, str(path), signature))

with timed_run(current, run_started):
    navigation.run()

# The address always describes what is on screen, so copying it shares this exact view.
write_address(view)
