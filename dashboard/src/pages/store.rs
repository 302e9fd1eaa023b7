//! Store: the project's one-off products (added, changed, archived, put back on sale) and its
//! orders, newest first, each with its lines, exported as CSV.
//!
//! Built for the download budget: its markup is strings with one click listener per block (as
//! on the webhooks page), its form is read and filled by element id, and it reads answers
//! through [`Json`] rather than serde. Together these keep the page near 3 KB of the
//! download instead of ~12 KB.

use crate::api;
use crate::app::session;
use crate::json::Json;
use crate::ui::{clicked_data, download, escape, money, Actions, ErrorBox};
use dream_core::api::ProductRequest;
use dream_core::money::{decimals, major, parse_major};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The product form's inputs: element id, label, value of a new product.
const FIELDS: [(&str, &str, &str); 6] = [
    ("product-name", "Name", ""),
    ("product-description", "Description", ""),
    ("product-price", "Price", ""),
    ("product-currency", "Currency", "usd"),
    ("product-stock", "Stock (empty: unlimited)", ""),
    ("product-image", "Image URL", ""),
];

/// The form's markup (set once; its values are read and written by id).
fn form_fields() -> String {
    FIELDS
        .iter()
        .map(|(id, label, new)| {
            format!("<label for=\"{id}\">{label}</label><input id=\"{id}\" value=\"{new}\" style=\"width:100%\" />")
        })
        .collect()
}

fn input(id: &str) -> Option<web_sys::HtmlInputElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// The value typed in input `id`.
fn value(id: &str) -> String {
    input(id).map(|i| i.value()).unwrap_or_default()
}

/// Fills the form with product `p` (`None`: empties it for a new product).
fn fill(p: Option<&Json>) {
    let values = match p {
        Some(p) => [
            p.text("name"),
            p.text("description"),
            major(p.int("price").unwrap_or(0), decimals(&p.text("currency"))),
            p.text("currency"),
            p.int("stock").map(|s| s.to_string()).unwrap_or_default(),
            p.text("imageUrl"),
        ],
        None => FIELDS.map(|(_, _, new)| new.to_owned()),
    };
    for ((id, _, _), v) in FIELDS.iter().zip(values) {
        if let Some(i) = input(id) {
            i.set_value(&v);
        }
    }
}

/// The request the form makes, or what is wrong with it.
fn request() -> Result<ProductRequest, String> {
    let currency = value("product-currency").trim().to_ascii_lowercase();
    let places = decimals(&currency);
    let price = parse_major(&value("product-price"), places).ok_or(match places {
        0 => "Price is a whole amount in this currency, such as 1200.",
        _ => "Price is an amount such as 12 or 12.50.",
    })?;
    let stock = match value("product-stock").trim() {
        "" => None,
        s => Some(s.parse::<u64>().map_err(|_| "Stock is a whole number, or empty for unlimited.")?),
    };
    Ok(ProductRequest {
        name: Some(value("product-name").trim().to_owned()),
        description: Some(value("product-description")),
        price: Some(price),
        currency: Some(currency),
        image_url: Some(value("product-image").trim().to_owned()),
        stock: Some(stock),
        active: None,
    })
}

/// An amount in `currency`'s smallest unit, written in its major unit (`$12.00`, `12.00 EUR`,
/// `1200 JPY`).
fn amount(minor: i64, currency: &str) -> String {
    if currency == "usd" {
        money(minor)
    } else {
        format!("{} {}", major(minor, decimals(currency)), currency.to_ascii_uppercase())
    }
}

/// The products' rows (`StoreProductView`s).
fn product_rows(list: &[Json]) -> String {
    let mut html = String::new();
    for p in list {
        let stock = p.int("stock").map_or_else(|| "unlimited".to_string(), |s| s.to_string());
        let (state, to, verb) =
            if p.is("active") { ("on sale", false, "Archive") } else { ("archived", true, "Put on sale") };
        let id = escape(&p.text("id"));
        html.push_str(&format!(
            "<tr data-product=\"{id}\"><td>{}<div class=\"muted\">{}</div></td><td>{}</td><td>{stock}<div class=\"muted\">{} held</div></td>\
             <td><span class=\"pill\">{state}</span></td><td><div class=\"row\"><button data-act=\"edit\" data-id=\"{id}\">Edit</button>\
             <button data-act=\"active\" data-id=\"{id}\" data-to=\"{to}\">{verb}</button></div></td></tr>",
            escape(&p.text("name")),
            escape(&p.text("description")),
            escape(&amount(p.int("price").unwrap_or(0), &p.text("currency"))),
            p.int("held").unwrap_or(0),
        ));
    }
    html
}

/// The orders' rows (`OrderView`s); an order's lines and Stripe ids open under its row.
fn order_rows(list: &[Json]) -> String {
    let mut html = String::new();
    for o in list {
        let currency = o.text("currency");
        let money_of = |key: &str| o.int(key).filter(|a| *a > 0).map(|a| amount(a, &currency)).unwrap_or_default();
        let (mut units, mut lines) = (0i64, String::new());
        for l in o.list("lines") {
            let quantity = l.int("quantity").unwrap_or(0);
            units = units.saturating_add(quantity);
            lines.push_str(&format!(
                "<li>{quantity} × {} at {}</li>",
                escape(&l.text("name")),
                escape(&amount(l.int("unitPrice").unwrap_or(0), &currency))
            ));
        }
        let id = escape(&o.text("id"));
        html.push_str(&format!(
            "<tr data-order=\"{id}\"><td class=\"muted\">{}</td><td><span class=\"pill\">{}</span></td><td>{}</td>\
             <td><details><summary>{units} unit(s)</summary><ul>{lines}</ul><div class=\"muted mono\">{id}<br>{}</div>\
             <div class=\"muted\">paid {} · held until {}</div></details></td><td>{}</td><td>{}</td></tr>",
            escape(&o.text("createdAt")),
            escape(&o.text("status")),
            escape(o.opt("email").as_deref().unwrap_or("—")),
            escape(&o.text("checkoutSession")),
            escape(o.opt("paidAt").as_deref().unwrap_or("—")),
            escape(&o.text("expiresAt")),
            escape(&money_of("amountPaid")),
            escape(&money_of("amountRefunded")),
        ));
    }
    html
}

/// The page's tables from the two answers: products, then orders with their paging and
/// export buttons.
fn tables(products: &Json, orders: &Json) -> String {
    let list = orders.list("orders");
    let older = match (orders.is("hasMore"), list.last()) {
        (true, Some(last)) => {
            format!("<button data-act=\"older\" data-id=\"{}\">Older</button>", escape(&last.text("id")))
        }
        _ => String::new(),
    };
    format!(
        "<div class=\"card table-wrap\"><table><thead><tr><th>Product</th><th>Price</th><th>Stock</th><th>State</th><th>Actions</th></tr></thead>\
         <tbody>{}</tbody></table></div><section class=\"card table-wrap\"><h2>Orders</h2><div class=\"row\">\
         <button data-act=\"export\">Export CSV</button><button data-act=\"newest\">Newest</button>{older}</div><table><thead><tr>\
         <th>Made</th><th>Status</th><th>Email</th><th>Items</th><th>Paid</th><th>Refunded</th></tr></thead><tbody>{}</tbody></table></section>",
        product_rows(&products.list("products")),
        order_rows(&list),
    )
}

/// The store page.
#[component]
pub fn Store() -> impl IntoView {
    let s = session();
    let actions = Actions::default();
    // The product being changed (`None`: the form makes a new one).
    let editing = RwSignal::new(None::<String>);
    // The orders page shown: `None` the newest, else those made before this order.
    let before = RwSignal::new(None::<String>);
    let html = RwSignal::new("<p class=\"loading\" role=\"status\">Loading…</p>".to_owned());
    // The products answer, for Edit; and which load is the latest (an older one finishing
    // late must not overwrite it).
    let products = StoredValue::new_local(None::<Json>);
    let latest = StoredValue::new(0u32);
    Effect::new(move || {
        actions.refresh.track();
        let mode = s.mode.get();
        let after = before.get().map(|b| format!("&before={b}")).unwrap_or_default();
        let load = latest.get_value().wrapping_add(1);
        latest.set_value(load);
        leptos::task::spawn_local(async move {
            let answer = async {
                let p = api::read(&format!("/api/developer/products?mode={mode}")).await?;
                let o = api::read(&format!("/api/developer/orders?mode={mode}{after}")).await?;
                Ok::<_, api::Failure>((p, o))
            };
            let shown = match answer.await {
                Ok((p, o)) => {
                    let t = tables(&p, &o);
                    products.try_set_value(Some(p));
                    t
                }
                Err(e) => format!("<p class=\"error\" role=\"alert\">{}</p>", escape(&e.message)),
            };
            if latest.try_get_value() == Some(load) {
                html.try_set(shown);
            }
        });
    });
    let click = move |ev: web_sys::MouseEvent| {
        let id = clicked_data(&ev, "id").unwrap_or_default();
        match clicked_data(&ev, "act").as_deref() {
            Some("edit") => products.with_value(|p| {
                let list = p.as_ref().map(|p| p.list("products")).unwrap_or_default();
                fill(list.iter().find(|p| p.text("id") == id));
                editing.set(Some(id));
                // The form is above the tables: bring it into view.
                if let Some(name) = input("product-name") {
                    let _ = name.focus();
                }
            }),
            Some("active") => {
                let body = ProductRequest {
                    active: Some(clicked_data(&ev, "to").as_deref() == Some("true")),
                    ..ProductRequest::default()
                };
                actions.run("PATCH", format!("/api/developer/products/{id}"), serde_json::to_string(&body).ok());
            }
            Some("older") => before.set(Some(id)),
            Some("newest") => before.set(None),
            Some("export") => {
                let path = format!("/api/developer/orders.csv?mode={}", s.mode.get_untracked());
                leptos::task::spawn_local(async move {
                    match api::act("GET", &path, None).await {
                        Ok(text) => download("orders.csv", &text),
                        Err(e) => actions.error.set(Some(e)),
                    }
                });
            }
            _ => {}
        }
    };
    let save = move |_| match request() {
        Ok(req) => {
            let path = match editing.get_untracked() {
                Some(id) => format!("/api/developer/products/{id}"),
                None => "/api/developer/products".into(),
            };
            let method = if editing.get_untracked().is_some() { "PATCH" } else { "POST" };
            actions.run(method, path, serde_json::to_string(&req).ok());
            editing.set(None);
            fill(None);
        }
        Err(message) => actions.error.set(Some(api::Failure { status: 0, code: "invalid".into(), message })),
    };
    view! {
        <h1>"Store " <span class="muted">{move || format!("({} mode)", s.mode.get())}</span></h1>
        <p class="muted">"One-off products: buyers see those on sale at GET /api/products and pay through POST /api/cart/checkout. Units are held while a checkout is open."</p>
        {move || actions.error.get().map(|e| view! { <ErrorBox error=e /> })}
        <section class="card">
            <h2>{move || if editing.get().is_some() { "Change the product" } else { "Add a product" }}</h2>
            <div inner_html=form_fields()></div>
            <div class="row">
                <button class="primary" on:click=save>"Save product"</button>
                <button on:click=move |_| {
                    editing.set(None);
                    fill(None);
                }>"Clear"</button>
            </div>
        </section>
        <div inner_html=html on:click=click></div>
    }
}
