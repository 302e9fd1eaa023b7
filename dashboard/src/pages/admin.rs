//! Admin: the whole deployment's figures, for its admins only (the API refuses anyone else).

use crate::api;
use crate::app::session;
use crate::chart::BarChart;
use crate::ui::{loaded, money, Loading};
use dream_core::api::AdminStats;
use leptos::prelude::*;

fn calls(v: i64) -> String {
    format!("{v} calls")
}

/// The admin page.
#[component]
pub fn Admin() -> impl IntoView {
    let s = session();
    if !s.me.get_untracked().is_admin {
        return view! {
            <h1>"Admin"</h1>
            <p class="error" role="alert">"This page is for the deployment's admins only."</p>
        }
        .into_any();
    }
    let data = LocalResource::new(|| api::get::<AdminStats>("/api/developer/admin/stats"));
    view! {
        <h1>"Admin"</h1>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                loaded(data.await, |a: AdminStats| {
                    let days: Vec<(String, i64)> = a.days.iter().map(|d| (d.date.clone(), d.calls as i64)).collect();
                    view! {
                        <div class="grid">
                            <div class="card stat"><div class="n">{a.developers}</div><div class="l">"Developers"</div></div>
                            <div class="card stat"><div class="n">{money(a.mrr)}</div><div class="l">"dream-api MRR"</div></div>
                            <div class="card stat"><div class="n">{a.active_subscriptions}</div><div class="l">"Paying developers"</div></div>
                        </div>
                        <div class="card">
                            <h2>"Developers by plan"</h2>
                            <table><tbody>
                                {a.developers_by_plan.into_iter().map(|(plan, n)| view! { <tr><td>{plan}</td><td>{n}</td></tr> }).collect_view()}
                            </tbody></table>
                        </div>
                        <BarChart title="API calls per day, whole deployment".to_owned() points=days format=calls empty="No calls yet." />
                    }
                })
            })}
        </Suspense>
    }
    .into_any()
}
