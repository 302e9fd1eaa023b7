//! dream-api's developer dashboard (Leptos, client-side rendered).

mod api;
mod app;
mod auth;
mod chart;
mod config;
mod json;
mod pages;
mod route;
mod ui;

fn main() {
    auth::capture_token_from_url();
    leptos::mount::mount_to_body(app::App);
}
