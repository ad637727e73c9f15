//! What every metric of the `cdn` protocol means: the series [`Cdn`] records at each sample and
//! the figures it adds to the headline, declared once (the common series, such as `nodes_up`,
//! are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run.
//!
//! [`Cdn`]: crate::Cdn

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::{POPS_UP, REQUESTS_SERVED};

/// Every metric the `cdn` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The sampled requests of the ticks since the previous sample, served or not.
    Metric::new(AVAILABILITY, "share of sampled requests served in the sample window", Unit::Share)
        .window()
        .higher_is_better(),
    Metric::new(POPS_UP, "points of presence up", Unit::Count("PoPs")).higher_is_better(),
    // The sample scaled to the offered rate (`traffic.requests_per_second`).
    Metric::new(REQUESTS_SERVED, "requests served, the sample scaled to the offered rate", Unit::Count("requests"))
        .cumulative()
        .higher_is_better(),
];
