//! Each outage shape: a window, flapping, staged recovery, a share of the targets, degraded,
//! destroyed.

use crate::common::{at, minutes, run_body};

fn network(count: u32) -> String {
    format!(
        r#"
name = "shapes"
duration = "4h"
sample_every = "1m"
[[networks]]
name = "n"
protocol = "cdn"
[networks.params]
anycast_retries = 0
[networks.params.traffic]
sampled_per_tick = 1000
tick = "1m"
[[networks.nodes]]
name = "pops"
role = "pop"
count = {count}
profile = "steady"
sites = ["a"]
"#
    )
}

fn with_outage(count: u32, outage: &str) -> String {
    format!("{}\n[[outages]]\nname = \"o\"\ntarget = \"a\"\n{outage}", network(count))
}

#[test]
fn window_is_down_exactly_between_start_and_end() {
    let (_, out) =
        run_body(&with_outage(5, "kind = \"down\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T01:30:00Z\""));
    for (m, up) in minutes(&out[0], "nodes_up") {
        let expected = if (60..90).contains(&m) { 0.0 } else { 5.0 };
        assert_eq!(up, expected, "minute {m}");
    }
}

#[test]
fn flapping_repeats_its_period_within_the_window() {
    let (_, out) = run_body(&with_outage(
        5,
        "kind = \"down\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:00:00Z\"\nflapping = { period = \"10m\", down = \"4m\" }",
    ));
    for (m, up) in minutes(&out[0], "nodes_up") {
        let down = (60..120).contains(&m) && (m - 60) % 10 < 4;
        assert_eq!(up, if down { 0.0 } else { 5.0 }, "minute {m}");
    }
    // Availability follows: a sample at minute m covers the request tick at m, which sees the
    // state at m, so minutes 0-3 of each cycle are fully down.
    let availability = minutes(&out[0], "availability");
    let fully_down = availability.iter().filter(|(m, a)| (60..120).contains(m) && *a == 0.0).count();
    assert_eq!(fully_down, 6 * 4);
}

#[test]
fn staged_recovery_brings_back_each_share_in_turn() {
    let (_, out) = run_body(&with_outage(
        100,
        r#"kind = "down"
start = "2025-01-01T01:00:00Z"
end = "2025-01-01T03:00:00Z"
recovery = [{ at = "2025-01-01T01:30:00Z", share = 0.25 }, { at = "2025-01-01T02:00:00Z", share = 0.6 }]"#,
    ));
    let up = |m| at(&out[0], "nodes_up", m);
    assert_eq!(up(59), 100.0);
    assert_eq!(up(60), 0.0);
    assert_eq!(up(90), 25.0);
    assert_eq!(up(120), 60.0);
    assert_eq!(up(179), 60.0);
    assert_eq!(up(180), 100.0);
}

#[test]
fn a_share_hits_that_many_of_the_dependents() {
    let (_, out) = run_body(&with_outage(
        200,
        "kind = \"down\"\nshare = 0.3\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:00:00Z\"",
    ));
    assert_eq!(at(&out[0], "nodes_up", 90), 140.0);
    assert_eq!(at(&out[0], "nodes_up", 120), 200.0);
}

#[test]
fn degraded_loses_that_share_of_traffic() {
    let (_, out) = run_body(&with_outage(
        10,
        "kind = \"degraded\"\nloss = 0.4\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T03:00:00Z\"",
    ));
    assert_eq!(at(&out[0], "nodes_up", 90), 0.0, "degraded nodes are not counted as up and healthy");
    assert_eq!(at(&out[0], "nodes_degraded", 90), 10.0, "but as up and degraded");
    assert_eq!(at(&out[0], "nodes_degraded", 200), 0.0, "and healthy again after");
    // The tick at minute 60 already sees the degradation; the one at 180 no longer does.
    let during: Vec<f64> =
        minutes(&out[0], "availability").into_iter().filter(|(m, _)| (60..180).contains(m)).map(|(_, a)| a).collect();
    let mean = during.iter().sum::<f64>() / during.len() as f64;
    // 120 samples of 1000 requests: standard error sqrt(0.24 / 120000) = 0.0014.
    assert!((mean - 0.6).abs() < 0.006, "mean availability {mean}");
    assert!(minutes(&out[0], "availability").iter().filter(|(m, _)| *m < 60 || *m >= 180).all(|(_, a)| *a == 1.0));
}

#[test]
fn destroyed_nodes_never_come_back() {
    let (scenario, out) =
        run_body(&with_outage(10, "kind = \"destroyed\"\nshare = 0.5\nstart = \"2025-01-01T01:00:00Z\""));
    assert_eq!(at(&out[0], "nodes_up", 239), 5.0);
    let duration = scenario.duration.as_millis() as f64;
    let destroyed = out[0].uptime_ms.iter().filter(|u| (**u as f64 / duration - 0.25).abs() < 1e-9).count();
    assert_eq!(destroyed, 5, "five nodes up only the first hour of four");
}

#[test]
fn a_loss_ramp_is_followed_minute_by_minute() {
    // 0% at 01:00 to 80% at 02:00, linear; held at 80% to 02:30. The CDN routes every request to
    // a PoP on the degraded site, so availability is 1 - loss, within the sampling noise.
    let (loaded, out) = run_body(&with_outage(
        5,
        "kind = \"degraded\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:30:00Z\"\nloss_ramp = [{ at = \"2025-01-01T01:00:00Z\", loss = 0.0 }, { at = \"2025-01-01T02:00:00Z\", loss = 0.8 }]",
    ));
    let steps = &loaded.outages[0].loss_steps;
    assert_eq!(steps.len(), 61, "one step a minute over the hour, then the last point");
    for (m, a) in minutes(&out[0], "availability") {
        // The sample at minute m covers the request tick at m, which sees the loss set at m.
        let minute = m as f64;
        let expected = match minute {
            x if !(60.0..150.0).contains(&x) => 1.0,
            x if x < 120.0 => 1.0 - 0.8 * (x - 60.0 + 0.5) / 60.0,
            _ => 0.2,
        };
        assert!((a - expected).abs() < 0.05, "minute {m}: availability {a}, expected {expected:.3}");
    }
    // A ramp and a constant loss together are refused, as is a ramp that goes back in time.
    for bad in [
        "loss = 0.5\nloss_ramp = [{ at = \"2025-01-01T01:00:00Z\", loss = 0.1 }]",
        "loss_ramp = [{ at = \"2025-01-01T01:30:00Z\", loss = 0.1 }, { at = \"2025-01-01T01:10:00Z\", loss = 0.2 }]",
    ] {
        let body = with_outage(
            5,
            &format!("kind = \"degraded\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:30:00Z\"\n{bad}"),
        );
        let e = crate::common::load(&body).unwrap_err();
        assert!(e.position.is_some(), "{e}");
    }
}

#[test]
fn restoration_goes_place_by_place() {
    // Provider p1 (sites a and b) fails at 01:00; site b is restored at 01:20, the rest (a) at
    // the end, 01:40. Six PoPs, two per site; site c's provider never fails.
    let body = network(6).replace("sites = [\"a\"]", "sites = [\"a\", \"b\", \"c\"]")
        + "\n[[outages]]\nname = \"o\"\ntarget = \"p1\"\nkind = \"down\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T01:40:00Z\"\nrecovery = [{ at = \"2025-01-01T01:20:00Z\", back = \"b\" }]\n";
    let (_, out) = run_body(&body);
    for (m, up) in minutes(&out[0], "nodes_up") {
        let expected = match m {
            60..80 => 2.0,
            80..100 => 4.0,
            _ => 6.0,
        };
        assert_eq!(up, expected, "minute {m}");
    }
    // A step names a place or a share, not both; an unknown place gets the nearest name.
    let both = body.replace("back = \"b\" }", "back = \"b\", share = 0.5 }");
    assert!(crate::common::load(&both).unwrap_err().to_string().contains("either a `share` back or the place"));
    let typo = body.replace("back = \"b\" }", "back = \"bb\" }");
    let e = crate::common::load(&typo).unwrap_err().to_string();
    assert!(e.contains("`bb`") && e.contains("did you mean `b`"), "{e}");
}
