//! The state of a Render network: its GPUs, nodes, jobs and counters, and the timers that move
//! them.
//!
//! By job: `setup` builds the GPUs and nodes from the node groups, `tasks` hands frames to idle
//! GPUs and takes them back when a task ends or is lost, and `settlement` pays for approved jobs
//! (the burn) and mints each epoch's rewards.

use crate::config::{self, RenderConfig};
use depinsim_core::SimTime;
use depinsim_core::price::{self, PricePoint};
use depinsim_core::uptime::UpTime;
use std::collections::{BTreeSet, VecDeque};

mod settlement;
mod setup;
mod tasks;

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A job of class `u16` arrives.
    Arrival(u16),
    /// GPU `gpu`'s task of generation `gen` ends: done, or lost to an interruption.
    Task {
        /// The GPU.
        gpu: u32,
        /// Its task generation (stale timers are ignored).
        generation: u32,
        /// Whether it was interrupted.
        lost: bool,
    },
    /// An interrupted GPU is ready again.
    Ready(u32),
    /// The artist approves a job.
    Approve(u32),
    /// An epoch ends: rewards are minted.
    Epoch,
}

#[derive(Clone, Debug)]
pub(crate) struct Task {
    pub(crate) job: u32,
    pub(crate) frames: u32,
    pub(crate) start: SimTime,
}

#[derive(Clone, Debug)]
pub(crate) struct Gpu {
    pub(crate) node: u32,
    pub(crate) octanebench: f64,
    pub(crate) vram_gb: f64,
    pub(crate) interruptions_per_day: f64,
    pub(crate) task: Option<Task>,
    pub(crate) generation: u32,
    pub(crate) resetting: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) gpus: Vec<u32>,
    pub(crate) octanebench: f64,
    pub(crate) vram_gb: f64,
    pub(crate) age_days: f64,
    pub(crate) wallet: u32,
    pub(crate) up: bool,
    /// GPU-busy time this epoch, ms (closed tasks).
    pub(crate) busy_ms: f64,
    /// EUR value of the work it did on jobs approved this epoch.
    pub(crate) eur_work: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub(crate) class: u16,
    pub(crate) arrived: SimTime,
    pub(crate) unassigned: u32,
    pub(crate) done: u32,
    pub(crate) queued: bool,
    pub(crate) first_start: Option<SimTime>,
    /// OB-hours each node did on it.
    pub(crate) work: Vec<(u32, f64)>,
}

/// Counters.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Jobs submitted.
    pub jobs: u64,
    /// Jobs approved.
    pub approved: u64,
    /// Tasks completed.
    pub tasks_done: u64,
    /// Tasks lost.
    pub tasks_lost: u64,
    /// Frames lost (re-assigned).
    pub frames_lost: u64,
    /// Sum of waits from arrival to the first frame, ms.
    pub queue_ms: f64,
    /// Jobs that started.
    pub started: u64,
    /// Sum of arrival-to-last-frame times, ms.
    pub turnaround_ms: f64,
    /// Jobs whose frames are all done.
    pub finished: u64,
    /// GPU-ms spent rendering (done and lost tasks).
    pub busy_ms: f64,
    /// GPU-ms of lost tasks.
    pub lost_ms: f64,
    /// What artists paid, EUR.
    pub artist_eur: f64,
    /// OB-hours of approved jobs.
    pub approved_obh: f64,
    /// RENDER burned.
    pub burned: f64,
    /// RENDER kept as fees.
    pub fees: f64,
    /// RENDER minted for work.
    pub minted_work: f64,
    /// RENDER minted for availability.
    pub minted_availability: f64,
    /// Paid to operators, USD.
    pub operators_usd: f64,
}

/// A Render network.
pub struct Render {
    pub(crate) config: RenderConfig,
    /// RENDER price path in EUR per RENDER (core's price points, whose `usd` carries EUR here).
    pub(crate) price_eur: Vec<PricePoint>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) gpus: Vec<Gpu>,
    pub(crate) jobs: Vec<Job>,
    /// Jobs with unassigned frames: Tier 2, then Tier 3.
    pub(crate) queues: [VecDeque<u32>; 2],
    pub(crate) epoch_start: SimTime,
    /// Each node's time up in the epoch under way, split at its faults.
    pub(crate) up_time: UpTime,
    /// GPUs without a task (possibly down or resetting: `fill` drops those), so that handing out
    /// work does not scan every GPU.
    pub(crate) idle: BTreeSet<u32>,
    /// Counters.
    pub stats: Stats,
    pub(crate) last_seen: SimTime,
}

impl Render {
    /// The RENDER price at `now`, EUR.
    pub(crate) fn render_eur(&self, now: SimTime) -> f64 {
        price::at(&self.price_eur, now.since(SimTime::ZERO))
    }

    pub(crate) fn class(&self, job: u32) -> &config::JobClass {
        &self.config.jobs[self.jobs[job as usize].class as usize]
    }

    /// GPU-hours rendered so far (done and lost tasks, and running ones up to `now`).
    pub fn gpu_hours(&self, now: SimTime) -> f64 {
        let running: f64 =
            self.gpus.iter().filter_map(|g| g.task.as_ref()).map(|t| now.since(t.start).as_millis() as f64).sum();
        (self.stats.busy_ms + running) / 3.6e6
    }
}
