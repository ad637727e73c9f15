//! VMs started, stopped and moved between CRNs, and what they cost and earn while they run:
//! rates change at those events only, and [`Aleph::accrue`] integrates them over time.

use super::{Aleph, Timer};
use crate::pricing::{self, Payment};
use crate::vms::Vm;
use depinsim_core::time::HOUR;
use depinsim_core::{Ctx, SimTime};
use rand::Rng;

impl Aleph {
    fn vm_rates(&self, vm: &Vm) -> (f64, f64, f64, f64) {
        let c = &self.cfg;
        let user = pricing::usd_per_hour(vm.kind, vm.cu, vm.payment, c.aleph_usd, c.hold_capital_per_year);
        let aws = c.aws.usd_per_hour(vm.kind, vm.cu, vm.gpu);
        let (_, payg, _) = pricing::per_cu(vm.kind);
        let exec = if vm.payment == Payment::Credit && c.aleph_usd > 0.0 { user / c.aleph_usd } else { 0.0 };
        let stream = if vm.payment == Payment::Payg { payg * vm.cu as f64 } else { 0.0 };
        (user, aws, exec, stream)
    }

    /// Adds or removes `vm`'s rates, as it starts (`sign` 1) or stops (-1) running on `host`.
    fn rates(&mut self, vm: u32, host: u32, sign: f64) {
        let (user, aws, exec, stream) = self.vm_rates(&self.sched.vms[vm as usize]);
        self.user_rate += sign * user;
        self.aws_rate += sign * aws;
        self.exec_rate[host as usize] += sign * exec;
        self.payg_rate[host as usize] += sign * stream;
    }

    /// Integrates downtime, costs and revenues up to `now`.
    pub(crate) fn accrue(&mut self, now: SimTime) {
        let ms = now.since(self.last_accrue).as_millis() as f64;
        if ms == 0.0 {
            return;
        }
        self.last_accrue = now;
        let h = ms / HOUR as f64;
        self.vm_down_ms += self.vms_down as f64 * ms;
        self.user_cost += self.user_rate * h;
        self.aws_cost += self.aws_rate * h;
        for i in 0..self.crns.len() {
            self.exec_aleph[i] += self.exec_rate[i] * h;
            self.payg_aleph[i] += self.payg_rate[i] * h;
        }
    }

    pub(crate) fn start_vm(&mut self, vm: u32) {
        let host = self.sched.vms[vm as usize].host;
        self.sched.vms[vm as usize].running = true;
        self.rates(vm, host, 1.0);
    }

    pub(crate) fn stop_vm(&mut self, vm: u32) {
        let host = self.sched.vms[vm as usize].host;
        self.sched.vms[vm as usize].running = false;
        self.rates(vm, host, -1.0);
    }

    /// Tries to place `vm` (not running, no host) on a CRN that is up; returns whether it did.
    pub(crate) fn try_place(&mut self, vm: u32, cx: &mut Ctx<'_, Self>) -> bool {
        if self.crns.is_empty() {
            return false;
        }
        let start = cx.rng().random_range(0..self.crns.len());
        let crns = &self.crns;
        let live = cx.live();
        match self.sched.place(vm, start, |h| live.is_up(crns[h as usize])) {
            Some(_) => {
                self.sched.vms[vm as usize].running = false;
                self.start_vm(vm);
                self.vms_down -= 1;
                true
            }
            None => false,
        }
    }

    pub(crate) fn reschedule(&mut self, crn: u32, cx: &mut Ctx<'_, Self>) {
        for vm in self.sched.on_host[crn as usize].clone() {
            self.sched.release(vm);
            if self.try_place(vm, cx) {
                self.reschedules += 1;
            } else {
                self.failed += 1;
                self.pending.push(vm);
            }
        }
        self.arm_retry(cx);
    }

    pub(crate) fn arm_retry(&mut self, cx: &mut Ctx<'_, Self>) {
        if !self.pending.is_empty() && !self.retry_armed {
            self.retry_armed = true;
            cx.set_timer(self.cfg.retry_every, Timer::Retry);
        }
    }
}
