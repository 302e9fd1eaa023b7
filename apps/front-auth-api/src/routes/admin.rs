//! `GET /api/developer/admin/stats`: the whole deployment, for its admins (Clerk user ids in
//! `ADMIN_USER_IDS`): developers by plan, dream-api's MRR, API calls and revenue per day.

use super::billing::account;
use crate::developer::Developer;
use axum::extract::State;
use axum::Json;
use dream_core::api::{AdminStats, DayCount};
use dream_core::billing::Revenue;
use dream_core::period::day_string;
use dream_core::ApiError;
use dream_core::ErrorCode;
use dream_services::objects::{Account, Registry};
use dream_services::AppState;
use dream_web::Result;
use futures::future::try_join_all;
use std::collections::BTreeMap;

/// Days in the chart.
pub const DAYS: u32 = 30;

/// Deployment-wide figures; 403 for anyone but an admin.
pub async fn stats(State(state): State<AppState>, dev: Developer) -> Result<Json<AdminStats>> {
    if !dev.is_admin {
        return Err(ApiError::new(ErrorCode::AdminOnly, "only the deployment's admins can see these figures").into());
    }
    let members = Registry::new(&state).members().await?;
    let per_platform = try_join_all(members.iter().map(|p| {
        let state = &state;
        async move {
            let a = account(state, p).await?;
            let d = Account::of(state, p).daily(DAYS).await?;
            Ok::<_, dream_web::Error>((a, d))
        }
    }))
    .await?;
    let now = state.now_ms();
    let mut by_plan = BTreeMap::new();
    let mut revenue = Revenue::default();
    let mut days: BTreeMap<i64, (u64, i64)> = BTreeMap::new();
    for (a, (counts, revenue_days)) in &per_platform {
        *by_plan.entry(a.plan.clone()).or_insert(0) += 1;
        if let Some(s) = &a.subscription {
            revenue.add(s, now);
        }
        for (day, n) in counts {
            let d = days.entry(*day).or_default();
            d.0 = d.0.saturating_add(*n);
        }
        for (day, amount) in revenue_days {
            let d = days.entry(*day).or_default();
            d.1 = d.1.saturating_add(*amount);
        }
    }
    Ok(Json(AdminStats {
        developers: members.len() as u64,
        developers_by_plan: by_plan,
        mrr: revenue.mrr,
        active_subscriptions: revenue.active,
        days: days.into_iter().map(|(d, (calls, revenue))| DayCount { date: day_string(d), calls, revenue }).collect(),
    }))
}
