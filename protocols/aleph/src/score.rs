//! Node scores from what the simulation measures, as aleph-im/aleph-scoring computes them
//! (aleph_scoring/scoring/__init__.py and scoring/sql/query_{crn,ccn}_measurements.template.sql,
//! commit 2444ce5, 2023; the repository has not changed since, so this may lag the live
//! oracle), and the score multiplier of aleph-nodestatus (distribution.py
//! `compute_score_multiplier`).
//!
//! Measurements are probes over a one-day period (`SCORE_METRICS_PERIOD`, config.py). A probe
//! of a node that is down is missing and counts as a 100 s latency (`COALESCE(..., 100.)`), so a
//! percentile lands on a missing probe as soon as the node was down for more than the share of
//! probes above it: the 95th percentile of a CRN once it was down more than 5% of the day. Each
//! latency score is `max(0, 1 - percentile / divisor)`.

use serde::Deserialize;

/// The score multiplier: 0 below 0.2, 1 from 0.8, linear in between
/// (`compute_score_multiplier`, aleph-nodestatus distribution.py).
pub fn score_multiplier(score: f64) -> f64 {
    if score < 0.2 {
        0.0
    } else if score >= 0.8 {
        1.0
    } else {
        (score - 0.2) / 0.6
    }
}

/// The software a node runs, as `annotate_version` classes it.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// The latest release (or a prerelease).
    #[default]
    Latest,
    /// An older release still within the grace period (2 weeks, `VERSION_GRACE_PERIOD`).
    Outdated,
    /// Older than that: counts against the node.
    Obsolete,
}

/// What the probes saw of one node over the period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// Share of the period the node was down (its probes missing).
    pub down_share: f64,
    /// Base latency (ping of the node's API), 25th percentile of the probes answered, s.
    pub latency_p25_s: f64,
    /// Base latency, upper percentile (95th for CRNs, 80th for CCNs), s.
    pub latency_high_s: f64,
    /// Extra time of the heavier checks over the base latency (a diagnostic VM or a full check
    /// for a CRN, a metrics or aggregate query for a CCN), s. Assumption: a stand-in for their
    /// separate measurements.
    pub check_overhead_s: f64,
    /// Its software.
    pub version: Version,
}

/// One latency score: `max(0, 1 - latency / divisor)`, or 0 when the percentile `q` falls on
/// the missing probes (down share above 1 - q).
fn latency_score(q: f64, latency_s: f64, divisor: f64, down_share: f64) -> f64 {
    if down_share > 1.0 - q { 0.0 } else { (1.0 - latency_s / divisor).max(0.0) }
}

/// Version score: the share of probes that saw an acceptable version (latest, outdated or
/// prerelease) among all probes, and 0 when missing probes exceed a fifth of the others.
pub fn version_score(m: &Measured) -> f64 {
    let d = m.down_share;
    if d > (1.0 - d) / 5.0 || m.version == Version::Obsolete { 0.0 } else { 1.0 - d }
}

/// A CRN's performance: the geometric mean of base latency p25 (/2 s) and p95 (/2 s),
/// diagnostic-VM latency p25 (/2.5 s) and full-check latency p25 (/4 s).
pub fn crn_performance(m: &Measured) -> f64 {
    let d = m.down_share;
    let heavy = m.latency_p25_s + m.check_overhead_s;
    (latency_score(0.25, m.latency_p25_s, 2.0, d)
        * latency_score(0.95, m.latency_high_s, 2.0, d)
        * latency_score(0.25, heavy, 2.5, d)
        * latency_score(0.25, heavy, 4.0, d))
    .powf(0.25)
}

/// A CCN's performance: the geometric mean of base latency p25 (/2 s) and p80 (/4 s), metrics
/// latency p25 (/2.5 s) and p80 (/5 s), aggregate latency p25 (/4 s) and p80 (/8 s).
pub fn ccn_performance(m: &Measured) -> f64 {
    let d = m.down_share;
    let (low, high) = (m.latency_p25_s + m.check_overhead_s, m.latency_high_s + m.check_overhead_s);
    (latency_score(0.25, m.latency_p25_s, 2.0, d)
        * latency_score(0.80, m.latency_high_s, 4.0, d)
        * latency_score(0.25, low, 2.5, d)
        * latency_score(0.80, high, 5.0, d)
        * latency_score(0.25, low, 4.0, d)
        * latency_score(0.80, high, 8.0, d))
    .powf(1.0 / 6.0)
}

/// The total score: sqrt(performance x version).
pub fn total_score(performance: f64, version: f64) -> f64 {
    (performance * version).sqrt()
}

/// A CRN's decentralization: (1 - share of CRNs in its autonomous system)^2, the node itself
/// included in the count (`COUNT(*) OVER (PARTITION BY asn)`).
pub fn decentralization(same_asn: usize, total: usize) -> f64 {
    if total == 0 { 0.0 } else { (1.0 - same_asn as f64 / total as f64).powi(2) }
}
