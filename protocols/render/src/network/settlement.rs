//! Money: an approved job's payment burned (less the fee), and each epoch's work emission and
//! availability pool minted to the operators.

use super::Render;
use crate::rewards::{self, Standing};
use depinsim_core::{Ctx, NodeId, SimTime};

impl Render {
    /// The artist approves job `j`: it pays the EUR price in RENDER, 5% fee, the rest burned; the
    /// work counts in this epoch.
    pub(crate) fn approve(&mut self, j: u32, now: SimTime) {
        let class = self.class(j).clone();
        let obh = class.obh_per_frame * class.frames as f64;
        let eur = obh * self.config.eur_per_obh(class.tier);
        let render = eur / self.render_eur(now);
        let (burned, fee) = rewards::burn(render);
        self.stats.approved += 1;
        self.stats.artist_eur += eur;
        self.stats.approved_obh += obh;
        self.stats.burned += burned;
        self.stats.fees += fee;
        for &(node, w) in &self.jobs[j as usize].work {
            self.nodes[node as usize].eur_work += eur * w / obh;
        }
    }

    /// Mints the epoch's work emission and availability pool and pays the operators.
    pub(crate) fn epoch(&mut self, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        let epoch_ms = now.since(self.epoch_start).as_millis() as f64;
        if epoch_ms <= 0.0 {
            return;
        }
        // Close the open intervals at the boundary.
        for g in 0..self.gpus.len() {
            if let Some(t) = &self.gpus[g].task {
                let from = t.start.max(self.epoch_start);
                let node = self.gpus[g].node as usize;
                self.nodes[node].busy_ms += now.since(from).as_millis() as f64;
            }
        }
        let mut wallets = std::collections::BTreeMap::<u32, u32>::new();
        for n in &self.nodes {
            *wallets.entry(n.wallet).or_default() += 1;
        }
        self.up_time.end_period(now);
        let up_time = &mut self.up_time;
        let standings: Vec<Standing> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let up_ms = up_time.take(NodeId(i as u32));
                let gpus = n.gpus.len() as f64;
                let idle = ((up_ms * gpus - n.busy_ms) / (epoch_ms * gpus)).clamp(0.0, 1.0);
                Standing {
                    idle,
                    octanebench: n.octanebench,
                    vram_gb: n.vram_gb,
                    age_days: n.age_days + now.as_secs_f64() / 86_400.0,
                    wallet_nodes: wallets[&n.wallet],
                }
            })
            .collect();
        let availability = rewards::availability(&standings, self.config.availability_pool());
        let eur: Vec<f64> = self.nodes.iter().map(|n| n.eur_work).collect();
        let work = rewards::work(&eur, self.config.work_emission());
        let usd_per_render = self.render_eur(now) * self.config.usd_per_eur;
        for (i, n) in self.nodes.iter_mut().enumerate() {
            let render = availability[i] + work[i];
            self.stats.minted_availability += availability[i];
            self.stats.minted_work += work[i];
            if render > 0.0 {
                let usd = render * usd_per_render;
                self.stats.operators_usd += usd;
                cx.pay_in(NodeId(i as u32), render, usd);
            }
            n.busy_ms = 0.0;
            n.eur_work = 0.0;
        }
        self.epoch_start = now;
    }
}
