//! Orders, bids and the rules that make a bid valid (akash-network/node x/market).
//!
//! A deployment's group opens one order carrying the tenant's requirements and max price.
//! Providers with room for it bid; a bid above the order's price, or from a provider lacking one
//! of the required attributes, is invalid (x/market/handler/server.go `CreateBid`: a price above
//! `order.Price()` fails with `ErrBidInvalidPrice`, attributes not matching the group's
//! requirements with `ErrAttributeMismatch`, and an order takes at most `OrderMaxBids` bids). The
//! chain has no lowest-price rule: the tenant's `MsgCreateLease` may pick any open bid; the
//! console and CLI take the cheapest, which is what [`select`] does. Losing bids are closed.

use depinsim_core::profile::HardwareProfile;

/// Why a bid is not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub enum Rejection {
    /// The bid is above the order's max price.
    AboveMaxPrice {
        /// Bid, USD per GPU-hour.
        bid: f64,
        /// Order's max, USD per GPU-hour.
        max: f64,
    },
    /// The provider lacks a required attribute.
    MissingAttribute(String),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::AboveMaxPrice { bid, max } => {
                write!(f, "bid {bid:.4} USD/GPU-h is above the max price {max:.4}")
            }
            Rejection::MissingAttribute(a) => write!(f, "provider lacks the required attribute `{a}`"),
        }
    }
}

/// Resources a deployment asks of one provider.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Need {
    /// CPU cores.
    pub cpu: u32,
    /// Memory, bytes.
    pub memory: u64,
    /// Storage, bytes.
    pub storage: u64,
    /// GPUs.
    pub gpus: u32,
    /// GPU model, if one is required.
    pub gpu_model: Option<String>,
}

/// What an order asks for and will pay.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    /// Resources.
    pub need: Need,
    /// Max price, USD per GPU-hour.
    pub max_usd_per_gpu_hour: f64,
    /// Required attributes, `key=value`.
    pub requires: Vec<String>,
}

/// A provider's free capacity and standing, as the market sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Capacity {
    /// Free CPU cores.
    pub cpu: u32,
    /// Free memory, bytes.
    pub memory: u64,
    /// Free storage, bytes.
    pub storage: u64,
    /// Free GPUs.
    pub gpus: u32,
    /// Its GPU model.
    pub gpu_model: String,
}

impl Capacity {
    /// The capacity of a hardware profile (absent figures count as none).
    pub fn of(profile: &HardwareProfile) -> Self {
        let c = &profile.capacity;
        Capacity {
            cpu: c.cpu_cores.unwrap_or(0),
            memory: c.memory.map_or(0, |m| m.0),
            storage: c.storage.map_or(0, |s| s.0),
            gpus: c.gpus.unwrap_or(0),
            gpu_model: c.gpu_model.clone().unwrap_or_default(),
        }
    }
    /// Whether `need` fits in what is free.
    pub fn fits(&self, need: &Need) -> bool {
        self.cpu >= need.cpu
            && self.memory >= need.memory
            && self.storage >= need.storage
            && self.gpus >= need.gpus
            && need.gpu_model.as_ref().is_none_or(|m| *m == self.gpu_model)
    }
    /// Takes `need` out of the free capacity.
    pub fn take(&mut self, need: &Need) {
        self.cpu -= need.cpu;
        self.memory -= need.memory;
        self.storage -= need.storage;
        self.gpus -= need.gpus;
    }
    /// Gives `need` back.
    pub fn give(&mut self, need: &Need) {
        self.cpu += need.cpu;
        self.memory += need.memory;
        self.storage += need.storage;
        self.gpus += need.gpus;
    }
}

/// Whether a bid at `price` from a provider with `attributes` is valid for `order`.
pub fn check_bid(order: &Order, price: f64, attributes: &[String]) -> Result<(), Rejection> {
    if price > order.max_usd_per_gpu_hour {
        return Err(Rejection::AboveMaxPrice { bid: price, max: order.max_usd_per_gpu_hour });
    }
    if let Some(missing) = order.requires.iter().find(|r| !attributes.contains(r)) {
        return Err(Rejection::MissingAttribute(missing.clone()));
    }
    Ok(())
}

/// A bid: provider index and price.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bid {
    /// Index of the provider in the market.
    pub provider: u32,
    /// USD per GPU-hour.
    pub price: f64,
}

/// The bid the tenant accepts: the cheapest, ties to the earliest (lowest index in `bids`, which
/// is arrival order).
pub fn select(bids: &[Bid]) -> Option<Bid> {
    bids.iter().copied().reduce(|best, b| if b.price < best.price { b } else { best })
}

/// A cost-plus price per GPU-hour for a provider on `profile` (see
/// [`crate::config::BidStrategy::CostPlus`]).
pub fn cost_plus(profile: &HardwareProfile, usd_per_kwh: f64, margin: f64, utilisation: f64) -> f64 {
    let gpus = profile.capacity.gpus.unwrap_or(1).max(1) as f64;
    let per_hour = profile.fixed_usd_per_hour() / utilisation + profile.power_usd_per_hour(usd_per_kwh);
    per_hour / gpus * (1.0 + margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Order {
        Order {
            need: Need { gpus: 1, ..Default::default() },
            max_usd_per_gpu_hour: 2.0,
            requires: vec!["tier=datacenter".into()],
        }
    }

    #[test]
    fn bid_above_max_price_is_rejected_and_one_at_it_passes() {
        let attrs = vec!["tier=datacenter".to_string()];
        assert_eq!(check_bid(&order(), 2.0, &attrs), Ok(()));
        assert_eq!(check_bid(&order(), 2.01, &attrs), Err(Rejection::AboveMaxPrice { bid: 2.01, max: 2.0 }));
    }

    #[test]
    fn bid_missing_an_attribute_is_rejected() {
        let attrs = vec!["region=us-east-1".to_string()];
        assert_eq!(check_bid(&order(), 1.0, &attrs), Err(Rejection::MissingAttribute("tier=datacenter".into())));
        let attrs = vec!["region=us-east-1".to_string(), "tier=datacenter".to_string()];
        assert_eq!(check_bid(&order(), 1.0, &attrs), Ok(()));
    }

    #[test]
    fn cheapest_bid_wins_ties_to_the_first() {
        let bids = [Bid { provider: 3, price: 1.5 }, Bid { provider: 1, price: 1.2 }, Bid { provider: 2, price: 1.2 }];
        assert_eq!(select(&bids), Some(Bid { provider: 1, price: 1.2 }));
        assert_eq!(select(&[]), None);
    }

    #[test]
    fn cost_plus_from_the_profile() {
        let mut p = (*depinsim_core::protocol::testing::test_profile()).clone();
        p.capex_usd = 8_760.0; // 1 USD/h over a year
        p.lifetime = depinsim_core::SimDuration::from_days(365);
        p.power_w = 500.0;
        p.pays_power = true;
        p.capacity.gpus = Some(2);
        // (1 / 0.5 + 0.5 kW x 0.2) / 2 GPUs x 1.5 = (2 + 0.1) / 2 x 1.5 = 1.575.
        assert!((cost_plus(&p, 0.2, 0.5, 0.5) - 1.575).abs() < 1e-9);
    }
}
