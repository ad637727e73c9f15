//! # depinsim-powerledger: a peer-to-peer solar and battery community, and a grid that fails
//!
//! Each node is a household (role `household`) with a load and, for some, rooftop solar and a
//! battery. Every trading interval (30 minutes) is **one event**, at its end, that settles the
//! whole community in one batch (an interval in which a household's grid fails or comes back is
//! settled in parts, split at the change, so a fault counts from its minute): each household first serves its own load from its solar, charges its
//! battery with the surplus or discharges it to cover a deficit (within its power and capacity
//! limits, see [`energy::Battery`]), then bids for what it still lacks and offers what it still
//! has (solar surplus, and battery energy above its reserve). The bids and asks of each market
//! are cleared by a uniform-price double auction ([`auction`], a **stand-in**: Powerledger
//! publishes no matching rules). What does not clear goes to the grid at the tariff (import at
//! the retail price, export at the surplus compensation).
//!
//! A household whose node is **down** has lost its grid supply: the engine derives that from a
//! region's blackout (and its staged restoration) or a local power cut. Hardware failures of the
//! solar kit are not modelled; a household profile for this protocol should have no failures of
//! its own, so that every down means "no grid". What an islanded household can still do depends
//! on [`config::Islanding`]: trade with the other islanded households of its region (a
//! microgrid), run alone on its own solar and battery, or stop entirely (anti-islanding). Load
//! that no source covers is **unmet**, and measured.
//!
//! Households are a deterministic quasi-random fleet (additive recurrences of the golden ratio
//! and friends over the node index), not random draws: every network of a scenario gets the
//! same households, so networks that differ only in their islanding mode compare like with like.
//! Order prices are drawn from the network's random stream: zero-intelligence-constrained
//! traders (Gode and Sunder, Journal of Political Economy 101(1), 1993), uniformly between the
//! export and the import price when the grid is there, up to `island_bid_cap_usd_per_kwh` for
//! buyers when it is not.

pub mod auction;
pub mod catalogue;
pub mod config;
pub mod energy;
mod ledger;

use auction::{Order, clear};
pub use config::{Islanding, PowerledgerConfig};
use depinsim_core::StreamRng;
use depinsim_core::config::ConfigError;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimTime, Work};
use energy::{Battery, load_kwh};
pub use ledger::Totals;
use rand::Rng;

/// What settling one household's interval costs, ns: measured from powerledger-iberian-blackout
/// (BENCHMARKS.md, "Run-time estimates").
const NS_PER_HOUSEHOLD_INTERVAL: f64 = 200.0;

/// Metric: energy traded peer to peer since the start, kWh.
pub const P2P_KWH: &str = "p2p_kwh";
/// Metric: the volume-weighted clearing price of the last interval, USD/kWh (absent when nothing
/// cleared).
pub const CLEARING_PRICE: &str = "clearing_price_usd_per_kwh";
/// Metric: the volume-weighted clearing price of the last interval in islanded markets.
pub const ISLAND_CLEARING_PRICE: &str = "island_clearing_price_usd_per_kwh";
/// Metric: share of the load served from local solar and batteries since the start.
pub const SELF_SUFFICIENCY: &str = "self_sufficiency";
/// Metric: load left unserved since the start, kWh.
pub const UNMET_KWH: &str = "unmet_load_kwh";
/// Metric: households without grid supply now.
pub const HOUSEHOLDS_ISLANDED: &str = "households_islanded";
/// Metric: energy stored in all batteries now, kWh.
pub const BATTERY_KWH: &str = "battery_stored_kwh";
/// Metric: bought from the grid since the start, kWh.
pub const GRID_IMPORT_KWH: &str = "grid_import_kwh";
/// Metric: sold to the grid since the start, kWh.
pub const GRID_EXPORT_KWH: &str = "grid_export_kwh";
/// Metric: the households' bills saved against buying every kWh from the grid, USD.
pub const SAVINGS_USD: &str = "savings_vs_grid_only_usd";

/// Timers of a Powerledger community.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Settle the interval that ends now.
    Interval,
}

/// What one order offers: solar surplus (exported if unsold) or battery energy (kept if unsold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Solar,
    Battery,
}

/// One household.
#[derive(Clone, Debug)]
pub struct Household {
    /// Rooftop solar, kWp (0: none).
    pub pv_kwp: f64,
    /// Its battery ([`Battery::NONE`] if none).
    pub battery: Battery,
    /// Consumption, kWh a day.
    pub daily_load_kwh: f64,
    /// Region (grid) it belongs to: households trade within their region.
    pub region: u32,
}

/// A Powerledger community.
pub struct Powerledger {
    config: PowerledgerConfig,
    households: Vec<Household>,
    ids: Vec<NodeId>,
    totals: Totals,
    /// Per household: what it paid net (grid, neighbours, minus sales), and what buying its whole
    /// load from the grid would have cost.
    bill_usd: Vec<f64>,
    grid_only_usd: Vec<f64>,
    last_price: Option<f64>,
    last_island_price: Option<f64>,
    window_load: f64,
    window_unmet: f64,
    /// Per household: whether it is cut off from the grid, as the part of the interval not yet
    /// settled saw it.
    islanded: Vec<bool>,
    /// Where the part of the interval not yet settled starts: the interval's start, or the last
    /// change of a household's grid in it.
    segment_start: SimTime,
}

/// The fractional part of `(i + 1) * a`: an additive recurrence, evenly spread over [0, 1).
fn spread(i: usize, a: f64) -> f64 {
    ((i as f64 + 1.0) * a).fract()
}

impl Powerledger {
    /// The households.
    pub fn households(&self) -> &[Household] {
        &self.households
    }

    /// Energy and money totals since the start.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// What each household paid net so far, USD (negative: it earned).
    pub fn bills(&self) -> &[f64] {
        &self.bill_usd
    }

    /// Settles what is not yet settled of the current interval (nothing when it is empty).
    fn settle_segment(&mut self, cx: &mut Ctx<'_, Self>) {
        let from = self.segment_start;
        if cx.now() > from {
            self.settle(from, cx);
            self.segment_start = cx.now();
        }
    }

    /// The timer that ends the next interval, or the run if it ends first.
    fn next_interval(&mut self, cx: &mut Ctx<'_, Self>) {
        let left = cx.end().since(cx.now());
        if left > depinsim_core::SimDuration::ZERO {
            cx.set_timer(self.config.interval.min(left), Timer::Interval);
        }
    }

    /// Builds the fleet (see the crate docs).
    fn fleet(config: &PowerledgerConfig, nodes: &NodeTable) -> Vec<Household> {
        (0..nodes.len())
            .map(|i| {
                let has_pv = spread(i, 0.618_033_988_75) < config.pv_share;
                let kwp = config.pv_kwp[0] + spread(i, 0.754_877_666_2) * (config.pv_kwp[1] - config.pv_kwp[0]);
                // Batteries go to solar owners: `battery_share` of all households.
                let has_battery = has_pv
                    && config.pv_share > 0.0
                    && spread(i, 0.569_840_291) < config.battery_share / config.pv_share;
                let battery = if has_battery {
                    Battery {
                        capacity_kwh: config.battery_kwh,
                        max_kw: config.battery_kw,
                        round_trip: config.battery_round_trip,
                        soc_kwh: config.battery_kwh * config.initial_soc,
                    }
                } else {
                    Battery::NONE
                };
                let load =
                    config.daily_load_kwh * (1.0 + config.load_spread * (2.0 * spread(i, 0.414_213_562_4) - 1.0));
                Household {
                    pv_kwp: if has_pv { kwp } else { 0.0 },
                    battery,
                    daily_load_kwh: load,
                    region: nodes.nodes[i].region.0,
                }
            })
            .collect()
    }

    /// Hours of the UTC day covered by the `len` hours from `now`, split at midnight.
    fn hours(&self, now: SimTime, len: f64, offset: f64) -> [(f64, f64); 2] {
        let from = (self.config.start_hour_utc + offset + now.as_millis() as f64 / 3.6e6).rem_euclid(24.0);
        let to = from + len;
        if to <= 24.0 { [(from, to), (0.0, 0.0)] } else { [(from, 24.0), (0.0, to - 24.0)] }
    }

    /// Settles the part of the interval from `from` to now for the whole community, each
    /// household on or off the grid as it was over that part.
    fn settle(&mut self, from: SimTime, cx: &mut Ctx<'_, Self>) {
        let h = cx.now().since(from).as_hours_f64();
        let sun = self.hours(from, h, 0.0).iter().map(|(a, b)| self.config.solar.kwh_per_kwp(*a, *b)).sum::<f64>();
        let local = self.hours(from, h, self.config.utc_offset_h);
        let (import, export) = (self.config.import_usd_per_kwh, self.config.export_usd_per_kwh);
        // (market, order, source): market = region * 2 + islanded.
        let mut bids: Vec<(u64, Order)> = Vec::new();
        let mut asks: Vec<(u64, Order, Source)> = Vec::new();
        for i in 0..self.households.len() {
            let islanded = self.islanded[i];
            let hh = &mut self.households[i];
            let load: f64 = local.iter().map(|(a, b)| load_kwh(hh.daily_load_kwh, *a, *b)).sum();
            self.totals.load_kwh += load;
            self.window_load += load;
            if islanded {
                self.totals.islanded_load_kwh += load;
                if self.config.islanding == Islanding::GridTied {
                    self.totals.unmet_kwh += load;
                    self.totals.islanded_unmet_kwh += load;
                    self.window_unmet += load;
                    continue;
                }
            } else {
                // Grid-only comparison: a household without solar buys every kWh it uses; during
                // a blackout it would have bought nothing.
                self.grid_only_usd[i] += load * import;
            }
            let pv = hh.pv_kwp * sun;
            self.totals.pv_kwh += pv;
            let own = pv.min(load);
            let (mut surplus, mut deficit) = (pv - own, load - own);
            let stored = hh.battery.charge(surplus, h);
            surplus -= stored;
            let from_battery = hh.battery.discharge(deficit, h);
            deficit -= from_battery;
            self.totals.local_kwh += own + from_battery;
            let market = hh.region as u64 * 2 + u64::from(islanded);
            let rng = cx.rng();
            let top = if islanded { self.config.island_bid_cap_usd_per_kwh } else { import };
            if deficit > 1e-12 {
                bids.push((market, Order { id: i as u32, kwh: deficit, price: rng.random_range(export..=top) }));
            }
            if surplus > 1e-12 {
                asks.push((
                    market,
                    Order { id: i as u32, kwh: surplus, price: rng.random_range(export..=import) },
                    Source::Solar,
                ));
            } else {
                // Battery energy above the reserve, within the power left this interval.
                let b = &hh.battery;
                let eta = b.round_trip.sqrt();
                let above = (b.soc_kwh - b.capacity_kwh * self.config.battery_reserve).max(0.0) * eta;
                let power_left = (b.max_kw * h - from_battery).max(0.0);
                let offer = above.min(power_left);
                if offer > 1e-12 {
                    asks.push((
                        market,
                        Order { id: i as u32, kwh: offer, price: rng.random_range(export..=import) },
                        Source::Battery,
                    ));
                }
            }
        }
        bids.sort_by_key(|(m, o)| (*m, o.id));
        asks.sort_by_key(|(m, o, _)| (*m, o.id));
        let (mut value, mut volume, mut island_value, mut island_volume) = (0.0, 0.0, 0.0, 0.0);
        let (mut bi, mut ai) = (0, 0);
        while bi < bids.len() || ai < asks.len() {
            let market = match (bids.get(bi), asks.get(ai)) {
                (Some(b), Some(a)) => b.0.min(a.0),
                (Some(b), None) => b.0,
                (None, Some(a)) => a.0,
                (None, None) => break,
            };
            let b_end = bi + bids[bi..].iter().take_while(|(m, _)| *m == market).count();
            let a_end = ai + asks[ai..].iter().take_while(|(m, _, _)| *m == market).count();
            let islanded = market % 2 == 1;
            let book_b: Vec<Order> = bids[bi..b_end].iter().map(|(_, o)| *o).collect();
            let book_a: Vec<Order> = asks[ai..a_end].iter().map(|(_, o, _)| *o).collect();
            let trading = !(islanded && self.config.islanding == Islanding::HomeBackup);
            let c = if trading { clear(&book_b, &book_a) } else { auction::Clearing::default() };
            let price = c.price.unwrap_or(0.0);
            for (k, o) in book_b.iter().enumerate() {
                let got = c.bid_fills.get(k).copied().unwrap_or(0.0);
                let node = self.ids[o.id as usize];
                let rest = o.kwh - got;
                let mut pay = got * price;
                if islanded {
                    self.totals.unmet_kwh += rest;
                    self.totals.islanded_unmet_kwh += rest;
                    self.window_unmet += rest;
                } else {
                    self.totals.grid_import_kwh += rest;
                    pay += rest * import;
                }
                self.bill_usd[o.id as usize] += pay;
                if pay > 0.0 {
                    cx.charge(node, pay);
                }
            }
            for (k, o) in book_a.iter().enumerate() {
                let sold = c.ask_fills.get(k).copied().unwrap_or(0.0);
                let i = o.id as usize;
                let node = self.ids[i];
                let rest = o.kwh - sold;
                let mut earn = sold * price;
                match asks[ai + k].2 {
                    Source::Battery => {
                        let hh = &mut self.households[i];
                        let eta = hh.battery.round_trip.sqrt();
                        hh.battery.soc_kwh = (hh.battery.soc_kwh - sold / eta).max(0.0);
                    }
                    Source::Solar if islanded => self.totals.curtailed_kwh += rest,
                    Source::Solar => {
                        self.totals.grid_export_kwh += rest;
                        earn += rest * export;
                    }
                }
                self.bill_usd[i] -= earn;
                if earn > 0.0 {
                    cx.pay(node, earn);
                }
            }
            self.totals.p2p_kwh += c.volume;
            self.totals.p2p_usd += c.volume * price;
            if islanded {
                self.totals.island_p2p_kwh += c.volume;
                self.totals.island_p2p_usd += c.volume * price;
                island_value += c.volume * price;
                island_volume += c.volume;
            }
            value += c.volume * price;
            volume += c.volume;
            bi = b_end;
            ai = a_end;
        }
        self.last_price = (volume > 0.0).then(|| value / volume);
        self.last_island_price = (island_volume > 0.0).then(|| island_value / island_volume);
    }
}

impl Protocol for Powerledger {
    const NAME: &'static str = "powerledger";
    const SUMMARY: &'static str = "Powerledger-style P2P solar and battery trading: 30-minute uniform-price double auctions (stand-in), grid fallback, islanding";
    const ROLES: &'static [&'static str] = &["household"];
    const KEY_METRICS: &'static [&'static str] =
        &[P2P_KWH, CLEARING_PRICE, ISLAND_CLEARING_PRICE, UNMET_KWH, HOUSEHOLDS_ISLANDED, BATTERY_KWH];
    const METRICS: &'static [depinsim_core::catalogue::Metric] = catalogue::METRICS;
    type Config = PowerledgerConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(config: &PowerledgerConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        config.check()?;
        check_roles(groups, Self::NAME, Self::ROLES)
    }

    /// Every settlement interval visits every household.
    fn work(config: &PowerledgerConfig, groups: &[GroupInfo], _duration: depinsim_core::SimDuration) -> Work {
        Work {
            per_day: Work::per_day(config.interval) * Work::nodes(groups),
            what: "household intervals",
            ..Work::over_nodes(groups, NS_PER_HOUSEHOLD_INTERVAL)
        }
    }

    fn new(config: PowerledgerConfig, nodes: &NodeTable, _rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        let n = nodes.len();
        Ok(Powerledger {
            households: Self::fleet(&config, nodes),
            ids: nodes.ids().collect(),
            totals: Totals::default(),
            bill_usd: vec![0.0; n],
            grid_only_usd: vec![0.0; n],
            last_price: None,
            last_island_price: None,
            window_load: 0.0,
            window_unmet: 0.0,
            islanded: vec![false; n],
            segment_start: SimTime::ZERO,
            config,
        })
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        for i in 0..self.ids.len() {
            self.islanded[i] = !cx.is_up(self.ids[i]);
        }
        self.next_interval(cx);
    }

    /// An interval is settled when it ends, so that a household's grid failing or coming back
    /// inside it counts from its minute: the part before the change is settled first, as it was
    /// (the blackout of 28 Apr 2025 began at 10:33 UTC, 3 minutes into an interval). Each part
    /// clears its own auction over its own share of the interval's energy. A run that ends
    /// inside an interval settles the part it covers.
    fn on_timer(&mut self, _node: Option<NodeId>, _timer: Timer, cx: &mut Ctx<'_, Self>) {
        self.settle_segment(cx);
        self.next_interval(cx);
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        // A degraded path does not cut a household off the grid.
        let Some(reachable) = fault.reachable() else { return };
        let islanded = !reachable;
        let i = node.index();
        if self.islanded[i] != islanded {
            self.settle_segment(cx);
            self.islanded[i] = islanded;
        }
    }

    fn observe(&mut self, _now: SimTime, live: &Liveness, obs: &mut Observer) {
        let served = if self.window_load > 0.0 { 1.0 - self.window_unmet / self.window_load } else { 1.0 };
        obs.record(AVAILABILITY, served);
        self.window_load = 0.0;
        self.window_unmet = 0.0;
        let t = &self.totals;
        obs.record(P2P_KWH, t.p2p_kwh);
        if let Some(p) = self.last_price {
            obs.record(CLEARING_PRICE, p);
        }
        if let Some(p) = self.last_island_price {
            obs.record(ISLAND_CLEARING_PRICE, p);
        }
        obs.record(SELF_SUFFICIENCY, t.self_sufficiency().unwrap_or(0.0));
        obs.record(UNMET_KWH, t.unmet_kwh);
        obs.record(HOUSEHOLDS_ISLANDED, (live.len() - live.up_count()) as f64);
        obs.record(BATTERY_KWH, self.households.iter().map(|h| h.battery.soc_kwh).sum());
        obs.record(GRID_IMPORT_KWH, t.grid_import_kwh);
        obs.record(GRID_EXPORT_KWH, t.grid_export_kwh);
        obs.record(SAVINGS_USD, self.grid_only_usd.iter().sum::<f64>() - self.bill_usd.iter().sum::<f64>());
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("MWh served", (self.totals.load_kwh - self.totals.unmet_kwh) / 1e3))
    }

    fn headline(&self, h: &mut Headline) {
        let t = &self.totals;
        h.set(catalogue::LOAD_KWH, Some(t.load_kwh));
        h.set(catalogue::TRADED_KWH, Some(t.p2p_kwh));
        h.set(catalogue::PRICE_MEAN, (t.p2p_kwh > 0.0).then(|| t.p2p_usd / t.p2p_kwh));
        h.set(catalogue::ISLAND_TRADED_KWH, Some(t.island_p2p_kwh));
        h.set(catalogue::ISLAND_PRICE_MEAN, (t.island_p2p_kwh > 0.0).then(|| t.island_p2p_usd / t.island_p2p_kwh));
        h.set(SELF_SUFFICIENCY, t.self_sufficiency());
        h.set(catalogue::ISLANDED_LOAD_KWH, Some(t.islanded_load_kwh));
        h.set(catalogue::ISLANDED_UNMET_KWH, Some(t.islanded_unmet_kwh));
        h.set(catalogue::ISLANDED_SERVED, t.islanded_served_share());
        h.set(UNMET_KWH, Some(t.unmet_kwh));
        h.set(GRID_IMPORT_KWH, Some(t.grid_import_kwh));
        h.set(GRID_EXPORT_KWH, Some(t.grid_export_kwh));
        h.set(catalogue::CURTAILED_KWH, Some(t.curtailed_kwh));
        let grid_only: f64 = self.grid_only_usd.iter().sum();
        let savings = grid_only - self.bill_usd.iter().sum::<f64>();
        h.set(SAVINGS_USD, Some(savings));
        h.set(catalogue::SAVINGS_SHARE, (grid_only > 0.0).then(|| savings / grid_only));
    }
}

#[cfg(test)]
mod tests;
