//! An outage on any vertex reaches exactly the nodes that depend on it, directly or not.

use crate::common::{at, run_body};

/// Ten pop nodes at each of sites a, b, c, and ten at c that also need service svc (on site a).
const NETWORK: &str = r#"
name = "propagation"
duration = "6h"
sample_every = "10m"
[[networks]]
name = "n"
protocol = "cdn"
[[networks.nodes]]
name = "at-a"
role = "pop"
count = 10
profile = "steady"
sites = ["a"]
[[networks.nodes]]
name = "at-b"
role = "pop"
count = 10
profile = "steady"
sites = ["b"]
[[networks.nodes]]
name = "at-c"
role = "pop"
count = 10
profile = "steady"
sites = ["c"]
[[networks.nodes]]
name = "at-c-using-svc"
role = "pop"
count = 10
profile = "steady"
sites = ["c"]
depends_on = ["svc"]
"#;

fn outage(target: &str) -> String {
    format!(
        "{NETWORK}\n[[outages]]\nname = \"x\"\ntarget = \"{target}\"\nkind = \"down\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:00:00Z\"\n"
    )
}

#[test]
fn each_vertex_takes_down_its_dependents_and_no_one_else() {
    // target -> nodes still up during the outage (of 40)
    let cases = [
        ("r1", 20), // a's power: at-a, and at-c-using-svc through svc -> a -> r1
        ("r2", 10), // b and c: at-b, at-c, at-c-using-svc
        ("p1", 10), // a and b, and svc through a
        ("p2", 20), // c only
        ("a", 20),  // at-a and svc users
        ("svc", 30),
        ("c", 20),
    ];
    for (target, up) in cases {
        let (_, out) = run_body(&outage(target));
        assert_eq!(at(&out[0], "nodes_up", 50), 40.0, "{target}: all up before");
        assert_eq!(at(&out[0], "nodes_up", 60), up as f64, "{target}: during");
        assert_eq!(at(&out[0], "nodes_up", 110), up as f64, "{target}: still during");
        assert_eq!(at(&out[0], "nodes_up", 120), 40.0, "{target}: all back at the end");
    }
}

#[test]
fn overlapping_outages_on_a_path_end_only_when_both_do() {
    let body = format!(
        "{NETWORK}
[[outages]]
name = \"region\"
target = \"r1\"
kind = \"down\"
start = \"2025-01-01T01:00:00Z\"
end = \"2025-01-01T03:00:00Z\"
[[outages]]
name = \"service\"
target = \"svc\"
kind = \"down\"
start = \"2025-01-01T02:00:00Z\"
end = \"2025-01-01T04:00:00Z\"
"
    );
    let (_, out) = run_body(&body);
    let up = |m| at(&out[0], "nodes_up", m);
    assert_eq!(up(90), 20.0); // r1: at-a and svc users
    assert_eq!(up(150), 20.0); // both
    assert_eq!(up(190), 30.0); // r1 back; svc users still down through svc
    assert_eq!(up(240), 40.0);
}
