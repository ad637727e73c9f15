//! Money moving: providers' withdrawals (x/take fees or BME burn-mint), accounts running dry,
//! and the ACT minted when a tenant deposits under BME.

use super::{Close, Network, Timer};
use crate::config::Rules;
use crate::escrow::Account;
use crate::money;
use depinsim_core::{Ctx, SimDuration, SimTime};

impl Network {
    /// BME: the tenant burns AKT to mint `act` ACT (x/bme `mintACT`; spread `mint_spread_bps`).
    pub(super) fn mint_act(&mut self, act: f64, now: SimTime) {
        let price = self.akt_price.at(now);
        let keep = 1.0 - self.config.mint_spread_bps as f64 / 1e4;
        // AKT to burn so that the ACT received after the spread is `act`.
        let akt = act / price / keep;
        self.tokens.akt_burned += akt;
        self.tokens.act_minted += act / keep;
        self.tokens.spread_usd += act / keep - act;
    }

    pub(super) fn schedule_overdraw<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, l: u32, cx: &mut Ctx<'_, P>) {
        let d = self.markets[0].leases[l as usize].deployment;
        let Some(at) = self.markets[0].deployments[d as usize].account.as_ref().and_then(Account::overdrawn_at) else {
            return;
        };
        let at_ms = at * self.config.block_time.as_millis();
        let delay = at_ms.saturating_sub(cx.now().as_millis());
        cx.set_timer(SimDuration::from_millis(delay), Timer::Overdraw(l));
    }

    pub(super) fn check_overdraw<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, l: u32, cx: &mut Ctx<'_, P>) {
        if !self.markets[0].leases[l as usize].open {
            return;
        }
        let height = self.height(cx.now());
        let d = self.markets[0].leases[l as usize].deployment;
        let overdrawn = self.markets[0].deployments[d as usize].account.as_mut().is_some_and(|a| a.settle(height));
        if overdrawn {
            self.close_lease(0, l, Close::InsufficientFunds, cx);
        } else {
            self.schedule_overdraw(l, cx);
        }
    }

    /// Withdraws `l`'s payment (closing it if `close`) and pays the provider.
    pub(super) fn settle_lease<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        l: u32,
        close: bool,
        cx: &mut Ctx<'_, P>,
    ) {
        let now = cx.now();
        let height = self.height(now);
        let lease = &self.markets[0].leases[l as usize];
        let (d, payment, provider) = (lease.deployment, lease.payment, lease.provider);
        let Some(account) = self.markets[0].deployments[d as usize].account.as_mut() else {
            return;
        };
        let earned = if close { account.close_payment(payment, height) } else { account.withdraw(payment, height) };
        if earned == 0 {
            return;
        }
        let node = self.markets[0].providers[provider as usize].node;
        let tokens = earned as f64 / money::MICRO_PER_TOKEN;
        // What the provider receives, in the settlement's token, and its USD value.
        let (paid, usd) = match self.config.rules {
            Rules::TakeRate => {
                let (to_provider, fee) = money::take_fee(earned, self.take_pct());
                let price = self.token_usd(now);
                self.tokens.fees += fee as f64 / money::MICRO_PER_TOKEN;
                self.tokens.fees_usd += fee as f64 / money::MICRO_PER_TOKEN * price;
                self.markets[0].stats.tenant_usd += tokens * price;
                let paid = to_provider as f64 / money::MICRO_PER_TOKEN;
                (paid, paid * price)
            }
            Rules::Bme => {
                // Settlement burns ACT and mints AKT to the provider at the oracle price, minus the
                // settle spread (x/bme `burnACT`).
                let price = self.akt_price.at(now);
                let (akt_micro, spread) = money::burn_mint(earned, 1.0, price, self.config.settle_spread_bps);
                self.tokens.act_burned += tokens;
                self.tokens.akt_minted += (akt_micro + spread) as f64 / money::MICRO_PER_TOKEN;
                self.tokens.spread_usd += spread as f64 / money::MICRO_PER_TOKEN * price;
                self.markets[0].stats.tenant_usd += tokens;
                let paid = akt_micro as f64 / money::MICRO_PER_TOKEN;
                (paid, paid * price)
            }
        };
        self.tokens.providers_usd += usd;
        cx.pay_in(node, paid, usd);
    }

    pub(super) fn withdraw_all<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, cx: &mut Ctx<'_, P>) {
        let mut open: Vec<u32> = self.markets[0].providers.iter().flat_map(|p| p.leases.iter().copied()).collect();
        open.sort_unstable();
        for l in open {
            self.settle_lease(l, false, cx);
            let d = self.markets[0].leases[l as usize].deployment;
            if self.markets[0].deployments[d as usize].account.as_ref().is_some_and(|a| a.overdrawn) {
                self.close_lease(0, l, Close::InsufficientFunds, cx);
            }
        }
    }
}
