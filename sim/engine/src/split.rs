//! Nodes up, split by provider, region or site (the scenario's `[report] split_by`), so a report
//! can show which part of the world went dark: `nodes_up/site/sbg2`.

use crate::model::{Scenario, SplitBy};
use crate::series::Series;
use crate::world::Layout;
use depinsim_core::{NodeId, SimTime};
use std::collections::BTreeMap;

/// Up counts per split group.
pub struct UpBy {
    group_of: Vec<u16>,
    up: Vec<u32>,
    metric: Vec<u16>,
}

impl UpBy {
    /// Groups `layout`'s nodes (all up) and registers one series per group, in name order.
    pub fn new(scenario: &Scenario, layout: &Layout, series: &mut Series) -> Self {
        let name = |node: NodeId| -> &str {
            let info = layout.table.info(node);
            let vertex = match scenario.split_by {
                SplitBy::Provider => Some(info.provider),
                SplitBy::Region => Some(info.region),
                SplitBy::Site => info.site,
            };
            vertex.map_or("home", |v| &scenario.vertices[v.index()].name)
        };
        let names: BTreeMap<&str, u16> =
            layout.table.ids().map(name).collect::<std::collections::BTreeSet<_>>().into_iter().zip(0..).collect();
        let group_of: Vec<u16> = layout.table.ids().map(|n| names[name(n)]).collect();
        let mut up = vec![0; names.len()];
        group_of.iter().for_each(|g| up[*g as usize] += 1);
        let kind = scenario.split_by.as_str();
        let metric = names.keys().map(|n| series.index(&format!("nodes_up/{kind}/{n}"))).collect();
        UpBy { group_of, up, metric }
    }

    /// Records that `node` went up or down.
    pub fn change(&mut self, node: NodeId, up: bool) {
        let g = self.group_of[node.index()] as usize;
        if up {
            self.up[g] += 1;
        } else {
            self.up[g] -= 1;
        }
    }

    /// Appends this sample's counts.
    pub fn record(&self, now: SimTime, series: &mut Series) {
        for (count, metric) in self.up.iter().zip(&self.metric) {
            series.record_at(now, *metric, *count as f64);
        }
    }
}
