//! The `[networks.params]` of a `render` network (its checks are in [`crate::check`]).

use crate::rewards::{AVAILABILITY_POOL_PER_MONTH, DAYS_PER_MONTH, NODE_EMISSION_PER_MONTH};
use depinsim_cloud::{CloudPrice, LLAMA3_INTERRUPTIONS_PER_GPU_DAY};
use depinsim_core::SimDuration;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A GPU model's figures.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GpuSpec {
    /// OctaneBench score of one GPU.
    pub octanebench: f64,
    /// VRAM, GB.
    pub vram_gb: f64,
}

/// One point of the RENDER price path: `eur` per RENDER at `at` after the start.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EurPoint {
    /// Time since the scenario start.
    pub at: SimDuration,
    /// Price, EUR per RENDER.
    pub eur: f64,
}

/// One class of render jobs.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JobClass {
    /// Name, for messages.
    pub name: String,
    /// Poisson arrival rate.
    pub arrivals_per_hour: f64,
    /// Frames per job (fixed).
    pub frames: u32,
    /// Work per frame, OctaneBench-hours (an OB-1000 GPU renders `obh / 1000` hours a frame).
    pub obh_per_frame: f64,
    /// Tier: 2 (priority) or 3 (economy).
    pub tier: u8,
    /// VRAM the scene needs, GB.
    #[serde(default)]
    pub min_vram_gb: f64,
}

/// The `[networks.params]` of a `render` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RenderConfig {
    /// Jobs artists submit.
    pub jobs: Vec<JobClass>,
    /// GPU figures by model (`capacity.gpu_model` of the profiles).
    pub gpus: BTreeMap<String, GpuSpec>,
    /// Node age at the start, days, by group name (RNP-015's age factor); 365 if absent.
    pub age_days: BTreeMap<String, f64>,
    /// OB-hours one EUR buys at Tier 2: 100 (legacy pricing: 1 RENDER credit = 100 OB-hours at
    /// Tier 2, 200 at Tier 3, docs/reference/protocols.md, unverified today; a credit taken as
    /// EUR 1, assumption).
    pub obh_per_eur_tier2: f64,
    /// OB-hours one EUR buys at Tier 3: 200 (same source).
    pub obh_per_eur_tier3: f64,
    /// RENDER price path, EUR.
    pub render_price_eur: Vec<EurPoint>,
    /// USD per EUR. Assumption: 1.08.
    pub usd_per_eur: f64,
    /// Epoch length: 7 days (RNP-001/RNP-006: weekly epochs at first).
    pub epoch: SimDuration,
    /// Node-operator emission per epoch, RENDER: 190,142 a month (RNP-006) over the epoch.
    pub work_emission_per_epoch: Option<f64>,
    /// Render-node availability pool per epoch, RENDER: 12,500 a month (RNP-013) over the epoch.
    pub availability_pool_per_epoch: Option<f64>,
    /// Share of the real network the simulated nodes stand for: the epoch's emission and
    /// availability pool are scaled by it, so a few hundred simulated nodes do not collect the
    /// whole network's rewards. Default 1 (the simulated nodes are the whole network).
    pub network_share: f64,
    /// Frames a GPU takes at a time (one event per chunk). Assumption: 10.
    pub frames_per_task: u32,
    /// Time from the last frame to the artist's approval. Assumption: 2 h.
    pub approval_delay: SimDuration,
    /// Time a GPU needs after an interruption before it takes work again. Assumption: 10 minutes.
    pub reset_delay: SimDuration,
    /// Interruptions per GPU-day that lose the task running, by GPU model.
    pub gpu_interruptions_per_gpu_day: BTreeMap<String, f64>,
    /// Interruptions per GPU-day of models not listed: the Llama 3 figure, 4.7e-4.
    pub default_gpu_interruptions_per_gpu_day: f64,
    /// GPU model whose AWS price and OctaneBench score price the same work on AWS.
    pub aws_gpu_model: String,
    /// AWS prices of `aws_gpu_model`, USD per GPU-hour (AWS p5 on-demand and Capacity Block).
    pub aws_price: CloudPrice,
}

impl Default for RenderConfig {
    fn default() -> Self {
        let mut gpus = BTreeMap::new();
        // OctaneBench 2020.1 scores (OTOY's published results, unverified figures rounded) and
        // VRAM from NVIDIA's spec sheets.
        gpus.insert("RTX 4090".into(), GpuSpec { octanebench: 1_300.0, vram_gb: 24.0 });
        gpus.insert("H100 SXM 80GB".into(), GpuSpec { octanebench: 1_100.0, vram_gb: 80.0 });
        gpus.insert("A100 SXM 80GB".into(), GpuSpec { octanebench: 800.0, vram_gb: 80.0 });
        RenderConfig {
            jobs: Vec::new(),
            gpus,
            age_days: BTreeMap::new(),
            obh_per_eur_tier2: 100.0,
            obh_per_eur_tier3: 200.0,
            render_price_eur: vec![EurPoint { at: SimDuration::ZERO, eur: 3.0 }],
            usd_per_eur: 1.08,
            epoch: SimDuration::from_days(7),
            work_emission_per_epoch: None,
            availability_pool_per_epoch: None,
            network_share: 1.0,
            frames_per_task: 10,
            approval_delay: SimDuration::from_hours(2),
            reset_delay: SimDuration::from_secs(600),
            gpu_interruptions_per_gpu_day: BTreeMap::new(),
            default_gpu_interruptions_per_gpu_day: LLAMA3_INTERRUPTIONS_PER_GPU_DAY,
            aws_gpu_model: "H100 SXM 80GB".into(),
            aws_price: CloudPrice::H100,
        }
    }
}

impl RenderConfig {
    /// Emission to node operators per epoch, RENDER.
    pub fn work_emission(&self) -> f64 {
        let days = self.epoch.as_hours_f64() / 24.0;
        self.network_share * self.work_emission_per_epoch.unwrap_or(NODE_EMISSION_PER_MONTH / DAYS_PER_MONTH * days)
    }

    /// Availability pool per epoch, RENDER.
    pub fn availability_pool(&self) -> f64 {
        let days = self.epoch.as_hours_f64() / 24.0;
        self.network_share
            * self.availability_pool_per_epoch.unwrap_or(AVAILABILITY_POOL_PER_MONTH / DAYS_PER_MONTH * days)
    }

    /// EUR per OB-hour at `tier`.
    pub fn eur_per_obh(&self, tier: u8) -> f64 {
        if tier == 2 { 1.0 / self.obh_per_eur_tier2 } else { 1.0 / self.obh_per_eur_tier3 }
    }
}
