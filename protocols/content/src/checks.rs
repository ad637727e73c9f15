//! What a content network's configuration must satisfy, checked before any node is placed (see
//! [`depinsim_core::Protocol::check`]), and the one check that must wait for placement: whether
//! the storage nodes span enough failure domains, which depends on the operators, sites and
//! providers the engine gives them.

use crate::{Content, ContentConfig};
use depinsim_core::config::{ConfigError, at_least, share};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::{NodeId, Protocol, SimDuration};

/// Refuses every value that would make a run fail or mean nothing: an unusable traffic sample,
/// no object or no replica to route a request to, a gateway share outside 0..1, repair or reward
/// timers of zero (they would fire forever at one instant), rewards that are not finite, and
/// more replicas than storage nodes to hold them.
pub fn check(config: &ContentConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
    config.traffic.check().map_err(|e| e.within("traffic"))?;
    if config.objects == 0 {
        return Err(ConfigError::param("objects", "`objects` is 0").help("at least 1 object stored"));
    }
    if config.replicas == 0 {
        return Err(ConfigError::param("replicas", "`replicas` is 0").help("at least 1 replica per object"));
    }
    share("gateway_share", config.gateway_share, true)?;
    for (key, value) in [("repair_delay", config.repair_delay), ("reward_every", config.reward_every)] {
        if value == SimDuration::ZERO {
            return Err(
                ConfigError::param(key, format!("`{key}` is 0s")).help("a duration longer than zero, e.g. \"1h\"")
            );
        }
    }
    at_least("reward_usd_per_tb_month", config.reward_usd_per_tb_month, 0.0)?;
    at_least("reward_usd_per_million_requests", config.reward_usd_per_million_requests, 0.0)?;
    check_roles(groups, Content::NAME, Content::ROLES)?;
    let storage: u64 = groups.iter().filter(|g| g.role == "storage").map(|g| g.count as u64).sum();
    if storage == 0 {
        return Err(ConfigError::network("the content network has no storage node to hold its objects")
            .help("add a node group with role `storage` and a `count` of at least 1"));
    }
    if storage < config.replicas as u64 {
        return Err(ConfigError::param(
            "replicas",
            format!("`replicas` is {} but the network has only {storage} storage nodes", config.replicas),
        )
        .help(format!("at most {storage}: each replica of an object goes to a distinct node")));
    }
    Ok(())
}

/// After placement: refuses a `spread` the storage nodes cannot satisfy, since `replicas`
/// copies must go to as many distinct operators, sites or providers. Located at `replicas`, the
/// number asked for.
pub fn check_domains(config: &ContentConfig, nodes: &NodeTable, storage: &[NodeId]) -> Result<(), ConfigError> {
    let domains = config.spread.domains(nodes, storage);
    if domains < config.replicas as usize {
        return Err(ConfigError::param(
            "replicas",
            format!(
                "`replicas` is {} but the storage nodes span only {domains} distinct {}",
                config.replicas,
                config.spread.name()
            ),
        )
        .help(format!(
            "at most {domains} with `spread = \"{}\"`, or a spread over smaller failure domains",
            config.spread.name()
        )));
    }
    Ok(())
}

/// After placement: the initial placement found no fitting node for a replica within its
/// bounded number of draws (a failure domain holding nearly every storage node).
pub fn placement_failed(config: &ContentConfig, object: u32, replica: usize) -> ConfigError {
    ConfigError::param(
        "replicas",
        format!(
            "could not place replica {replica} of object {object} on distinct {}: one of them holds nearly every storage node",
            config.spread.name()
        ),
    )
    .help(format!("fewer `replicas`, or storage nodes spread over more {}", config.spread.name()))
}
