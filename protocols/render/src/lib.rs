//! # depinsim-render: the Render Network's GPU market and burn-mint equilibrium
//!
//! Node operators (role `node`) run GPUs with an OctaneBench score and VRAM (by GPU model, from
//! the profile's `capacity.gpu_model`). Artists submit jobs (Poisson arrivals per class) of frames
//! with a work per frame in OctaneBench-hours, a tier and a VRAM need. Idle GPUs take tasks of a
//! few frames from the jobs waiting, Tier 2 (priority) before Tier 3 (economy), first come first
//! served within a tier. A GPU interruption (at the published per-GPU-day rate) or a node going
//! down loses the task running, whose frames go back to the job and are re-assigned. When the
//! last frame is done the artist approves the job after a delay; the job's EUR price is paid in
//! RENDER at the price of the day, 5% kept as a fee and the rest burned (RNP-001, RNP-006). Each
//! epoch mints a fixed emission for node operators, shared pro rata to the EUR value of the work
//! they did on the jobs approved in the epoch (RNP-001, RNP-006), and an availability pool shared
//! by RNP-015's formula with its penalty for wallets of more than three nodes (RNP-013, RNP-015).
//!
//! The centralized baseline prices the same approved work on AWS: OctaneBench-hours turned into
//! H100-hours by the H100's score, at on-demand and Capacity Block prices
//! ([`depinsim_cloud`], one place for both compute markets).

pub mod catalogue;
pub mod check;
pub mod config;
mod network;
pub mod rewards;

pub use network::{Render, Stats, Timer};

use config::RenderConfig;
use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::{ConfigError, Ctx, Fault, Growth, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};

/// What one GPU's part in a job's placement or an epoch's payment costs, ns: measured from
/// render-gpu-failures (BENCHMARKS.md, "Run-time estimates").
const NS_PER_GPU_VISIT: f64 = 25.0;

/// Metric: jobs with frames waiting for a GPU.
pub const JOBS_WAITING: &str = "jobs_waiting";
/// Metric: GPUs rendering.
pub const GPUS_BUSY: &str = "gpus_busy";
/// Metric: frames lost to GPU interruptions and node failures so far (re-assigned).
pub const FRAMES_LOST: &str = "frames_lost";
/// Metric: jobs approved so far.
pub const JOBS_APPROVED: &str = "jobs_approved";
/// Metric: RENDER burned so far.
pub const RENDER_BURNED: &str = "render_burned";
/// Metric: RENDER minted so far (work and availability).
pub const RENDER_MINTED: &str = "render_minted";
/// Metric: share of GPU time spent rendering so far.
pub const UTILISATION: &str = "utilisation";

/// Headline: jobs submitted.
pub const JOBS: &str = "jobs";
/// Headline: share of the jobs submitted that were approved.
pub const JOB_SUCCESS_RATE: &str = "job_success_rate";
/// Headline: share of the tasks ended that were done rather than lost.
pub const TASK_SUCCESS_RATE: &str = "task_success_rate";
/// Headline: tasks lost to GPU interruptions and node failures.
pub const TASKS_LOST: &str = "tasks_lost";
/// Headline: GPU-hours of lost tasks.
pub const GPU_HOURS_LOST: &str = "gpu_hours_lost";
/// Headline: mean wait from a job's arrival to its first frame, seconds.
pub const QUEUE_TIME_MEAN_S: &str = "queue_time_mean_s";
/// Headline: mean time from a job's arrival to its last frame, seconds.
pub const TURNAROUND_MEAN_S: &str = "turnaround_mean_s";
/// Headline: what artists paid for the approved jobs, USD.
pub const ARTIST_COST_USD: &str = "artist_cost_usd";
/// Headline: what artists paid per GPU-hour rendered, USD.
pub const USD_PER_GPU_HOUR: &str = "usd_per_gpu_hour";
/// Headline: GPU-hours the approved work takes on the AWS GPU.
pub const AWS_GPU_HOURS: &str = "aws_gpu_hours";
/// Headline: the approved work at AWS on-demand prices, USD.
pub const AWS_ON_DEMAND_COST_USD: &str = "aws_on_demand_cost_usd";
/// Headline: the approved work at AWS Capacity Block prices, USD.
pub const AWS_CAPACITY_BLOCK_COST_USD: &str = "aws_capacity_block_cost_usd";
/// Headline: the AWS GPU's on-demand price, USD per GPU-hour.
pub const AWS_ON_DEMAND_USD_PER_GPU_HOUR: &str = "aws_on_demand_usd_per_gpu_hour";
/// Headline: the AWS GPU's Capacity Block price, USD per GPU-hour.
pub const AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR: &str = "aws_capacity_block_usd_per_gpu_hour";
/// Headline: RENDER kept as fees.
pub const RENDER_FEES: &str = "render_fees";
/// Headline: RENDER minted for work.
pub const RENDER_MINTED_WORK: &str = "render_minted_work";
/// Headline: RENDER minted for availability.
pub const RENDER_MINTED_AVAILABILITY: &str = "render_minted_availability";
/// Headline: RENDER minted less RENDER burned.
pub const RENDER_NET_EMISSION: &str = "render_net_emission";
/// Headline: paid to node operators, USD.
pub const OPERATOR_REVENUE_USD: &str = "operator_revenue_usd";

impl Protocol for Render {
    const NAME: &'static str = "render";
    const SUMMARY: &'static str = "Render Network: frame jobs by tier on GPU nodes, approval, burn-mint with the 5% fee, work and RNP-015 availability rewards";
    const ROLES: &'static [&'static str] = &["node"];
    const KEY_METRICS: &'static [&'static str] = &[JOBS_WAITING, GPUS_BUSY, FRAMES_LOST, RENDER_BURNED, RENDER_MINTED];
    const METRICS: &'static [Metric] = catalogue::METRICS;
    type Config = RenderConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(config: &RenderConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        check_roles(groups, Self::NAME, Self::ROLES)?;
        config.check()?;
        config.check_groups(groups)
    }

    /// Every job that arrives is split over the GPUs that can take it, and every epoch pays each
    /// node.
    fn work(config: &RenderConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let arrivals: f64 = config.jobs.iter().map(|c| c.arrivals_per_hour * 24.0).sum();
        Work {
            per_day: (arrivals + Work::per_day(config.epoch)) * Work::nodes(groups),
            what: "GPU visits",
            ..Work::over_nodes(groups, NS_PER_GPU_VISIT)
        }
    }

    fn new(config: RenderConfig, table: &NodeTable, _rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &table.groups)?;
        Render::build(config, table)
    }

    /// Every submitted job is kept to the end of the run (with the work each node did on it), so
    /// memory grows with the arrivals: the sum over job classes of rate x duration.
    fn growth(config: &RenderConfig, _groups: &[GroupInfo], duration: SimDuration) -> Option<Growth> {
        let rates: Vec<f64> = config.jobs.iter().map(|c| c.arrivals_per_hour).collect();
        // The job, and at least one node's work entry on it.
        let bytes = std::mem::size_of::<network::Job>() + std::mem::size_of::<(u32, f64)>();
        Growth::of_arrivals(&rates, duration, "jobs", bytes, |i| format!("jobs.{i}.arrivals_per_hour"))
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        for c in 0..self.config.jobs.len() {
            self.schedule_arrival(c as u16, cx);
        }
        cx.set_timer(self.config.epoch, Timer::Epoch);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        match timer {
            Timer::Arrival(c) => {
                self.submit(c, cx);
                self.schedule_arrival(c, cx);
            }
            Timer::Task { gpu, generation, lost } => {
                if self.gpus[gpu as usize].generation != generation || self.gpus[gpu as usize].task.is_none() {
                    return;
                }
                self.end_task(gpu, lost, cx);
                if lost {
                    self.gpus[gpu as usize].resetting = true;
                    cx.set_timer(self.config.reset_delay, Timer::Ready(gpu));
                    self.fill_all(cx);
                } else {
                    self.fill(gpu, cx);
                }
            }
            Timer::Ready(g) => {
                self.gpus[g as usize].resetting = false;
                self.idle.insert(g);
                self.fill(g, cx);
            }
            Timer::Approve(j) => self.approve(j, cx.now()),
            Timer::Epoch => {
                self.epoch(cx);
                cx.set_timer(self.config.epoch, Timer::Epoch);
            }
        }
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        let n = node.index();
        match fault {
            Fault::Down | Fault::Destroyed => {
                if !self.nodes[n].up {
                    return;
                }
                self.nodes[n].up = false;
                self.up_time.fault(node, fault, now);
                for g in self.nodes[n].gpus.clone() {
                    if self.gpus[g as usize].task.is_some() {
                        self.end_task(g, true, cx);
                    }
                }
                self.fill_all(cx);
            }
            Fault::Up => {
                if self.nodes[n].up {
                    return;
                }
                self.nodes[n].up = true;
                self.up_time.fault(node, fault, now);
                for g in self.nodes[n].gpus.clone() {
                    self.idle.insert(g);
                    self.fill(g, cx);
                }
            }
            Fault::Loss(_) => {}
        }
    }

    fn observe(&mut self, now: SimTime, _live: &Liveness, obs: &mut Observer) {
        self.last_seen = now;
        let total = self.gpus.len() as f64;
        let up: f64 = self.nodes.iter().filter(|n| n.up).map(|n| n.gpus.len() as f64).sum();
        obs.record(AVAILABILITY, up / total);
        let waiting = self.queues.iter().flatten().filter(|j| self.jobs[**j as usize].unassigned > 0).count();
        obs.record(JOBS_WAITING, waiting as f64);
        obs.record(GPUS_BUSY, self.gpus.iter().filter(|g| g.task.is_some()).count() as f64);
        obs.record(FRAMES_LOST, self.stats.frames_lost as f64);
        obs.record(JOBS_APPROVED, self.stats.approved as f64);
        obs.record(RENDER_BURNED, self.stats.burned);
        obs.record(RENDER_MINTED, self.stats.minted_work + self.stats.minted_availability);
        let cap = total * now.as_secs_f64() / 3600.0;
        obs.record(UTILISATION, if cap > 0.0 { self.gpu_hours(now) / cap } else { 0.0 });
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        let total = self.gpus.len() as f64;
        self.nodes.iter().enumerate().filter(|(i, _)| !down[*i]).map(|(_, n)| n.gpus.len() as f64).sum::<f64>() / total
    }

    /// Node rewards are in RENDER (`render_price_eur` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("RENDER")
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("GPU-hour", self.gpu_hours(self.last_seen)))
    }

    fn headline(&self, h: &mut Headline) {
        let s = &self.stats;
        let now = self.last_seen;
        let div = |a: f64, b: f64| if b > 0.0 { Some(a / b) } else { None };
        let gpu_hours = self.gpu_hours(now);
        let artist_usd = s.artist_eur * self.config.usd_per_eur;
        // The same approved work on AWS: OB-hours / the AWS GPU's score = GPU-hours there.
        let aws_ob = self.config.gpus[&self.config.aws_gpu_model].octanebench;
        let aws_hours = s.approved_obh / aws_ob;
        h.set(JOBS, Some(s.jobs as f64));
        h.set(JOBS_APPROVED, Some(s.approved as f64));
        h.set(JOB_SUCCESS_RATE, div(s.approved as f64, s.jobs as f64));
        h.set(TASK_SUCCESS_RATE, div(s.tasks_done as f64, (s.tasks_done + s.tasks_lost) as f64));
        h.set(TASKS_LOST, Some(s.tasks_lost as f64));
        h.set(FRAMES_LOST, Some(s.frames_lost as f64));
        h.set(GPU_HOURS_LOST, Some(s.lost_ms / 3.6e6));
        h.set(QUEUE_TIME_MEAN_S, div(s.queue_ms / 1000.0, s.started as f64));
        h.set(TURNAROUND_MEAN_S, div(s.turnaround_ms / 1000.0, s.finished as f64));
        h.set(UTILISATION, div(gpu_hours, self.gpus.len() as f64 * now.as_secs_f64() / 3600.0));
        h.set(ARTIST_COST_USD, Some(artist_usd));
        h.set(USD_PER_GPU_HOUR, div(artist_usd, gpu_hours));
        h.set(AWS_GPU_HOURS, Some(aws_hours));
        h.set(AWS_ON_DEMAND_COST_USD, Some(aws_hours * self.config.aws_price.on_demand));
        h.set(AWS_CAPACITY_BLOCK_COST_USD, Some(aws_hours * self.config.aws_price.capacity_block));
        h.set(AWS_ON_DEMAND_USD_PER_GPU_HOUR, Some(self.config.aws_price.on_demand));
        h.set(AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR, Some(self.config.aws_price.capacity_block));
        h.set(RENDER_BURNED, Some(s.burned));
        h.set(RENDER_FEES, Some(s.fees));
        h.set(RENDER_MINTED_WORK, Some(s.minted_work));
        h.set(RENDER_MINTED_AVAILABILITY, Some(s.minted_availability));
        h.set(RENDER_NET_EMISSION, Some(s.minted_work + s.minted_availability - s.burned));
        h.set(OPERATOR_REVENUE_USD, Some(s.operators_usd));
    }
}
