//! What each metric of an Aleph.im network means: every series `observe` records and every
//! figure `headline` sets, declared once (names in [`crate::network::metrics`]). A name recorded
//! both as a series and in the headline has one declaration, the series': the headline figure is
//! its value at the end of the run.

use crate::network::metrics::*;
use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

/// The declarations of the `aleph` protocol's metrics.
pub const METRICS: &[Metric] = &[
    // Series (also in the headline where noted).
    //
    // VM-time running over VM-time in the sample window; with no VMs, the share of content
    // reachable at the sample instant (and, for the very first sample of an empty window, the
    // share of VMs running then).
    Metric::new(AVAILABILITY, "share of VM-hours with the VM running (of content reachable, without VMs)", Unit::Share)
        .window()
        .higher_is_better(),
    Metric::new(VMS_RUNNING, "VMs running", Unit::Count("VMs")).higher_is_better(),
    // Also in the headline: waiting at the end of the run.
    Metric::new(VMS_WAITING, "VMs waiting for a CRN with room", Unit::Count("VMs")).lower_is_better(),
    // Summed over VMs: hours each VM was stopped (host down, or waiting for room).
    Metric::new(VM_DOWNTIME_H, "VM downtime", Unit::Quantity("VM-hours")).cumulative().lower_is_better(),
    // Moves off a failed CRN and waiting VMs placed at a retry.
    Metric::new(RESCHEDULES, "VMs moved to another CRN", Unit::Count("VM moves")).cumulative(),
    // Once per VM per failure of its host.
    Metric::new(RESCHEDULES_FAILED, "VM moves that found no CRN with room", Unit::Count("VM moves"))
        .cumulative()
        .lower_is_better(),
    // Status from the fixed stakes (enough staked on it), not from being up.
    Metric::new(CCNS_ACTIVE, "CCNs active by stake", Unit::Count("CCNs")),
    Metric::new(CRNS_PAID, "CRNs paid at the last distribution", Unit::Count("CRNs")),
    // Scores are 0..1 (sqrt of performance x version), 1 before the first scoring.
    Metric::new(CRN_SCORE_MEAN, "CRN score, mean at the last scoring", Unit::Ratio).higher_is_better(),
    Metric::new(CONTENT_REACHABLE, "share of stored content reachable through some CCN", Unit::Share)
        .higher_is_better(),
    Metric::new(BLACKLISTED_REACHABLE, "share of blacklisted content reachable", Unit::Share).higher_is_better(),
    // Accrued while VMs run; depends on how many run, so neither way is better.
    Metric::new(USER_COST_USD, "what users paid for their VMs", Unit::Usd).cumulative(),
    Metric::new(AWS_COST_USD, "what the same VM-hours would cost on AWS", Unit::Usd).cumulative(),
    Metric::new(REWARDS_ALEPH, "ALEPH paid to CCN and CRN operators", Unit::Token("ALEPH")).cumulative(),
    Metric::new(STAKER_REWARDS_ALEPH, "ALEPH paid to stakers", Unit::Token("ALEPH")).cumulative(),
    // Headline only.
    Metric::new(COST_VS_AWS, "users' VM cost over the AWS cost of the same VM-hours", Unit::Ratio)
        .end_of_run()
        .lower_is_better(),
    Metric::new(CCN_REWARDS_ALEPH, "ALEPH paid to CCN operators", Unit::Token("ALEPH")).end_of_run(),
    Metric::new(CRN_REWARDS_ALEPH, "ALEPH paid to CRN operators", Unit::Token("ALEPH")).end_of_run(),
    Metric::new(DEV_FUND_ALEPH, "ALEPH paid to the development fund", Unit::Token("ALEPH")).end_of_run(),
    Metric::new(UNALLOCATED_ALEPH, "ALEPH with no eligible receiver", Unit::Token("ALEPH")).end_of_run(),
    Metric::new(CRNS_LINKED, "CRNs linked to a CCN", Unit::Count("CRNs")).end_of_run(),
    Metric::new(CONTENT_REACHABLE_MEAN, "stored content reachable, mean over the samples", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(CONTENT_REACHABLE_MIN, "stored content reachable, worst sample", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(BLACKLISTED_REACHABLE_MEAN, "blacklisted content reachable, mean over the samples", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(BLACKLISTED_REACHABLE_MIN, "blacklisted content reachable, worst sample", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    // Full replication: all of the content is lost (1) or none of it (0).
    Metric::new(CONTENT_LOST, "stored content lost for good (all or none)", Unit::Share).end_of_run().lower_is_better(),
];
