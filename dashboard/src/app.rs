//! The app: sign-in gate, onboarding, the layout with navigation and mode switch, routes.

use crate::pages::{
    admin, billing, customers, keys, onboarding, overview, projects, settings, store, stripe, tiers, webhooks,
};
use crate::route::{self, NavLink};
use crate::ui::{ErrorBox, Loading};
use crate::{api, auth};
use dream_core::api::DeveloperInfo;
use dream_core::Mode;
use leptos::prelude::*;

/// Shared across pages: the developer, the selected mode and the selected project.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<DeveloperInfo>,
    pub mode: RwSignal<Mode>,
    /// The project every page shows (`None`: the primary one).
    pub project: RwSignal<Option<String>>,
    /// A message that outlives the page it was made on (pages are made again when another
    /// project is shown).
    pub notice: RwSignal<Option<String>>,
}

/// Where the chosen project is remembered between visits.
const PROJECT_KEY: &str = "dream.project";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

impl Session {
    /// Shows `project` on every page from now on (`None`: the primary one), and remembers it.
    pub fn select(&self, project: Option<String>) {
        if let Some(st) = storage() {
            let _ = match &project {
                Some(p) => st.set_item(PROJECT_KEY, p),
                None => st.remove_item(PROJECT_KEY),
            };
        }
        api::set_project(project.clone());
        self.project.set(project);
    }
}

/// The session of the current page.
pub fn session() -> Session {
    expect_context::<Session>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let signed_in = LocalResource::new(auth::signed_in);
    view! {
        <Suspense fallback=|| view! { <main><Loading /></main> }>
            {move || Suspend::new(async move {
                match signed_in.await {
                    Ok(true) => view! { <Signed /> }.into_any(),
                    Ok(false) => view! { <SignIn /> }.into_any(),
                    Err(e) => view! { <main><p class="error" role="alert">{e}</p></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignIn() -> impl IntoView {
    view! {
        <main>
            <h1>"dream-api"</h1>
            <p>"Auth, billing and usage tracking for your SaaS, as an API."</p>
            <button class="primary" on:click=|_| auth::sign_in()>"Sign in"</button>
        </main>
    }
}

/// Signed in: registered developers get the dashboard, new ones the onboarding.
#[component]
fn Signed() -> impl IntoView {
    let me = LocalResource::new(|| api::get::<DeveloperInfo>("/api/developer/me"));
    view! {
        <Suspense fallback=|| view! { <main><Loading /></main> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(info) => {
                        // The project chosen last time, if it is still the developer's.
                        let kept = storage()
                            .and_then(|st| st.get_item(PROJECT_KEY).ok().flatten())
                            .filter(|p| info.projects.iter().any(|x| &x.id == p));
                        let me = RwSignal::new(info);
                        let session = Session {
                            me,
                            mode: RwSignal::new(Mode::Test),
                            project: RwSignal::new(None),
                            notice: RwSignal::new(None),
                        };
                        session.select(kept);
                        provide_context(session);
                        view! { <Dashboard /> }.into_any()
                    }
                    Err(e) => view! { <main><ErrorBox error=e /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let s = session();
    // Only registering (or deleting the last project) swaps the screen: other changes to the
    // developer's record (a project added or renamed) leave the open page as it is.
    let registered = Memo::new(move |_| s.me.with(|m| m.platform_id.is_some()));
    move || {
        if !registered.get() {
            view! { <onboarding::Welcome /> }.into_any()
        } else {
            view! { <Layout /> }.into_any()
        }
    }
}

#[component]
fn ModeSwitch() -> impl IntoView {
    let s = session();
    view! {
        <div>
            <label for="mode">"Mode"</label>
            <select
                id="mode"
                on:change=move |ev| s.mode.set(if event_target_value(&ev) == "live" { Mode::Live } else { Mode::Test })
                prop:value=move || s.mode.get().as_str()
            >
                <option value="test">"Test"</option>
                <option value="live">"Live"</option>
            </select>
        </div>
    }
}

#[component]
fn ProjectSwitch() -> impl IntoView {
    let s = session();
    let value = move || s.project.get().or(s.me.get().platform_id).unwrap_or_default();
    view! {
        <div>
            <label for="project">"Project"</label>
            <select
                id="project"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let primary = s.me.get_untracked().platform_id;
                    s.select((Some(&id) != primary.as_ref()).then_some(id));
                }
                prop:value=value
            >
                {move || s.me.get().projects.into_iter().map(|p| view! { <option value=p.id>{p.name}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let s = session();
    let is_admin = move || s.me.get().is_admin;
    let loc = route::provide();
    // A notice belongs to the page it was made on: another page clears it.
    Effect::new(move |before: Option<String>| {
        let path = loc.path.get();
        if before.is_some_and(|b| b != path) {
            s.notice.set(None);
        }
        path
    });
    let page = move || {
        // Another project: every page is made again, so it reads that project's data.
        s.project.track();
        let path = loc.path.get();
        match path.as_str() {
            "/" => view! { <overview::Overview /> }.into_any(),
            "/keys" => view! { <keys::Keys /> }.into_any(),
            "/tiers" => view! { <tiers::Tiers /> }.into_any(),
            "/stripe" => view! { <stripe::Stripe /> }.into_any(),
            "/customers" => view! { <customers::Customers /> }.into_any(),
            "/billing" => view! { <billing::Billing /> }.into_any(),
            "/settings" => view! { <settings::Settings /> }.into_any(),
            "/admin" => view! { <admin::Admin /> }.into_any(),
            "/projects" => view! { <projects::Projects /> }.into_any(),
            "/webhooks" => view! { <webhooks::Webhooks /> }.into_any(),
            "/store" => view! { <store::Store /> }.into_any(),
            p if p.starts_with("/customers/") => view! { <customers::Customer /> }.into_any(),
            _ => view! { <p>"No such page."</p> }.into_any(),
        }
    };
    view! {
        <div class="shell">
            <nav class="side" aria-label="Main">
                <div class="brand">"dream-api"</div>
                <NavLink href="/">"Overview"</NavLink>
                <NavLink href="/keys">"Keys"</NavLink>
                <NavLink href="/tiers">"Tiers"</NavLink>
                <NavLink href="/stripe">"Stripe"</NavLink>
                <NavLink href="/customers">"Customers"</NavLink>
                <NavLink href="/billing">"Billing"</NavLink>
                <NavLink href="/store">"Store"</NavLink>
                <NavLink href="/webhooks">"Webhooks"</NavLink>
                <NavLink href="/settings">"Settings"</NavLink>
                <NavLink href="/projects">"Projects"</NavLink>
                <Show when=is_admin>
                    <NavLink href="/admin">"Admin"</NavLink>
                </Show>
            </nav>
            <main>
                <header class="top">
                    <span class="muted">{move || s.me.get().user_id}</span>
                    <ProjectSwitch />
                    <ModeSwitch />
                    <button on:click=|_| leptos::task::spawn_local(auth::sign_out())>"Sign out"</button>
                </header>
                {page}
            </main>
        </div>
    }
}
