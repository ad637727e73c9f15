//! What an Aleph.im network reports: the names of its metrics, and the figures tests and
//! studies read from it directly.

use super::Aleph;
use depinsim_core::time::HOUR;

/// Metric: VMs running.
pub const VMS_RUNNING: &str = "vms_running";
/// Metric: VMs that fit on no CRN and wait for capacity.
pub const VMS_WAITING: &str = "vms_waiting_for_capacity";
/// Metric: VM downtime since the start, hours.
pub const VM_DOWNTIME_H: &str = "vm_downtime_hours";
/// Metric: VMs moved to another CRN since the start.
pub const RESCHEDULES: &str = "vm_reschedules";
/// Metric: VMs whose move found no CRN with room (each counted once per failure of its host;
/// they then wait and are retried every `retry_every`).
pub const RESCHEDULES_FAILED: &str = "vm_reschedules_failed";
/// Metric: active CCNs.
pub const CCNS_ACTIVE: &str = "ccns_active";
/// Metric: CRNs paid at the last distribution.
pub const CRNS_PAID: &str = "crns_paid";
/// Metric: mean CRN score at the last scoring.
pub const CRN_SCORE_MEAN: &str = "crn_score_mean";
/// Metric: share of stored content reachable through some CCN.
pub const CONTENT_REACHABLE: &str = "content_reachable";
/// Metric: share of blacklisted content reachable (through CCNs that do not blacklist it).
pub const BLACKLISTED_REACHABLE: &str = "blacklisted_content_reachable";
/// Metric: what users paid for VMs since the start, USD.
pub const USER_COST_USD: &str = "vm_user_cost_usd";
/// Metric: what the same VM-hours would have cost on AWS, USD.
pub const AWS_COST_USD: &str = "vm_aws_cost_usd";
/// Metric: ALEPH paid to CCN and CRN operators since the start.
pub const REWARDS_ALEPH: &str = "operator_rewards_aleph";
/// Metric: ALEPH paid to stakers since the start.
pub const STAKER_REWARDS_ALEPH: &str = "staker_rewards_aleph";
/// Headline: user cost over the AWS cost of the same VM-hours.
pub const COST_VS_AWS: &str = "vm_cost_vs_aws";
/// Headline: ALEPH paid to CCN operators.
pub const CCN_REWARDS_ALEPH: &str = "ccn_rewards_aleph";
/// Headline: ALEPH paid to CRN operators.
pub const CRN_REWARDS_ALEPH: &str = "crn_rewards_aleph";
/// Headline: ALEPH paid to the development fund.
pub const DEV_FUND_ALEPH: &str = "dev_fund_aleph";
/// Headline: ALEPH with no eligible receiver.
pub const UNALLOCATED_ALEPH: &str = "unallocated_aleph";
/// Headline: CRNs linked to a CCN.
pub const CRNS_LINKED: &str = "crns_linked";
/// Headline: share of stored content reachable, mean over the samples.
pub const CONTENT_REACHABLE_MEAN: &str = "content_reachable_mean";
/// Headline: share of stored content reachable, worst sample.
pub const CONTENT_REACHABLE_MIN: &str = "content_reachable_min";
/// Headline: share of blacklisted content reachable, mean over the samples.
pub const BLACKLISTED_REACHABLE_MEAN: &str = "blacklisted_content_reachable_mean";
/// Headline: share of blacklisted content reachable, worst sample.
pub const BLACKLISTED_REACHABLE_MIN: &str = "blacklisted_content_reachable_min";
/// Headline: 1 when every copy of the content was destroyed, else 0 (replication is full, so
/// the content is lost all at once or not at all).
pub const CONTENT_LOST: &str = "content_lost";

impl Aleph {
    /// VM hours of downtime so far (up to the last event).
    pub fn vm_downtime_hours(&self) -> f64 {
        self.vm_down_ms / HOUR as f64
    }

    /// Moves so far: (succeeded, failed for lack of room).
    pub fn reschedules(&self) -> (u64, u64) {
        (self.reschedules, self.failed)
    }

    /// VMs waiting for capacity.
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }

    /// What users paid and what AWS would have charged, USD.
    pub fn costs(&self) -> (f64, f64) {
        (self.user_cost, self.aws_cost)
    }
}
