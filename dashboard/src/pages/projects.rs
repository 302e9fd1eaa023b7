//! Projects: each its own platform (keys, tiers, settings, Stripe, customers, stats). Make
//! one (its secret keys shown once), rename, show it, copy its tested tiers to live, or delete
//! it after typing its name — with what goes said first.

use crate::api;
use crate::app::{session, Session};
use crate::pages::onboarding::ModeBlock;
use crate::ui::ErrorBox;
use dream_core::api::{
    CreatedProject, DeleteProjectRequest, DeletedProject, DeveloperInfo, ProjectNameRequest, ProjectView, TierList,
};
use leptos::prelude::*;

/// Reads the developer's projects again (after a change), keeping the shown one if it is left.
async fn reload(s: Session) -> Result<(), api::Failure> {
    let me = api::get::<DeveloperInfo>("/api/developer/me").await?;
    let kept = s.project.get_untracked().filter(|p| me.projects.iter().any(|x| &x.id == p));
    s.me.set(me);
    if kept != s.project.get_untracked() {
        s.select(kept);
    }
    Ok(())
}

#[component]
fn Create(error: RwSignal<Option<api::Failure>>) -> impl IntoView {
    let s = session();
    let name = RwSignal::new(String::new());
    let made = RwSignal::new(None::<CreatedProject>);
    let create = move |_| {
        let body = ProjectNameRequest { name: name.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::post::<_, CreatedProject>("/api/developer/projects", &body).await {
                Ok(p) => {
                    made.set(Some(p));
                    name.set(String::new());
                    error.set(reload(s).await.err());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card">
            <h2>"New project"</h2>
            <div class="row">
                <div><label for="new-project">"Name"</label><input id="new-project" bind:value=name placeholder="My other product" /></div>
                <button class="primary" on:click=create>"Create project"</button>
            </div>
        </div>
        {move || made.get().map(|p| view! {
            <p class="notice" role="alert"><strong>"Copy the new project's secret keys now: you will not see them again."</strong></p>
            <p class="muted">{p.project.name.clone()} " — " <code>{p.project.id.clone()}</code></p>
            <ModeBlock title="Test mode" keys=p.test prefix="test" />
            <ModeBlock title="Live mode" keys=p.live prefix="live" />
        })}
    }
}

#[component]
fn Row(p: ProjectView, error: RwSignal<Option<api::Failure>>) -> impl IntoView {
    let s = session();
    let notice = s.notice;
    let name = RwSignal::new(p.name.clone());
    let deleting = RwSignal::new(false);
    let confirm = RwSignal::new(String::new());
    let id = p.id.clone();
    let path = format!("/api/developer/projects/{id}");
    let (rename_path, delete_path, promote_path) = (path.clone(), path.clone(), format!("{path}/promote"));
    let rename = move |_| {
        let (path, body) = (rename_path.clone(), ProjectNameRequest { name: name.get_untracked() });
        leptos::task::spawn_local(async move {
            let r = api::act("PATCH", &path, serde_json::to_string(&body).ok()).await;
            error.set(match r {
                Ok(_) => reload(s).await.err(),
                Err(e) => Some(e),
            });
        });
    };
    let promote = move |_| {
        let path = promote_path.clone();
        leptos::task::spawn_local(async move {
            match api::post_empty::<TierList>(&path).await {
                Ok(t) => notice.set(Some(format!("Live mode now has the {} test-mode tiers.", t.tiers.len()))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let delete = move |_| {
        let (path, body) = (delete_path.clone(), DeleteProjectRequest { confirm: confirm.get_untracked() });
        leptos::task::spawn_local(async move {
            match api::send::<_, DeletedProject>("DELETE", &path, &body).await {
                Ok(d) => {
                    notice.set(Some(format!("Deleted {}: {}.", d.project.name, d.removed.join("; "))));
                    error.set(reload(s).await.err());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let show_id = id.clone();
    let shown = move || s.project.get().or(s.me.get().platform_id).as_deref() == Some(show_id.as_str());
    let select_id = id.clone();
    let primary = p.primary;
    let label = format!("Name of {}", p.name);
    let (name_id, confirm_id) = (format!("name-{id}"), format!("confirm-{id}"));
    let project_name = p.name.clone();
    view! {
        <div class="card" data-project=id.clone()>
            <div class="row">
                <div><label for=name_id.clone()>{label}</label><input id=name_id bind:value=name /></div>
                <button on:click=rename>"Rename"</button>
                <button disabled=shown on:click=move |_| s.select((!primary).then(|| select_id.clone()))>"Show"</button>
                <button on:click=promote>"Copy test tiers to live"</button>
                <button class="danger" on:click=move |_| deleting.set(true)>"Delete…"</button>
            </div>
            <p class="muted mono">{id.clone()} {if primary { " · primary" } else { "" }}</p>
            <Show when=move || deleting.get()>
                <div class="notice" role="alert">
                    <p><strong>"Deleting " {project_name.clone()} " removes, for good:"</strong>
                        " every API key, test and live (they stop working at once); its tiers and settings; every end user's usage, plan and customer record; its Stripe connections. "
                        "It is refused while an end user's subscription or its dream-api plan will bill again."</p>
                    <label for=confirm_id.clone()>"Type the project's name to confirm"</label>
                    <input id=confirm_id.clone() bind:value=confirm />
                    <button class="danger" on:click=delete.clone()>"Delete project for good"</button>
                    <button on:click=move |_| deleting.set(false)>"Keep it"</button>
                </div>
            </Show>
        </div>
    }
}

/// The Projects page.
#[component]
pub fn Projects() -> impl IntoView {
    let s = session();
    let error = RwSignal::new(None::<api::Failure>);
    let notice = s.notice;
    view! {
        <h1>"Projects"</h1>
        <p class="muted">"Each project is its own platform: keys, tiers, settings, Stripe account, end users and stats. The selector at the top shows one."</p>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <For each=move || s.me.get().projects key=|p| (p.id.clone(), p.name.clone()) let:p>
            <Row p=p error=error />
        </For>
        <Create error=error />
    }
}
