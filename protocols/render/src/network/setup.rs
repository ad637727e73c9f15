//! Building the network from its node groups: one GPU record per GPU of each node's profile,
//! with the model's OctaneBench score, VRAM and interruption rate.

use super::{Gpu, Node, Render, Stats};
use crate::config::RenderConfig;
use depinsim_cloud::interruptions;
use depinsim_core::node::NodeTable;
use depinsim_core::price::PricePoint;
use depinsim_core::uptime::UpTime;
use depinsim_core::{ConfigError, SimTime};
use std::collections::VecDeque;

impl Render {
    /// Builds the network over `table`'s nodes. `config` must have passed [`Render`]'s
    /// `Protocol::check` against `table.groups` (as `Protocol::new` does first); then this does
    /// not fail.
    pub(crate) fn build(config: RenderConfig, table: &NodeTable) -> Result<Self, ConfigError> {
        let price_eur = config.render_price_eur.iter().map(|p| PricePoint { at: p.at, usd: p.eur }).collect();
        let mut nodes = Vec::with_capacity(table.len());
        let mut gpus = Vec::new();
        for id in table.ids() {
            let info = table.info(id);
            let group = &table.groups[info.group as usize];
            let (count, model, spec) = config.gpus_of(group)?;
            let rate = interruptions::rate(
                &config.gpu_interruptions_per_gpu_day,
                config.default_gpu_interruptions_per_gpu_day,
                model,
            );
            let first = gpus.len() as u32;
            for _ in 0..count {
                gpus.push(Gpu {
                    node: id.0,
                    octanebench: spec.octanebench,
                    vram_gb: spec.vram_gb,
                    interruptions_per_day: rate,
                    task: None,
                    generation: 0,
                    resetting: false,
                });
            }
            nodes.push(Node {
                gpus: (first..first + count).collect(),
                // A multi-GPU node's OctaneBench score is the sum of its GPUs' (OctaneBench
                // scales with GPUs); its VRAM is one GPU's, since a scene must fit on each.
                octanebench: spec.octanebench * count as f64,
                vram_gb: spec.vram_gb,
                age_days: config.age_days.get(&group.name).copied().unwrap_or(365.0),
                wallet: info.operator.0,
                up: true,
                busy_ms: 0.0,
                eur_work: 0.0,
            });
        }
        Ok(Render {
            config,
            price_eur,
            nodes,
            idle: (0..gpus.len() as u32).collect(),
            gpus,
            jobs: Vec::new(),
            queues: [VecDeque::new(), VecDeque::new()],
            epoch_start: SimTime::ZERO,
            up_time: UpTime::new(table.len(), |_| 1.0),
            stats: Stats::default(),
            last_seen: SimTime::ZERO,
        })
    }
}
