//! Work on the GPUs: arrivals, handing frames to idle GPUs (Tier 2 before Tier 3, first come
//! first served within a tier, if the scene fits the GPU's VRAM), and tasks ending, done or lost.

use super::{Job, Render, Task, Timer};
use depinsim_cloud::interruptions as gpu;
use depinsim_core::{Ctx, SimDuration};
use std::collections::VecDeque;

impl Render {
    /// Gives idle GPU `g` its next task, if any job fits it.
    pub(crate) fn fill(&mut self, g: u32, cx: &mut Ctx<'_, Self>) {
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

    pub(crate) fn fill_all(&mut self, cx: &mut Ctx<'_, Self>) {
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
    pub(crate) fn end_task(&mut self, g: u32, lost: bool, cx: &mut Ctx<'_, Self>) {
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

    pub(crate) fn schedule_arrival(&self, class: u16, cx: &mut Ctx<'_, Self>) {
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
