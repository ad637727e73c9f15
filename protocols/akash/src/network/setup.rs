//! Building the markets from the node groups: role `provider` joins the auction at its bid
//! strategy's price, role `cloud` the cloud at list price.

use super::{Kind, Market, Network, Provider, Tokens};
use crate::Akash;
use crate::config::{AkashConfig, BidStrategy};
use crate::market::{self, Capacity};
use crate::money::PricePath;
use depinsim_core::node::{NodeTable, check_roles};
use depinsim_core::{ConfigError, Protocol, SimTime};

impl Network {
    /// Builds the markets from the nodes: role `provider` joins the auction, `cloud` the cloud.
    /// `config` must have passed [`crate::Akash`]'s `Protocol::check` against `nodes.groups`
    /// (as `Protocol::new` does first); then this does not fail.
    pub fn new(config: AkashConfig, nodes: &NodeTable) -> Result<Self, ConfigError> {
        let akt_price = PricePath::new(config.akt_price.clone(), "akt_price")?;
        let mut markets = [Market::new(Kind::Auction), Market::new(Kind::Cloud)];
        let mut where_is = vec![None; nodes.len()];
        for node in nodes.ids() {
            let info = nodes.info(node);
            let group = &nodes.groups[info.group as usize];
            let profile = &group.profile;
            let free = Capacity::of(profile);
            let (m, price) = match group.role.as_str() {
                "provider" => {
                    let strategy = config.bids.get(&group.name).unwrap_or(&config.bid);
                    let price = match *strategy {
                        BidStrategy::CostPlus { margin, utilisation } => {
                            market::cost_plus(profile, config.usd_per_kwh, margin, utilisation)
                        }
                        BidStrategy::Fixed { usd_per_gpu_hour } => usd_per_gpu_hour,
                    };
                    (0, price)
                }
                "cloud" => (1, config.cloud_price(&free.gpu_model).on_demand),
                _ => return Err(check_roles(&nodes.groups, Akash::NAME, Akash::ROLES).unwrap_err()),
            };
            let attributes = config.attributes.get(&group.name).cloned().unwrap_or_default();
            where_is[node.index()] = Some((m as u8, markets[m].providers.len() as u32));
            markets[m].providers.push(Provider {
                node,
                gpus: free.gpus,
                free,
                attributes,
                price,
                launch_loss: 0.0,
                up: true,
                leases: Vec::new(),
            });
        }
        Ok(Network { config, akt_price, markets, where_is, tokens: Tokens::default(), last_seen: SimTime::ZERO })
    }
}
