//! What every metric of the `uptime` protocol means, declared once beside the code that records
//! it (the common series, such as `nodes_up` and `rewards_usd`, are declared in
//! [`depinsim_core::catalogue::SERIES`]). Every output reads these declarations; a metric that
//! [`Uptime`](crate::Uptime) records without one here fails the crate's tests.

use crate::EPOCHS_PAID;
use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

/// Every metric the `uptime` protocol records at a sample or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The service is the nodes themselves: the share of them up at the sample instant.
    Metric::new(AVAILABILITY, "share of nodes up", Unit::Share).higher_is_better(),
    // Counted at each epoch's end, whether or not a node was up to share its pool.
    Metric::new(EPOCHS_PAID, "reward epochs ended", Unit::Count("epochs")).cumulative(),
];
