//! Customers: end users with plan, usage against the limit and subscription status; search,
//! paging, CSV export; one end user's details, with setting the plan by hand.

use crate::api;
use crate::app::session;
use crate::ui::{download, loaded, money, ErrorBox, Loading, PendingCancels, UsageBar};
use dream_core::api::{CustomerList, SetPlanRequest, TierChangeRequest, TierList, UsageView};
use leptos::prelude::*;

const PAGE: usize = 25;

fn status(u: &UsageView) -> String {
    match &u.subscription {
        Some(s) if s.cancel_at_period_end => {
            format!("{} (cancels {})", s.status.as_str(), day(&s.current_period_end))
        }
        Some(s) if s.trial_ends_at.is_some() => {
            format!("trialing (ends {})", day(s.trial_ends_at.as_deref().unwrap_or_default()))
        }
        Some(s) if s.scheduled_change.is_some() => s
            .scheduled_change
            .as_ref()
            .map(|c| format!("{} (→ {} on {})", s.status.as_str(), c.tier, day(&c.at)))
            .unwrap_or_default(),
        Some(s) => s.status.as_str().to_owned(),
        None => "—".into(),
    }
}

/// The date of an RFC 3339 instant.
fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// Every customer matching `search` as CSV.
async fn export(mode: String, search: String) -> Result<(), api::Failure> {
    let mut out = String::from("userId,email,plan,used,limit,periodEnd,subscription,firstSeen,lastSeen\n");
    let mut cursor: Option<String> = None;
    loop {
        let mut path =
            format!("/api/developer/customers?mode={mode}&limit=200&search={}", js_sys::encode_uri_component(&search));
        if let Some(c) = &cursor {
            path += &format!("&cursor={}", js_sys::encode_uri_component(c));
        }
        let page = api::get::<CustomerList>(&path).await?;
        for u in &page.customers {
            let limit = u.limit.map(|l| l.to_string()).unwrap_or_else(|| "unlimited".into());
            let row = [
                u.user_id.clone(),
                u.email.clone().unwrap_or_default(),
                u.plan.clone(),
                u.used.to_string(),
                limit,
                u.period_end.clone(),
                status(u),
                u.first_seen.clone(),
                u.last_seen.clone(),
            ];
            out += &dream_core::csv::row(&row);
            out.push('\n');
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    download("customers.csv", &out);
    Ok(())
}

/// "First Last" of a customer record, or nothing.
fn full_name(u: &UsageView) -> String {
    [u.first_name.as_deref(), u.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// The customers page.
#[component]
pub fn Customers() -> impl IntoView {
    let s = session();
    let search = RwSignal::new(String::new());
    // Cursors of the pages before the current one (for "Previous").
    let cursors = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<api::Failure>);
    let page = LocalResource::new(move || {
        let mode = s.mode.get();
        let q = search.get();
        let c = cursor.get();
        async move {
            let mut path = format!(
                "/api/developer/customers?mode={mode}&limit={PAGE}&search={}",
                js_sys::encode_uri_component(&q)
            );
            if let Some(c) = c {
                path += &format!("&cursor={}", js_sys::encode_uri_component(&c));
            }
            api::get::<CustomerList>(&path).await
        }
    });
    let on_search = move |ev| {
        search.set(event_target_value(&ev));
        cursor.set(None);
        cursors.set(vec![]);
    };
    let on_export = move |_| {
        let (mode, q) = (s.mode.get_untracked().to_string(), search.get_untracked());
        leptos::task::spawn_local(async move {
            if let Err(e) = export(mode, q).await {
                error.set(Some(e));
            }
        });
    };
    view! {
        <h1>"Customers " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <div class="card row">
            <div><label for="search">"Search by user id"</label><input id="search" type="search" on:input=on_search /></div>
            <button on:click=on_export>"Export CSV"</button>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(page.await, move |list: CustomerList| {
                    let next = list.next_cursor.clone();
                    let empty = list.customers.is_empty();
                    view! {
                        <div class="card table-wrap">
                            <p class="muted">{format!("{} end users", list.total)}</p>
                            {empty.then(|| view! { <p class="muted">"No end users yet: they appear with their first tracked call."</p> })}
                            <table>
                                <thead><tr><th>"User"</th><th>"Email"</th><th>"Plan"</th><th>"Usage this period"</th><th>"Subscription"</th></tr></thead>
                                <tbody>
                                    {list.customers.into_iter().map(|u| view! {
                                        <tr data-user=u.user_id.clone()>
                                            <td><a href=format!("/customers/{}", js_sys::encode_uri_component(&u.user_id))>{u.user_id.clone()}</a></td>
                                            <td>{u.email.clone().unwrap_or_default()}</td>
                                            <td>{u.plan.clone()}</td>
                                            <td><UsageBar used=u.used limit=u.limit /></td>
                                            <td>{status(&u)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <div class="row">
                                <button disabled=move || cursors.get().is_empty() on:click=move |_| {
                                    let mut c = cursors.get_untracked();
                                    cursor.set(c.pop().flatten());
                                    cursors.set(c);
                                }>"Previous"</button>
                                <button disabled=next.is_none() on:click=move |_| {
                                    cursors.update(|c| c.push(cursor.get_untracked()));
                                    cursor.set(next.clone());
                                }>"Next"</button>
                            </div>
                        </div>
                    }
                })
            })}
        </Transition>
    }
}

/// One end user.
#[component]
pub fn Customer() -> impl IntoView {
    let s = session();
    let loc = crate::route::location();
    let id = move || {
        let p = loc.path.get();
        let raw = p.strip_prefix("/customers/").unwrap_or_default().to_owned();
        js_sys::decode_uri_component(&raw).ok().and_then(|d| d.as_string()).unwrap_or(raw)
    };
    let refresh = RwSignal::new(0u32);
    let plan = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::Failure>);
    let data = LocalResource::new(move || {
        refresh.track();
        let (mode, id) = (s.mode.get(), id());
        async move {
            let u = api::get::<UsageView>(&format!(
                "/api/developer/customers/{}?mode={mode}",
                js_sys::encode_uri_component(&id)
            ))
            .await?;
            let t = api::get::<TierList>(&format!("/api/developer/tiers?mode={mode}")).await?;
            Ok((u, t))
        }
    });
    let set_plan = move |_| {
        let (mode, id, p) = (s.mode.get_untracked(), id(), plan.get_untracked());
        leptos::task::spawn_local(async move {
            let path = format!("/api/developer/customers/{}/plan?mode={mode}", js_sys::encode_uri_component(&id));
            let body = serde_json::to_string(&SetPlanRequest { plan: p }).ok();
            error.set(api::act("PUT", &path, body).await.err());
            refresh.update(|n| *n += 1);
        });
    };
    let paid = RwSignal::new(String::new());
    // Changes the end user's subscription: `change` (to `paid`), `cancel` or `resume`.
    let act = move |what: &'static str| {
        let (mode, id) = (s.mode.get_untracked(), id());
        let path =
            format!("/api/developer/customers/{}/subscription/{what}?mode={mode}", js_sys::encode_uri_component(&id));
        let tier = paid.get_untracked();
        leptos::task::spawn_local(async move {
            let body = (what == "change").then(|| serde_json::to_string(&TierChangeRequest { tier }).ok()).flatten();
            error.set(api::act("POST", &path, body).await.err());
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <p><a href="/customers">"← Customers"</a></p>
        <h1>{id}</h1>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |(u, tiers): (UsageView, TierList)| {
                    plan.set(u.plan.clone());
                    let tiers_paid: Vec<(String, String)> =
                        tiers.tiers.iter().filter(|t| t.price_cents > 0).map(|t| (t.name.clone(), t.display_name.clone())).collect();
                    view! {
                        <div class="card">
                            {u.email.clone().map(|email| view! {
                                <p>{full_name(&u)} " " <a href=format!("mailto:{email}")>{email.clone()}</a>
                                   {u.created_at.clone().map(|t| view! { <span class="muted">" · customer since " {t}</span> })}</p>
                            })}
                            <p>"Plan " <strong>{u.plan.clone()}</strong></p>
                            <UsageBar used=u.used limit=u.limit />
                            <p class="muted">"Period " {u.period_start.clone()} " → " {u.period_end.clone()}</p>
                            <p class="muted">"First seen " {u.first_seen.clone()} " · last seen " {u.last_seen.clone()}</p>
                            {u.subscription.clone().map(|sub| view! {
                                <p>"Subscription " <code>{sub.id}</code> " · " {sub.status.as_str()}
                                   " · " {money(sub.amount)} "/month" {sub.cancel_at_period_end.then_some(" · cancels at period end")}
                                   {sub.trial_ends_at.map(|t| format!(" · trial ends {}", day(&t).to_owned()))}
                                   {sub.scheduled_change.map(|c| format!(" · moves to {} on {}", c.tier, day(&c.at).to_owned()))}</p>
                            })}
                            <PendingCancels items=u.pending_cancellations.clone() />
                        </div>
                        <div class="card row">
                            <div>
                                <label for="set-plan">"Set plan by hand"</label>
                                <select id="set-plan" on:change=move |ev| plan.set(event_target_value(&ev)) prop:value=move || plan.get()>
                                    {tiers.tiers.into_iter().map(|t| view! { <option value=t.name.clone()>{t.display_name}</option> }).collect_view()}
                                </select>
                            </div>
                            <button on:click=set_plan>"Set plan"</button>
                        </div>
                        {u.subscription.clone().filter(|sub| sub.status.entitles()).map(|sub| {
                            let options: Vec<_> = tiers_paid.clone();
                            paid.set(sub.tier.clone().unwrap_or_default());
                            view! {
                                <div class="card row">
                                    <div>
                                        <label for="change-tier">"Subscription tier (up: now, prorated; down: at period end)"</label>
                                        <select id="change-tier" on:change=move |ev| paid.set(event_target_value(&ev)) prop:value=move || paid.get()>
                                            {options.into_iter().map(|(name, shown)| view! { <option value=name>{shown}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <button on:click=move |_| act("change")>"Change subscription"</button>
                                    {if sub.cancel_at_period_end {
                                        view! { <button on:click=move |_| act("resume")>"Resume"</button> }.into_any()
                                    } else {
                                        view! { <button class="danger" on:click=move |_| act("cancel")>"Cancel at period end"</button> }.into_any()
                                    }}
                                </div>
                            }
                        })}
                    }
                })
            })}
        </Transition>
    }
}
