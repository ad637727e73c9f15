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

pub mod config;
pub mod rewards;

use config::RenderConfig;
use depinsim_cloud::interruptions as gpu;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::NodeTable;
use depinsim_core::price::{self, PricePoint};
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime};
use rand_chacha::ChaCha8Rng;
use rewards::Standing;
use std::collections::{BTreeSet, VecDeque};

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
struct Task {
    job: u32,
    frames: u32,
    start: SimTime,
}

#[derive(Clone, Debug)]
struct Gpu {
    node: u32,
    octanebench: f64,
    vram_gb: f64,
    interruptions_per_day: f64,
    task: Option<Task>,
    generation: u32,
    resetting: bool,
}

#[derive(Clone, Debug)]
struct Node {
    gpus: Vec<u32>,
    octanebench: f64,
    vram_gb: f64,
    age_days: f64,
    wallet: u32,
    up: bool,
    /// Up time this epoch, ms, up to `up_since`.
    up_ms: f64,
    up_since: SimTime,
    /// GPU-busy time this epoch, ms (closed tasks).
    busy_ms: f64,
    /// EUR value of the work it did on jobs approved this epoch.
    eur_work: f64,
}

#[derive(Clone, Debug)]
struct Job {
    class: u16,
    arrived: SimTime,
    unassigned: u32,
    done: u32,
    queued: bool,
    first_start: Option<SimTime>,
    /// OB-hours each node did on it.
    work: Vec<(u32, f64)>,
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
    config: RenderConfig,
    /// RENDER price path in EUR per RENDER (core's price points, whose `usd` carries EUR here).
    price_eur: Vec<PricePoint>,
    nodes: Vec<Node>,
    gpus: Vec<Gpu>,
    jobs: Vec<Job>,
    /// Jobs with unassigned frames: Tier 2, then Tier 3.
    queues: [VecDeque<u32>; 2],
    epoch_start: SimTime,
    /// GPUs without a task (possibly down or resetting: `fill` drops those), so that handing out
    /// work does not scan every GPU.
    idle: BTreeSet<u32>,
    /// Counters.
    pub stats: Stats,
    last_seen: SimTime,
}

impl Render {
    /// The RENDER price at `now`, EUR.
    fn render_eur(&self, now: SimTime) -> f64 {
        price::at(&self.price_eur, now.since(SimTime::ZERO))
    }

    fn class(&self, job: u32) -> &config::JobClass {
        &self.config.jobs[self.jobs[job as usize].class as usize]
    }

    /// Gives idle GPU `g` its next task, if any job fits it.
    fn fill(&mut self, g: u32, cx: &mut Ctx<'_, Self>) {
        let gpu = &self.gpus[g as usize];
        if gpu.task.is_some() || gpu.resetting || !self.nodes[gpu.node as usize].up {
            self.idle.remove(&g);
            return;
        }
        let vram = gpu.vram_gb;
        let mut chosen = None;
        'tiers: for q in 0..2 {
            while let Some(&j) = self.queues[q].front() {
                if self.jobs[j as usize].unassigned == 0 {
                    self.jobs[j as usize].queued = false;
                    self.queues[q].pop_front();
                    continue;
                }
                break;
            }
            for &j in &self.queues[q] {
                let job = &self.jobs[j as usize];
                if job.unassigned > 0 && self.config.jobs[job.class as usize].min_vram_gb <= vram {
                    chosen = Some(j);
                    break 'tiers;
                }
            }
        }
        let Some(j) = chosen else { return };
        self.idle.remove(&g);
        let now = cx.now();
        let frames = self.jobs[j as usize].unassigned.min(self.config.frames_per_task);
        let obh = self.class(j).obh_per_frame * frames as f64;
        let job = &mut self.jobs[j as usize];
        job.unassigned -= frames;
        if job.first_start.is_none() {
            job.first_start = Some(now);
            self.stats.started += 1;
            self.stats.queue_ms += now.since(job.arrived).as_millis() as f64;
        }
        let gpu = &mut self.gpus[g as usize];
        let duration_ms = ((obh / gpu.octanebench) * 3.6e6).round().max(1.0) as u64;
        gpu.task = Some(Task { job: j, frames, start: now });
        gpu.generation += 1;
        let generation = gpu.generation;
        let rate = gpu.interruptions_per_day;
        let (delay, lost) = match gpu::next_interruption_ms(cx.rng(), 1, rate) {
            Some(t) if t < duration_ms => (t, true),
            _ => (duration_ms, false),
        };
        cx.set_timer(SimDuration::from_millis(delay), Timer::Task { gpu: g, generation, lost });
    }

    fn fill_all(&mut self, cx: &mut Ctx<'_, Self>) {
        let mut next = 0;
        while let Some(&g) = self.idle.range(next..).next() {
            if self.queues.iter().all(VecDeque::is_empty) {
                break;
            }
            self.fill(g, cx);
            next = g + 1;
        }
    }

    /// Ends GPU `g`'s task; a lost task's frames go back to its job.
    fn end_task(&mut self, g: u32, lost: bool, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        let Some(task) = self.gpus[g as usize].task.take() else { return };
        self.idle.insert(g);
        let node = self.gpus[g as usize].node;
        let ms = now.since(task.start).as_millis() as f64;
        self.stats.busy_ms += ms;
        let from = task.start.max(self.epoch_start);
        self.nodes[node as usize].busy_ms += now.since(from).as_millis() as f64;
        let tier = self.class(task.job).tier;
        let obh = self.class(task.job).obh_per_frame * task.frames as f64;
        let job = &mut self.jobs[task.job as usize];
        if lost {
            self.stats.tasks_lost += 1;
            self.stats.frames_lost += task.frames as u64;
            self.stats.lost_ms += ms;
            job.unassigned += task.frames;
            if !job.queued {
                job.queued = true;
                self.queues[usize::from(tier == 3)].push_front(task.job);
            }
            return;
        }
        self.stats.tasks_done += 1;
        job.done += task.frames;
        match job.work.iter_mut().find(|(n, _)| *n == node) {
            Some((_, w)) => *w += obh,
            None => job.work.push((node, obh)),
        }
        if job.done == self.config.jobs[job.class as usize].frames {
            self.stats.finished += 1;
            self.stats.turnaround_ms += now.since(job.arrived).as_millis() as f64;
            cx.set_timer(self.config.approval_delay, Timer::Approve(task.job));
        }
    }

    /// The artist approves job `j`: it pays the EUR price in RENDER, 5% fee, the rest burned; the
    /// work counts in this epoch.
    fn approve(&mut self, j: u32, now: SimTime) {
        let class = self.class(j).clone();
        let obh = class.obh_per_frame * class.frames as f64;
        let eur = obh * self.config.eur_per_obh(class.tier);
        let render = eur / self.render_eur(now);
        let (burned, fee) = rewards::burn(render);
        self.stats.approved += 1;
        self.stats.artist_eur += eur;
        self.stats.approved_obh += obh;
        self.stats.burned += burned;
        self.stats.fees += fee;
        for &(node, w) in &self.jobs[j as usize].work {
            self.nodes[node as usize].eur_work += eur * w / obh;
        }
    }

    /// Mints the epoch's work emission and availability pool and pays the operators.
    fn epoch(&mut self, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        let epoch_ms = now.since(self.epoch_start).as_millis() as f64;
        if epoch_ms <= 0.0 {
            return;
        }
        // Close the open intervals at the boundary.
        for g in 0..self.gpus.len() {
            if let Some(t) = &self.gpus[g].task {
                let from = t.start.max(self.epoch_start);
                let node = self.gpus[g].node as usize;
                self.nodes[node].busy_ms += now.since(from).as_millis() as f64;
            }
        }
        let mut wallets = std::collections::BTreeMap::<u32, u32>::new();
        for n in &self.nodes {
            *wallets.entry(n.wallet).or_default() += 1;
        }
        let standings: Vec<Standing> = self
            .nodes
            .iter_mut()
            .map(|n| {
                if n.up {
                    n.up_ms += now.since(n.up_since.max(self.epoch_start)).as_millis() as f64;
                }
                let gpus = n.gpus.len() as f64;
                let idle = ((n.up_ms * gpus - n.busy_ms) / (epoch_ms * gpus)).clamp(0.0, 1.0);
                Standing {
                    idle,
                    octanebench: n.octanebench,
                    vram_gb: n.vram_gb,
                    age_days: n.age_days + now.as_secs_f64() / 86_400.0,
                    wallet_nodes: wallets[&n.wallet],
                }
            })
            .collect();
        let availability = rewards::availability(&standings, self.config.availability_pool());
        let eur: Vec<f64> = self.nodes.iter().map(|n| n.eur_work).collect();
        let work = rewards::work(&eur, self.config.work_emission());
        let usd_per_render = self.render_eur(now) * self.config.usd_per_eur;
        for (i, n) in self.nodes.iter_mut().enumerate() {
            let render = availability[i] + work[i];
            self.stats.minted_availability += availability[i];
            self.stats.minted_work += work[i];
            if render > 0.0 {
                let usd = render * usd_per_render;
                self.stats.operators_usd += usd;
                cx.pay(NodeId(i as u32), usd);
            }
            n.up_ms = 0.0;
            n.busy_ms = 0.0;
            n.eur_work = 0.0;
            n.up_since = now;
        }
        self.epoch_start = now;
    }

    /// GPU-hours rendered so far (done and lost tasks, and running ones up to `now`).
    pub fn gpu_hours(&self, now: SimTime) -> f64 {
        let running: f64 =
            self.gpus.iter().filter_map(|g| g.task.as_ref()).map(|t| now.since(t.start).as_millis() as f64).sum();
        (self.stats.busy_ms + running) / 3.6e6
    }

    fn schedule_arrival(&self, class: u16, cx: &mut Ctx<'_, Self>) {
        let rate = self.config.jobs[class as usize].arrivals_per_hour;
        let gap = gpu::exponential_ms(cx.rng(), 3.6e6 / rate);
        cx.set_timer(SimDuration::from_millis(gap), Timer::Arrival(class));
    }

    /// An artist submits a job of class `class` now (arrivals call this; tests can too).
    pub fn submit(&mut self, class: u16, cx: &mut Ctx<'_, Self>) {
        let c = &self.config.jobs[class as usize];
        let j = self.jobs.len() as u32;
        self.jobs.push(Job {
            class,
            arrived: cx.now(),
            unassigned: c.frames,
            done: 0,
            queued: true,
            first_start: None,
            work: Vec::new(),
        });
        self.queues[usize::from(c.tier == 3)].push_back(j);
        self.stats.jobs += 1;
        self.fill_all(cx);
    }
}

impl Protocol for Render {
    const NAME: &'static str = "render";
    const SUMMARY: &'static str = "Render Network: frame jobs by tier on GPU nodes, approval, burn-mint with the 5% fee, work and RNP-015 availability rewards";
    const ROLES: &'static [&'static str] = &["node"];
    const KEY_METRICS: &'static [&'static str] = &[JOBS_WAITING, GPUS_BUSY, FRAMES_LOST, RENDER_BURNED, RENDER_MINTED];
    type Config = RenderConfig;
    type Timer = Timer;
    type Msg = ();

    fn new(config: RenderConfig, table: &NodeTable, _rng: &mut ChaCha8Rng) -> Result<Self, depinsim_core::ConfigError> {
        config.check()?;
        let points = config.render_price_eur.iter().map(|p| PricePoint { at: p.at, usd: p.eur }).collect();
        let price_eur: Vec<PricePoint> = points;
        price::check(&price_eur, "render_price_eur")?;
        if price_eur.iter().any(|p| p.usd == 0.0) {
            return Err("`render_price_eur` points need a eur > 0".into());
        }
        for g in config.age_days.keys() {
            if !table.groups.iter().any(|x| x.name == *g) {
                return Err(format!("`age_days` names no node group `{g}`").into());
            }
        }
        let mut nodes = Vec::with_capacity(table.len());
        let mut gpus = Vec::new();
        for id in table.ids() {
            let info = table.info(id);
            let group = &table.groups[info.group as usize];
            let cap = &group.profile.capacity;
            let model = cap.gpu_model.clone().unwrap_or_default();
            let count = cap.gpus.unwrap_or(0);
            let Some(spec) = config.gpus.get(&model).filter(|_| count > 0) else {
                let known: Vec<&str> = config.gpus.keys().map(String::as_str).collect();
                return Err(format!(
                    "group `{}`: profile `{}` needs GPUs of a model listed in `gpus` (found {count} x `{model}`; listed: {})",
                    group.name,
                    group.profile.name,
                    known.join(", ")
                )
                .into());
            };
            let rate = config
                .gpu_interruptions_per_gpu_day
                .get(&model)
                .copied()
                .unwrap_or(config.default_gpu_interruptions_per_gpu_day);
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
                up_ms: 0.0,
                up_since: SimTime::ZERO,
                busy_ms: 0.0,
                eur_work: 0.0,
            });
        }
        if nodes.is_empty() {
            return Err("a render network needs nodes of role `node`".into());
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
            stats: Stats::default(),
            last_seen: SimTime::ZERO,
        })
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
                self.nodes[n].up_ms += now.since(self.nodes[n].up_since.max(self.epoch_start)).as_millis() as f64;
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
                self.nodes[n].up_since = now;
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
        h.set("jobs", Some(s.jobs as f64));
        h.set(JOBS_APPROVED, Some(s.approved as f64));
        h.set("job_success_rate", div(s.approved as f64, s.jobs as f64));
        h.set("task_success_rate", div(s.tasks_done as f64, (s.tasks_done + s.tasks_lost) as f64));
        h.set("tasks_lost", Some(s.tasks_lost as f64));
        h.set(FRAMES_LOST, Some(s.frames_lost as f64));
        h.set("gpu_hours_lost", Some(s.lost_ms / 3.6e6));
        h.set("queue_time_mean_s", div(s.queue_ms / 1000.0, s.started as f64));
        h.set("turnaround_mean_s", div(s.turnaround_ms / 1000.0, s.finished as f64));
        h.set(UTILISATION, div(gpu_hours, self.gpus.len() as f64 * now.as_secs_f64() / 3600.0));
        h.set("artist_cost_usd", Some(artist_usd));
        h.set("usd_per_gpu_hour", div(artist_usd, gpu_hours));
        h.set("aws_gpu_hours", Some(aws_hours));
        h.set("aws_on_demand_cost_usd", Some(aws_hours * self.config.aws_price.on_demand));
        h.set("aws_capacity_block_cost_usd", Some(aws_hours * self.config.aws_price.capacity_block));
        h.set("aws_on_demand_usd_per_gpu_hour", Some(self.config.aws_price.on_demand));
        h.set("aws_capacity_block_usd_per_gpu_hour", Some(self.config.aws_price.capacity_block));
        h.set(RENDER_BURNED, Some(s.burned));
        h.set("render_fees", Some(s.fees));
        h.set("render_minted_work", Some(s.minted_work));
        h.set("render_minted_availability", Some(s.minted_availability));
        h.set("render_net_emission", Some(s.minted_work + s.minted_availability - s.burned));
        h.set("operator_revenue_usd", Some(s.operators_usd));
    }
}
