//! A share of traffic, not of nodes: `share_of = "traffic"` hits the dependents, in the same
//! random order as a share of nodes, until their `traffic_weight`s come nearest the share of
//! their total; the CDN routes requests by the same weights, so the requests that fail are that
//! share; its recovery steps count traffic too.

use crate::common::{load, minutes, root, run_body, test_profiles};
use depinsim::engine::WorldGraph;
use depinsim::engine::faults::timeline::{Action, Timeline};
use depinsim::engine::world::Layout;
use depinsim::engine::world::layout::group_depends_on;
use depinsim::scenario::{InputError, LoadOptions};
use depinsim_core::VertexId;
use depinsim_core::rng::{NETWORK_STREAM, Purpose, Streams, derive_key};

/// A CDN of 19 PoPs at traffic weight 24 beside 456 at weight 1, all on site `a` (the heavy
/// ones carry half the traffic: 19 x 24 = 456, as Cloudflare's 19 MCP locations did on
/// 21 Jun 2022), and the outages `outages`.
fn weighted_cdn(seed: u64, outages: &str) -> String {
    format!(
        r#"
name = "traffic-share"
duration = "4h"
sample_every = "1m"
seed = {seed}
[[networks]]
name = "cdn"
protocol = "cdn"
[networks.params]
anycast_retries = 0
[networks.params.traffic]
sampled_per_tick = 1000
tick = "1m"
[[networks.nodes]]
name = "mcp"
role = "pop"
count = 19
profile = "steady"
sites = ["a"]
traffic_weight = 24.0
[[networks.nodes]]
name = "edge"
role = "pop"
count = 456
profile = "steady"
sites = ["a"]
{outages}
"#
    )
}

const TOTAL_WEIGHT: f64 = 19.0 * 24.0 + 456.0;

fn half_outage(share_of: &str) -> String {
    format!(
        r#"[[outages]]
name = "half"
target = "a"
kind = "down"
share = 0.5
share_of = "{share_of}"
start = "2025-01-01T01:00:00Z"
end = "2025-01-01T02:00:00Z"
"#
    )
}

/// The nodes an outage's timeline hits, compiled as the engine compiles it for `seed`.
fn hit(seed: u64, share_of: &str) -> Vec<u32> {
    let loaded = load(&weighted_cdn(seed, &half_outage(share_of))).unwrap_or_else(|e| panic!("{e}"));
    let graph = WorldGraph::new(&loaded.vertices);
    let layout = Layout::new(&loaded, &graph, &loaded.networks[0]);
    let mut faults = Streams::new(derive_key(seed, "cdn", Purpose::Faults), layout.table.len());
    let timeline = Timeline::compile(&loaded.outages, &layout, loaded.end(), faults.get(NETWORK_STREAM));
    let batch = timeline.actions.iter().find_map(|(_, _, a)| match a {
        Action::NodesDown(b) => Some(*b),
        _ => None,
    });
    timeline.batches[batch.expect("a partial outage acts on a batch") as usize].iter().map(|n| n.0).collect()
}

/// The share of the total traffic weight on `nodes` (the 19 heavy PoPs are nodes 0 to 18).
fn traffic(nodes: &[u32]) -> f64 {
    nodes.iter().map(|n| if *n < 19 { 24.0 } else { 1.0 }).sum::<f64>() / TOTAL_WEIGHT
}

#[test]
fn half_of_the_traffic_is_hit_within_one_pops_weight_whichever_nodes_are_drawn() {
    let one_pop = 24.0 / TOTAL_WEIGHT;
    let (mut counts, mut node_share_misses) = (Vec::new(), 0);
    for seed in 1..=20 {
        let by_traffic = hit(seed, "traffic");
        let share = traffic(&by_traffic);
        assert!((share - 0.5).abs() <= one_pop, "seed {seed}: {share} of the traffic hit");
        counts.push(by_traffic.len());
        // A share of nodes hits round(0.5 x 475) nodes, whatever traffic they carry.
        let by_nodes = hit(seed, "nodes");
        assert_eq!(by_nodes.len(), 238);
        node_share_misses += usize::from((traffic(&by_nodes) - 0.5).abs() > one_pop);
    }
    // The count hit by traffic follows the weights drawn: not the nodes' share.
    assert!(counts.iter().any(|c| *c != 238), "{counts:?}");
    assert!(counts.iter().min() != counts.iter().max(), "{counts:?}");
    // And a share of nodes misses half the traffic by more than one heavy PoP on some draws
    // (each heavy PoP more or fewer moves it by 23/912).
    assert!(node_share_misses > 0, "a share of nodes always hit half the traffic");
}

#[test]
fn requests_failed_are_the_share_of_traffic_blackholed() {
    // A blackhole (degraded, every request lost) of 30% of the traffic: the CDN fails the
    // requests routed there, 30% within one heavy PoP (24/912 = 2.6%) and the sampling noise.
    let outage = r#"[[outages]]
name = "blackhole"
target = "a"
kind = "degraded"
loss = 1.0
share = 0.3
share_of = "traffic"
start = "2025-01-01T01:00:00Z"
end = "2025-01-01T03:00:00Z"
"#;
    let (_, out) = run_body(&weighted_cdn(7, outage));
    let during: Vec<f64> =
        minutes(&out[0], "availability").into_iter().filter(|(m, _)| (60..180).contains(m)).map(|(_, a)| a).collect();
    let failed = 1.0 - during.iter().sum::<f64>() / during.len() as f64;
    // 120 samples of 1000 requests: standard error sqrt(0.21 / 120000) = 0.0013.
    assert!((failed - 0.3).abs() < 24.0 / TOTAL_WEIGHT + 0.006, "{failed} of the requests failed");
    assert!(minutes(&out[0], "nodes_degraded").into_iter().any(|(m, d)| m == 90 && d > 0.0));
    assert!(minutes(&out[0], "availability").iter().filter(|(m, _)| *m < 60 || *m >= 180).all(|(_, a)| *a == 1.0));
}

#[test]
fn recovery_steps_bring_back_shares_of_the_traffic() {
    // All 475 PoPs down, then 50% of the traffic back at 01:30: within one heavy PoP of half the
    // weight, the rest at the end; the CDN serves what is up (no retries).
    let outage = r#"[[outages]]
name = "staged"
target = "a"
kind = "down"
share_of = "traffic"
start = "2025-01-01T01:00:00Z"
end = "2025-01-01T03:00:00Z"
recovery = [{ at = "2025-01-01T01:30:00Z", share = 0.5 }]
"#;
    let (_, out) = run_body(&weighted_cdn(3, outage));
    let served = |from: u64, to: u64| {
        let a: Vec<f64> = minutes(&out[0], "availability")
            .into_iter()
            .filter(|(m, _)| (from..to).contains(m))
            .map(|(_, a)| a)
            .collect();
        a.iter().sum::<f64>() / a.len() as f64
    };
    assert_eq!(served(60, 90), 0.0);
    let half = served(90, 180);
    assert!((half - 0.5).abs() < 24.0 / TOTAL_WEIGHT + 0.008, "{half} served with half the traffic back");
    assert_eq!(served(180, 240), 1.0);
}

#[test]
fn the_loader_knows_which_groups_depend_on_a_vertex_as_the_layout_places_them() {
    // Groups that use only some of their places: 1 node over sites b and c (only b), homes over
    // two regions and providers (2 nodes use one provider, 3 both), a `depends_share` that
    // picks no node of 4 and one of 5.
    let body = r#"
name = "placement"
duration = "1h"
sample_every = "1m"
[[networks]]
name = "n"
protocol = "cdn"
[[networks.nodes]]
name = "one-of-two-sites"
role = "pop"
count = 1
profile = "steady"
sites = ["b", "c"]
[[networks.nodes]]
name = "two-homes"
role = "pop"
count = 2
profile = "steady"
homes = { regions = ["r1", "r2"], isps = ["p1", "p2"] }
[[networks.nodes]]
name = "three-homes"
role = "pop"
count = 3
profile = "steady"
homes = { regions = ["r1", "r2"], isps = ["p2", "p1"] }
[[networks.nodes]]
name = "none-on-svc"
role = "pop"
count = 4
profile = "steady"
sites = ["c"]
depends_on = ["svc"]
depends_share = 0.2
[[networks.nodes]]
name = "one-on-svc"
role = "pop"
count = 5
profile = "steady"
sites = ["c"]
depends_on = ["svc"]
depends_share = 0.2
[[networks.nodes]]
name = "empty"
role = "pop"
count = 0
profile = "steady"
sites = ["a"]
"#;
    let loaded = load(body).unwrap_or_else(|e| panic!("{e}"));
    let graph = WorldGraph::new(&loaded.vertices);
    let net = &loaded.networks[0];
    let layout = Layout::new(&loaded, &graph, net);
    let mut disagreements = Vec::new();
    let mut depending = 0;
    for v in 0..loaded.vertices.len() as u32 {
        let dependents = layout.dependents(VertexId(v));
        for (g, group) in net.groups.iter().enumerate() {
            let placed = dependents.iter().any(|n| layout.table.info(*n).group as usize == g);
            depending += usize::from(placed);
            if placed != group_depends_on(group, &graph, VertexId(v)) {
                disagreements.push((loaded.vertices[v as usize].name.clone(), group.name.clone(), placed));
            }
        }
    }
    assert!(disagreements.is_empty(), "(vertex, group, placed): {disagreements:?}");
    assert!(depending > 10, "the world reaches the groups: {depending}");
}

/// The error loading `body`, after checking it points at the line holding `written`.
fn refused_at(body: &str, written: &str) -> InputError {
    let e = load(body).err().unwrap_or_else(|| panic!("accepted:\n{body}"));
    assert_eq!(e.origin, "test.toml", "{e}");
    assert!(e.position.is_some(), "{e}");
    assert!(e.line_text.as_deref().is_some_and(|l| l.contains(written)), "not at `{written}`:\n{e}");
    e
}

#[test]
fn an_unknown_share_of_is_refused_at_its_value_with_the_allowed_ones() {
    let body = weighted_cdn(1, &half_outage("requests"));
    let e = refused_at(&body, "share_of = \"requests\"");
    let text = e.to_string();
    assert!(text.contains("`requests`") && text.contains("`nodes`") && text.contains("`traffic`"), "{text}");
}

#[test]
fn a_share_of_traffic_where_every_dependent_draws_none_is_refused() {
    // The PoPs on site `b` all have weight 0; those on `c` draw the traffic.
    let body = r#"
name = "zero"
duration = "4h"
sample_every = "1m"
[[networks]]
name = "cdn"
protocol = "cdn"
[[networks.nodes]]
name = "standby"
role = "pop"
count = 10
profile = "steady"
sites = ["b"]
traffic_weight = 0.0
[[networks.nodes]]
name = "edge"
role = "pop"
count = 10
profile = "steady"
sites = ["c"]
[[outages]]
name = "standby down"
target = "b"
kind = "down"
share = 0.5
share_of = "traffic"
start = "2025-01-01T01:00:00Z"
"#;
    let e = refused_at(body, "share_of = \"traffic\"");
    assert!(e.message.contains("network `cdn`") && e.message.contains("`traffic_weight` 0"), "{e}");
    assert!(e.help.as_deref().is_some_and(|h| h.contains("`standby`") && h.contains("share_of = \"nodes\"")), "{e}");
    // The same outage by nodes is fine, and so is a share of traffic on the region both sites
    // are in, whose dependents draw some.
    assert!(load(&body.replace("share_of = \"traffic\"", "share_of = \"nodes\"")).is_ok());
    assert!(load(&body.replace("target = \"b\"", "target = \"r2\"")).is_ok());
}

#[test]
fn a_negative_traffic_weight_and_the_former_cdn_parameter_are_refused_where_written() {
    let body = weighted_cdn(1, "");
    let e = refused_at(&body.replace("traffic_weight = 24.0", "traffic_weight = -24.0"), "traffic_weight = -24.0");
    assert!(e.message.contains("`traffic_weight` is -24; it must be 0 or more"), "{e}");
    // The weights were a CDN parameter: refused there, with where each goes now.
    let old = body
        .replace("traffic_weight = 24.0\n", "")
        .replace("anycast_retries = 0\n", "anycast_retries = 0\ntraffic_weights = { mcp = 24.0 }\n");
    let e = refused_at(&old, "traffic_weights = { mcp = 24.0 }");
    assert!(e.message.contains("no longer a cdn parameter"), "{e}");
    assert!(e.help.as_deref().is_some_and(|h| h.contains("`traffic_weight = 24` in group `mcp`")), "{e}");
}

#[test]
fn an_outage_file_may_count_traffic_and_its_mistakes_point_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("outages")).unwrap();
    let event = |share_of: &str| {
        format!(
            "name = \"half\"\nsources = [\"a test\"]\n\n[[outages]]\nname = \"half\"\ntarget = \"a\"\nkind = \"down\"\nshare = 0.5\nshare_of = \"{share_of}\"\nstart = \"2025-01-01T01:00:00Z\"\nend = \"2025-01-01T02:00:00Z\"\n"
        )
    };
    let scenario = format!(
        "start = \"2025-01-01T00:00:00Z\"\n{}\n[[events]]\nname = \"half\"\n{}",
        weighted_cdn(1, ""),
        crate::common::WORLD
    );
    let path = tmp.path().join("study.toml");
    std::fs::write(&path, &scenario).unwrap();
    let options = LoadOptions { profiles_dir: Some(test_profiles()), ..Default::default() };
    std::fs::write(tmp.path().join("outages/half.toml"), event("traffic")).unwrap();
    let loaded = depinsim::scenario::load(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.outages[0].share_of, depinsim::engine::model::ShareOf::Traffic);
    // A study's impact may count the event's share otherwise.
    let with_impact = scenario.replace(
        "[[events]]\nname = \"half\"\n",
        "[[events]]\nname = \"half\"\n[events.impact]\na = { share = 0.3, share_of = \"nodes\" }\n",
    );
    std::fs::write(&path, &with_impact).unwrap();
    let loaded = depinsim::scenario::load(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    let o = &loaded.outages[0];
    assert_eq!((o.share, o.share_of), (0.3, depinsim::engine::model::ShareOf::Nodes));
    std::fs::write(&path, &scenario).unwrap();
    // A typo: at its line in the outage file, exit code 2 from `validate`, no panic.
    let file = tmp.path().join("outages/half.toml");
    std::fs::write(&file, event("trafic")).unwrap();
    let Err(e) = depinsim::scenario::load(&path, &options) else { panic!("a typo of share_of accepted") };
    assert_eq!(e.origin, file.display().to_string(), "{e}");
    assert_eq!(e.position.map(|p| p.0), Some(9), "{e}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["validate", path.to_str().unwrap(), "--profiles", test_profiles().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{}:9:", file.display())) && stderr.contains("`traffic`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
