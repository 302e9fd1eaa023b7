//! An end user's subscription changing under them: another paid tier, cancel at the period
//! end, resume. Always the one subscription they hold — never a second one.
//!
//! Which Stripe mechanism, and why:
//! - **Up** (a monthly price at least the current one) takes effect at once:
//!   `proration_behavior=always_invoice` bills the difference for the rest of the period
//!   now, and `payment_behavior=pending_if_incomplete` applies the new price only if that
//!   invoice is paid — a declined card never buys an upgrade.
//! - **Down** waits for the period end in a subscription schedule made from the subscription
//!   (phase 1: today's price until the period end; phase 2: the new price; then released):
//!   the buyer keeps what they paid for, Stripe bills the lower price from the next period,
//!   and Stripe's subscription never names a tier the buyer does not have. (An immediate
//!   price change with `proration_behavior=none` would bill the same, but Stripe's
//!   subscription would name the lower tier while the buyer still has the higher one.)
//! - **Cancel** sets `cancel_at_period_end` (releasing a schedule first: Stripe refuses to
//!   cancel a subscription a schedule manages); **resume** clears it.
//!
//! Stripe's answer is applied to the user's shard at once ([`UsageShard::plan_changed`]), so
//! the new limit holds before Stripe's event arrives.

use super::{convert, models, Connected};
use crate::objects::UsageShard;
use crate::{AppState, Result};
use dream_core::billing::{ChangeDirection, ScheduledChange, Subscription};
use dream_core::kv_schema::TierPrice;
use dream_core::meter::Snapshot;
use dream_core::rate_limit::Guard;
use dream_core::tiers::{self, Tier, TierLimits};
use dream_core::{ApiError, ErrorCode, Mode};
use stripe_billing::subscription::{
    RetrieveSubscription, UpdateSubscription, UpdateSubscriptionItems, UpdateSubscriptionPaymentBehavior,
    UpdateSubscriptionProrationBehavior,
};
use stripe_billing::subscription_schedule::{
    CreateSubscriptionSchedule, ReleaseSubscriptionSchedule, UpdateSubscriptionSchedule,
    UpdateSubscriptionSchedulePhases, UpdateSubscriptionSchedulePhasesDuration,
    UpdateSubscriptionSchedulePhasesDurationInterval, UpdateSubscriptionSchedulePhasesEndDate,
    UpdateSubscriptionSchedulePhasesItems, UpdateSubscriptionSchedulePhasesStartDate,
    UpdateSubscriptionScheduleProrationBehavior,
};
use stripe_shared::SubscriptionScheduleEndBehavior;

/// An end user who holds a subscription, with what a change of it needs.
pub struct Subscribed<'a> {
    pub stripe: &'a Connected,
    pub shard: UsageShard<'a>,
    pub user: &'a str,
    pub tiers: TierLimits,
    /// The subscription as the user's shard holds it.
    pub held: Subscription,
    /// The change already waiting for the period end, if any.
    pub scheduled: Option<ScheduledChange>,
}

/// 409 `not_subscribed`: nothing to change.
pub fn not_subscribed() -> ApiError {
    ApiError::new(
        ErrorCode::NotSubscribed,
        "the end user has no subscription that is in force: buy a tier with POST /api/create-checkout",
    )
}

/// The Stripe price of paid tier `name` of `tiers`: 400 `unknown_tier` for a tier the mode
/// lacks, `tier_not_purchasable` for a free one (leaving the paid tiers is a cancel), 409
/// `products_out_of_date` until create-products has made its price.
fn price_of<'a>(stripe: &'a Connected, tiers: &[Tier], name: &str, mode: Mode) -> Result<&'a TierPrice> {
    let tier = tiers::named(tiers, name, mode)?;
    if tier.price_cents <= 0 {
        return Err(ApiError::new(
            ErrorCode::TierNotPurchasable,
            format!("tier {name:?} is free: to leave the paid tiers, cancel the subscription"),
        )
        .into());
    }
    Ok(stripe.price_of(tier)?)
}

/// What is done to an end user's subscription, by the end user or by the developer.
#[derive(Debug, Clone, Copy)]
pub enum Act<'t> {
    /// Move to this paid tier.
    Change(&'t str),
    Cancel,
    Resume,
}

/// Does `act` to `user`'s subscription in force on a platform in `mode` (their usage read
/// under `guard`, if given; a tier to change to is checked before); answers their usage.
pub async fn act(
    state: &AppState,
    (platform_id, mode): (&str, Mode),
    tiers: &[Tier],
    user: &str,
    guard: Option<Guard>,
    act: Act<'_>,
) -> Result<Snapshot> {
    let stripe = super::connected(state, platform_id, mode).await?;
    let subscribed = || Subscribed::of_user(state, &stripe, (platform_id, mode), tiers, user, guard);
    match act {
        Act::Change(tier) => {
            let price = price_of(&stripe, tiers, tier, mode)?;
            subscribed().await?.change(tier, price).await
        }
        Act::Cancel => subscribed().await?.cancel().await,
        Act::Resume => subscribed().await?.resume().await,
    }
}

impl<'a> Subscribed<'a> {
    /// `user` of a platform in `mode` with the subscription that is in force (read under
    /// `guard`, if given); 409 `not_subscribed` without one.
    async fn of_user(
        state: &'a AppState,
        stripe: &'a Connected,
        (platform_id, mode): (&str, Mode),
        tiers: &[Tier],
        user: &'a str,
        guard: Option<Guard>,
    ) -> Result<Subscribed<'a>> {
        let shard = UsageShard::of_user(state, platform_id, mode, user);
        let limits = TierLimits::of(tiers);
        let usage = shard.usage(user, limits.clone(), guard).await?;
        let held = usage.subscription.filter(|s| s.entitles(state.now_ms())).ok_or_else(not_subscribed)?;
        Ok(Subscribed { stripe, shard, user, tiers: limits, held, scheduled: usage.scheduled })
    }
}

impl Subscribed<'_> {
    fn account(&self) -> Option<&str> {
        Some(self.stripe.account.as_str())
    }

    /// Stripe's current record of the subscription (what the change is made on).
    async fn live(&self) -> Result<models::Subscription> {
        Ok(self.stripe.api.call(&RetrieveSubscription::new(self.held.id.as_str()), self.account(), None).await?)
    }

    async fn release(&self, schedule: &str) -> Result<()> {
        let _: models::SubscriptionSchedule =
            self.stripe.api.call(&ReleaseSubscriptionSchedule::new(schedule), self.account(), None).await?;
        Ok(())
    }

    async fn update(&self, update: UpdateSubscription) -> Result<models::Subscription> {
        Ok(self.stripe.api.call(&update, self.account(), None).await?)
    }

    /// Applies Stripe's record to the user's shard; answers their usage.
    async fn applied(&self, live: &models::Subscription, scheduled: Option<ScheduledChange>) -> Result<Snapshot> {
        let mut sub = convert::subscription(live, &self.stripe.products)
            .map_err(|e| ApiError::new(ErrorCode::StripeError, format!("Stripe's subscription was unreadable: {e}")))?;
        if sub.tier.is_none() {
            // A price the map does not know: keep the tier the shard knew for it.
            sub.tier = self.held.tier.clone().filter(|_| self.held.price_id == sub.price_id);
        }
        self.shard.plan_changed(self.user, sub, scheduled, self.tiers.clone()).await
    }

    /// Moves the subscription to `tier` at `price`: up at once with proration, down at the
    /// period end. Asking for the tier already held undoes a waiting change (and otherwise
    /// changes nothing, so a retried request is harmless).
    pub async fn change(&self, tier: &str, price: &TierPrice) -> Result<Snapshot> {
        let live = self.live().await?;
        if live.cancel_at_period_end {
            return Err(ApiError::new(
                ErrorCode::NotSubscribed,
                "the subscription ends at the period end: resume it (POST /api/subscription/resume) before changing its tier",
            )
            .into());
        }
        let item = live.items.data.first().ok_or_else(not_subscribed)?;
        let schedule = live.schedule.as_ref().and_then(models::id_of).map(str::to_owned);
        if item.price.id == price.price_id {
            return match schedule {
                Some(s) => {
                    self.release(&s).await?;
                    self.applied(&self.live().await?, None).await
                }
                None => self.applied(&live, None).await,
            };
        }
        match ChangeDirection::of(&self.held, price.amount, 1) {
            ChangeDirection::Now => {
                if let Some(s) = &schedule {
                    self.release(s).await?;
                }
                let items = UpdateSubscriptionItems {
                    id: Some(item.id.clone()),
                    price: Some(price.price_id.clone()),
                    ..UpdateSubscriptionItems::new()
                };
                let update = UpdateSubscription::new(live.id.as_str())
                    .items(vec![items])
                    .proration_behavior(UpdateSubscriptionProrationBehavior::AlwaysInvoice)
                    .payment_behavior(UpdateSubscriptionPaymentBehavior::PendingIfIncomplete);
                let after = self.update(update).await?;
                if after.items.data.first().map(|i| i.price.id.as_str()) != Some(price.price_id.as_str()) {
                    // Stripe kept the old price: the prorated invoice was not paid.
                    return Err(ApiError::new(
                        ErrorCode::UpgradePaymentFailed,
                        "the prorated charge for the upgrade was declined, so the tier is unchanged; update the card in the customer portal and try again",
                    )
                    .into());
                }
                self.applied(&after, None).await
            }
            ChangeDirection::AtPeriodEnd => {
                let schedule = match schedule {
                    Some(s) => s,
                    None => {
                        let create = CreateSubscriptionSchedule::new().from_subscription(live.id.as_str());
                        let made: models::SubscriptionSchedule =
                            self.stripe.api.call(&create, self.account(), None).await?;
                        made.id
                    }
                };
                let (start, end) = (item.current_period_start, item.current_period_end);
                let now = UpdateSubscriptionSchedulePhases {
                    start_date: Some(UpdateSubscriptionSchedulePhasesStartDate::Timestamp(start)),
                    end_date: Some(UpdateSubscriptionSchedulePhasesEndDate::Timestamp(end)),
                    ..UpdateSubscriptionSchedulePhases::new(vec![phase_item(&item.price.id)])
                };
                let next = UpdateSubscriptionSchedulePhases {
                    duration: Some(UpdateSubscriptionSchedulePhasesDuration {
                        interval: UpdateSubscriptionSchedulePhasesDurationInterval::Month,
                        interval_count: Some(1),
                    }),
                    ..UpdateSubscriptionSchedulePhases::new(vec![phase_item(&price.price_id)])
                };
                let update = UpdateSubscriptionSchedule::new(schedule.as_str())
                    .phases(vec![now, next])
                    .end_behavior(SubscriptionScheduleEndBehavior::Release)
                    .proration_behavior(UpdateSubscriptionScheduleProrationBehavior::None);
                let _: models::SubscriptionSchedule = self.stripe.api.call(&update, self.account(), None).await?;
                let mut live = live.clone();
                live.schedule = Some(serde_json::Value::String(schedule.clone()));
                let change = ScheduledChange { schedule, tier: tier.to_owned(), at_ms: end.saturating_mul(1000) };
                self.applied(&live, Some(change)).await
            }
        }
    }

    /// Sets the subscription to end at the period end (a waiting change is dropped).
    pub async fn cancel(&self) -> Result<Snapshot> {
        let live = self.live().await?;
        if let Some(s) = live.schedule.as_ref().and_then(models::id_of) {
            self.release(s).await?;
        }
        if live.cancel_at_period_end {
            return self.applied(&live, None).await;
        }
        let after = self.update(UpdateSubscription::new(live.id.as_str()).cancel_at_period_end(true)).await?;
        self.applied(&after, None).await
    }

    /// Keeps a subscription set to end at the period end going.
    pub async fn resume(&self) -> Result<Snapshot> {
        let live = self.live().await?;
        if !live.cancel_at_period_end {
            return self.applied(&live, self.scheduled.clone()).await;
        }
        let after = self.update(UpdateSubscription::new(live.id.as_str()).cancel_at_period_end(false)).await?;
        self.applied(&after, self.scheduled.clone()).await
    }
}

fn phase_item(price: &str) -> UpdateSubscriptionSchedulePhasesItems {
    UpdateSubscriptionSchedulePhasesItems {
        price: Some(price.to_owned()),
        ..UpdateSubscriptionSchedulePhasesItems::new()
    }
}
