//! What every metric of the `content` protocol means: the series [`Content`] records at each
//! sample and the figures it adds to the headline, declared once (the common series, such as
//! `data_lost_bytes`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run.
//!
//! [`Content`]: crate::Content

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::{GATEWAYS_UP, OBJECTS_DEGRADED, OBJECTS_LOST, OBJECTS_UNAVAILABLE, REPAIR_BYTES, REQUESTS_SERVED};

/// Headline: share of the objects lost for good.
pub const OBJECTS_LOST_SHARE: &str = "objects_lost_share";

const OBJECTS: Unit = Unit::Count("objects");

/// Every metric the `content` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The sampled requests of the ticks since the previous sample: served when the gateway drawn
    // is up (if there are gateways) and a replica of the object drawn is reachable.
    Metric::new(
        AVAILABILITY,
        "share of sampled requests served in the sample window (gateway up, a replica reachable)",
        Unit::Share,
    )
    .window()
    .higher_is_better(),
    Metric::new(REQUESTS_SERVED, "requests served, the sample scaled to the offered rate", Unit::Count("requests"))
        .cumulative()
        .higher_is_better(),
    Metric::new(GATEWAYS_UP, "gateways up", Unit::Count("gateways")).higher_is_better(),
    // Objects now. A lost object has no replica, so it is also unavailable and degraded. Only a
    // destroyed node empties a replica's slot: a replica on a node that is down still fills it
    // (and is moved, not emptied, after `repair_timeout`).
    Metric::new(OBJECTS_UNAVAILABLE, "objects with no replica on a node up, lost ones included", OBJECTS)
        .lower_is_better(),
    Metric::new(
        OBJECTS_DEGRADED,
        "objects with a replica destroyed and not yet re-created, lost ones included",
        OBJECTS,
    )
    .lower_is_better(),
    // Since the start.
    Metric::new(OBJECTS_LOST, "objects lost for good (every replica destroyed)", OBJECTS)
        .cumulative()
        .lower_is_better(),
    Metric::new(REPAIR_BYTES, "bytes copied to re-create replicas", Unit::Bytes).cumulative(),
    // Headline only.
    Metric::new(OBJECTS_LOST_SHARE, "share of the objects lost for good", Unit::Share).end_of_run().lower_is_better(),
];
