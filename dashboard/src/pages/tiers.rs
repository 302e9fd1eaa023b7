//! Tiers: edit the tier list of the selected mode (the API validates it whole and its message
//! is shown), with each tier's entitlements (flags and named meters), then turn the paid
//! tiers into Stripe products.

use crate::api;
use crate::app::session;
use crate::ui::{money, parse_dollars, ErrorBox, Loading};
use dream_core::api::{CreateProductsResponse, PutTiersRequest, TierList};
use dream_core::tiers::{Tier, Trial};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A tier's meters as edited: `exports=3, seats=unlimited`.
fn meters_text(meters: &BTreeMap<String, Option<i64>>) -> String {
    let one = |(name, limit): (&String, &Option<i64>)| match limit {
        Some(l) => format!("{name}={l}"),
        None => format!("{name}=unlimited"),
    };
    meters.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// Reads [`meters_text`] back (names are checked by the API).
fn parse_meters(tier: &str, text: &str) -> Result<BTreeMap<String, Option<i64>>, String> {
    let mut out = BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("tier {tier:?}: write meters as name=limit, like exports=3 or seats=unlimited");
        let (name, limit) = part.split_once('=').ok_or_else(bad)?;
        let limit = match limit.trim() {
            "" | "unlimited" => None,
            l => Some(l.parse::<i64>().map_err(|_| bad())?),
        };
        out.insert(name.trim().to_owned(), limit);
    }
    Ok(out)
}

/// Flags as edited: comma-separated names.
fn parse_flags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned).collect()
}

/// One editable row (text as typed; converted on save).
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u32,
    name: RwSignal<String>,
    display: RwSignal<String>,
    limit: RwSignal<String>,
    price: RwSignal<String>,
    flags: RwSignal<String>,
    meters: RwSignal<String>,
    features: Vec<String>,
    promotion_codes: RwSignal<bool>,
    /// Trial days (empty: no trial) and whether a card is asked for up front.
    trial_days: RwSignal<String>,
    trial_card: RwSignal<bool>,
}

impl Row {
    fn of(id: u32, t: &Tier) -> Row {
        Row {
            id,
            name: RwSignal::new(t.name.clone()),
            display: RwSignal::new(t.display_name.clone()),
            limit: RwSignal::new(t.limit.map(|l| l.to_string()).unwrap_or_default()),
            price: RwSignal::new(money(t.price_cents).trim_start_matches('$').to_owned()),
            flags: RwSignal::new(t.flags.join(", ")),
            meters: RwSignal::new(meters_text(&t.meters)),
            features: t.features.clone(),
            promotion_codes: RwSignal::new(t.promotion_codes),
            trial_days: RwSignal::new(t.trial.map(|t| t.days.to_string()).unwrap_or_default()),
            trial_card: RwSignal::new(t.trial.is_none_or(|t| t.card_required)),
        }
    }

    fn tier(&self) -> Result<Tier, String> {
        let name = self.name.get_untracked().trim().to_owned();
        let limit = match self.limit.get_untracked().trim() {
            "" => None,
            l => Some(
                l.parse::<i64>()
                    .map_err(|_| format!("tier {name:?}: the limit must be a whole number, or empty for unlimited"))?,
            ),
        };
        let trial = match self.trial_days.get_untracked().trim() {
            "" | "0" => None,
            d => Some(Trial {
                days: d
                    .parse()
                    .map_err(|_| format!("tier {name:?}: trial days must be a whole number, or empty for none"))?,
                card_required: self.trial_card.get_untracked(),
            }),
        };
        let price_cents = parse_dollars(&self.price.get_untracked())
            .ok_or_else(|| format!("tier {name:?}: the price must be dollars and cents, like 9 or 9.50"))?;
        Ok(Tier {
            display_name: self.display.get_untracked().trim().to_owned(),
            meters: parse_meters(&name, &self.meters.get_untracked())?,
            flags: parse_flags(&self.flags.get_untracked()),
            name,
            limit,
            price_cents,
            features: self.features.clone(),
            promotion_codes: self.promotion_codes.get_untracked(),
            trial,
        })
    }
}

#[component]
fn RowEditor(row: Row, rows: RwSignal<Vec<Row>>) -> impl IntoView {
    let id = row.id;
    let field = move |what: &str| format!("tier-{id}-{what}");
    view! {
        <div class="card row" data-tier-row=id>
            <div><label for=field("name")>"Id"</label>
                <input id=field("name") bind:value=row.name placeholder="pro" /></div>
            <div><label for=field("display")>"Name shown"</label>
                <input id=field("display") bind:value=row.display placeholder="Pro" /></div>
            <div><label for=field("limit")>"Calls per month (empty = unlimited)"</label>
                <input id=field("limit") inputmode="numeric" bind:value=row.limit /></div>
            <div><label for=field("price")>"Price per month (USD)"</label>
                <input id=field("price") inputmode="decimal" bind:value=row.price /></div>
            <div><label for=field("flags")>"Flags (comma-separated)"</label>
                <input id=field("flags") bind:value=row.flags placeholder="export_csv, sso" /></div>
            <div><label for=field("meters")>"Meters per month (name=limit)"</label>
                <input id=field("meters") bind:value=row.meters placeholder="exports=3, seats=unlimited" /></div>
            <div><label for=field("trial")>"Free trial (days, empty = none)"</label>
                <input id=field("trial") inputmode="numeric" bind:value=row.trial_days /></div>
            <div><label><input type="checkbox" bind:checked=row.trial_card />" Card up front for the trial"</label>
                <label><input type="checkbox" bind:checked=row.promotion_codes />" Promotion codes at checkout"</label></div>
            <button type="button" aria-label=format!("Remove tier {}", row.name.get_untracked()) on:click=move |_| rows.update(|r| r.retain(|x| x.id != id))>"Remove"</button>
        </div>
    }
}

#[component]
fn ProductsResult(r: CreateProductsResponse) -> impl IntoView {
    view! {
        <div class="card" role="status">
            <h3>"Stripe products"</h3>
            <table>
                <thead><tr><th>"Tier"</th><th>"Price"</th><th>"Result"</th><th>"Stripe price"</th></tr></thead>
                <tbody>
                    {r.products.into_iter().map(|p| view! {
                        <tr data-product-tier=p.tier.clone()><td>{p.tier.clone()}</td><td>{money(p.amount)}</td><td>{p.result}</td><td class="mono">{p.price_id}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Editor(list: TierList, etag: Option<String>) -> impl IntoView {
    let s = session();
    // The version the editor was loaded at: saving over someone else's change is refused (412).
    let etag = RwSignal::new(etag);
    let next = RwSignal::new(list.tiers.len() as u32);
    let rows = RwSignal::new(list.tiers.iter().enumerate().map(|(i, t)| Row::of(i as u32, t)).collect::<Vec<_>>());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let products = RwSignal::new(None::<Result<CreateProductsResponse, api::Failure>>);
    let busy = RwSignal::new(false);
    let add = move |_| {
        let id = next.get_untracked();
        next.set(id + 1);
        let blank =
            Tier { name: String::new(), display_name: String::new(), limit: None, price_cents: 0, ..Tier::default() };
        rows.update(|r| r.push(Row::of(id, &blank)));
    };
    let save = move |_| {
        saved.set(false);
        let tiers: Result<Vec<Tier>, String> = rows.get_untracked().iter().map(Row::tier).collect();
        let tiers = match tiers {
            Ok(t) => t,
            Err(e) => return error.set(Some(e)),
        };
        let mode = s.mode.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/api/developer/tiers?mode={mode}");
            let version = etag.get_untracked();
            match api::put_if_match::<_, TierList>(&path, &PutTiersRequest { tiers }, version.as_deref()).await {
                Ok(done) => {
                    etag.set(done.etag);
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let create_products = move |_| {
        let mode = s.mode.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r =
                api::post_empty::<CreateProductsResponse>(&format!("/api/developer/create-products?mode={mode}")).await;
            products.set(Some(r));
            busy.set(false);
        });
    };
    view! {
        <For each=move || rows.get() key=|r| r.id let:row>
            <RowEditor row rows />
        </For>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || saved.get().then(|| view! { <p class="ok" role="status">"Tiers saved."</p> })}
        <div class="row">
            <button type="button" on:click=add>"Add tier"</button>
            <button type="button" class="primary" disabled=move || busy.get() on:click=save>"Save tiers"</button>
            <button type="button" disabled=move || busy.get() on:click=create_products>"Create Stripe products"</button>
        </div>
        {move || products.get().map(|r| match r {
            Ok(r) => view! { <ProductsResult r /> }.into_any(),
            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
        })}
    }
}

/// The tiers page.
#[component]
pub fn Tiers() -> impl IntoView {
    let s = session();
    let list = LocalResource::new(move || {
        let mode = s.mode.get();
        async move { api::get_versioned::<TierList>(&format!("/api/developer/tiers?mode={mode}")).await }
    });
    view! {
        <h1>"Tiers " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        <p class="muted">"Every end user starts on the tier with id " <code>"free"</code> ", which costs 0. "
            "Flags and meters are what " <code>"GET /api/entitlements"</code> " answers; a track with "
            <code>"feature"</code> " counts on a meter, and a tier without that meter allows none of it."</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <Editor list=l.value etag=l.etag /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meters_are_edited_as_name_equals_limit() {
        let m = BTreeMap::from([("exports".to_owned(), Some(3)), ("seats".to_owned(), None)]);
        assert_eq!(meters_text(&m), "exports=3, seats=unlimited");
        assert_eq!(parse_meters("pro", &meters_text(&m)), Ok(m));
        assert_eq!(
            parse_meters("pro", " exports = 5 ,, seats="),
            Ok(BTreeMap::from([("exports".to_owned(), Some(5)), ("seats".to_owned(), None)]))
        );
        assert!(parse_meters("pro", "exports").unwrap_err().contains("name=limit"));
        assert!(parse_meters("pro", "exports=many").is_err());
        assert_eq!(parse_flags(" export_csv, ,sso "), vec!["export_csv".to_owned(), "sso".to_owned()]);
    }
}
