//! Replica repair and loss through the whole engine: a destroyed site loses the data whose every
//! replica sat there, and only that; a site that is only dark loses nothing.

use crate::common::{at, run_body};
use depinsim_content::{OBJECTS_DEGRADED, OBJECTS_LOST, OBJECTS_UNAVAILABLE};

fn content(name: &str, replicas: u8, spread: &str, sites: &str) -> String {
    format!(
        r#"
[[networks]]
name = "{name}"
protocol = "content"
[networks.params]
objects = 1000
replicas = {replicas}
spread = "{spread}"
repair_delay = "1h"
repair_timeout = "24h"
[networks.params.traffic]
tick = "10m"
[[networks.nodes]]
name = "storage"
role = "storage"
count = 20
profile = "steady"
sites = [{sites}]
"#
    )
}

fn scenario() -> String {
    format!(
        r#"
name = "replicas"
duration = "4d"
sample_every = "1h"
{}{}{}
# A fourth site, so that a replica lost in a can move to a site its survivor is not on.
[[sites]]
name = "d"
region = "r2"
provider = "p2"
[[outages]]
name = "a burns"
target = "a"
kind = "destroyed"
start = "2025-01-01T06:00:00Z"
[[outages]]
name = "b dark for two days"
target = "b"
kind = "down"
start = "2025-01-01T06:00:00Z"
end = "2025-01-03T06:00:00Z"
"#,
        content("all-in-a", 2, "operators", "\"a\""),
        content("a-c-d", 2, "sites", "\"a\", \"c\", \"d\""),
        content("all-in-b", 2, "operators", "\"b\""),
    )
}

#[test]
fn only_data_entirely_on_destroyed_hardware_is_lost() {
    let (_, out) = run_body(&scenario());
    let (all_in_a, spread, all_in_b) = (&out[0], &out[1], &out[2]);
    // Every replica in the burnt site: everything lost, at once.
    assert_eq!(at(all_in_a, OBJECTS_LOST, 5 * 60), 0.0);
    assert_eq!(at(all_in_a, OBJECTS_LOST, 6 * 60), 1000.0);
    // Two replicas on distinct sites of three: nothing lost, nothing unavailable; the replicas
    // burnt in a (about two thirds of the objects had one there) are re-created after the delay.
    assert_eq!(spread.series.last(OBJECTS_LOST), Some(0.0));
    let degraded = at(spread, OBJECTS_DEGRADED, 6 * 60);
    assert!(degraded > 500.0 && degraded < 800.0, "{degraded}");
    assert_eq!(at(spread, OBJECTS_DEGRADED, 7 * 60), 0.0);
    assert_eq!(at(spread, OBJECTS_UNAVAILABLE, 6 * 60), 0.0);
    // Dark but intact: unavailable for two days, then back, nothing lost.
    assert_eq!(all_in_b.series.last(OBJECTS_LOST), Some(0.0));
    assert_eq!(at(all_in_b, OBJECTS_UNAVAILABLE, 30 * 60), 1000.0);
    assert_eq!(at(all_in_b, OBJECTS_UNAVAILABLE, 54 * 60), 0.0);
    assert_eq!(at(all_in_b, "availability", 30 * 60), 0.0);
    assert_eq!(at(all_in_b, "availability", 60 * 60), 1.0);
}
