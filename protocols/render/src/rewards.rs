//! Render's token rules: the burn with its 5% fee, the fixed emission shared pro rata to the EUR
//! value of work, and the availability rewards of RNP-015 with the many-nodes-per-wallet penalty.

/// Share of a job's RENDER payment kept as the network fee before the rest is burned (RNP-006,
/// "RENDER and BME Emissions": RENDER paid to the network "will be burned by the Network after
/// deducting a 5% transaction fee").
pub const FEE_SHARE: f64 = 0.05;

/// Year-1 emission to node operators per month, RENDER: 190,142 (RNP-006, "Initial Emissions
/// Splits": node operators start with 50% of the monthly network emissions, 190,142 RENDER, of a
/// first-year total of 9,126,804).
pub const NODE_EMISSION_PER_MONTH: f64 = 190_142.0;

/// Render-node availability pool per month, RENDER: 12,500 (RNP-013: availability rewards cut to
/// 25,000 RENDER a month, split equally between Render nodes and Compute Client nodes).
pub const AVAILABILITY_POOL_PER_MONTH: f64 = 12_500.0;

/// Days in the average month the RNPs' monthly figures are spread over (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// What a job payment does: (RENDER burned, RENDER kept as the fee).
pub fn burn(render_paid: f64) -> (f64, f64) {
    let fee = render_paid * FEE_SHARE;
    (render_paid - fee, fee)
}

/// The RNP-015 penalty for a wallet running `nodes` nodes: 1 up to 3, then `e^(-0.65 (x - 3))`
/// (RNP-015, `high_node_penalty`).
pub fn wallet_penalty(nodes: u32) -> f64 {
    if nodes <= 3 { 1.0 } else { (-0.65 * (nodes as f64 - 3.0)).exp() }
}

/// One node's standing for availability rewards in an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    /// Share of the epoch the node was online and idle (RNP-015 "idletime %").
    pub idle: f64,
    /// OctaneBench score.
    pub octanebench: f64,
    /// VRAM, GB.
    pub vram_gb: f64,
    /// Age, days.
    pub age_days: f64,
    /// Nodes under the same wallet.
    pub wallet_nodes: u32,
}

/// `log(x) / log(avg)`, or 1 when the average is too small for the ratio to mean anything (a log
/// of 1 or less; RNP-015 does not say, assumption).
fn log_ratio(x: f64, avg: f64) -> f64 {
    if avg <= 1.0 || x <= 0.0 { 1.0 } else { x.ln() / avg.ln() }
}

/// RNP-015 availability rewards: each node gets
/// `idle% x (3 log OB / log avgOB + 3 log VRAM / log avgVRAM + log age / log avgAge) x penalty`,
/// scaled by one weight so the epoch's `pool` is paid out in full. Averages are over the nodes
/// given (the nodes online in the epoch). Returns RENDER per node.
pub fn availability(nodes: &[Standing], pool: f64) -> Vec<f64> {
    let online: Vec<&Standing> = nodes.iter().filter(|s| s.idle > 0.0).collect();
    if online.is_empty() {
        return vec![0.0; nodes.len()];
    }
    let n = online.len() as f64;
    let avg = |f: fn(&Standing) -> f64| online.iter().map(|s| f(s)).sum::<f64>() / n;
    let (ob, vram, age) = (avg(|s| s.octanebench), avg(|s| s.vram_gb), avg(|s| s.age_days));
    let points: Vec<f64> = nodes
        .iter()
        .map(|s| {
            let quality =
                3.0 * log_ratio(s.octanebench, ob) + 3.0 * log_ratio(s.vram_gb, vram) + log_ratio(s.age_days, age);
            (s.idle * quality * wallet_penalty(s.wallet_nodes)).max(0.0)
        })
        .collect();
    let total: f64 = points.iter().sum();
    if total <= 0.0 {
        return vec![0.0; nodes.len()];
    }
    points.iter().map(|p| p / total * pool).collect()
}

/// Shares `emission` pro rata to each node's EUR value of work approved in the epoch (RNP-001:
/// rewards "distributed to node operators pro-rata work completed"; on a EUR 100 job, doing 1/10
/// of the work earns EUR 10 of attribution). Nothing is paid in an epoch without work.
pub fn work(eur: &[f64], emission: f64) -> Vec<f64> {
    let total: f64 = eur.iter().sum();
    if total <= 0.0 {
        return vec![0.0; eur.len()];
    }
    eur.iter().map(|e| e / total * emission).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_is_five_percent_and_the_rest_burns() {
        let (burned, fee) = burn(200.0);
        assert!((burned - 190.0).abs() < 1e-12 && (fee - 10.0).abs() < 1e-12);
    }

    #[test]
    fn penalty_starts_after_three_nodes_per_wallet() {
        assert_eq!(wallet_penalty(1), 1.0);
        assert_eq!(wallet_penalty(3), 1.0);
        assert!((wallet_penalty(4) - (-0.65f64).exp()).abs() < 1e-12);
        // Ten nodes in one wallet: e^(-4.55) = 1.057% of the reward each.
        assert!((wallet_penalty(10) - 0.010_567).abs() < 1e-6);
    }

    #[test]
    fn work_attribution_is_pro_rata_to_eur() {
        // The RNP-001 example: 1/10 of the work on a EUR 100 job earns 1/10 of the emission.
        let shares = work(&[10.0, 90.0], 43_729.0);
        assert!((shares[0] - 4_372.9).abs() < 1e-9);
        assert_eq!(work(&[0.0, 0.0], 100.0), vec![0.0, 0.0]);
    }

    #[test]
    fn availability_pays_the_pool_and_favours_idle_strong_single_wallet_nodes() {
        let base = Standing { idle: 1.0, octanebench: 1_000.0, vram_gb: 24.0, age_days: 365.0, wallet_nodes: 1 };
        let nodes = [
            base,
            Standing { idle: 0.5, ..base },
            Standing { octanebench: 2_000.0, vram_gb: 80.0, ..base },
            Standing { wallet_nodes: 5, ..base },
            Standing { idle: 0.0, ..base },
        ];
        let r = availability(&nodes, 1_000.0);
        assert!((r.iter().sum::<f64>() - 1_000.0).abs() < 1e-9);
        assert!((r[1] / r[0] - 0.5).abs() < 1e-12, "half as idle, half the reward");
        assert!(r[2] > r[0], "a stronger GPU earns more");
        assert!((r[3] / r[0] - wallet_penalty(5)).abs() < 1e-12);
        assert_eq!(r[4], 0.0);
    }

    #[test]
    fn monthly_emission_per_weekly_epoch() {
        // 190,142 a month over 7 days: 43,730 (the notes' ~43,758 uses 30.42-day months).
        let per_week = NODE_EMISSION_PER_MONTH / DAYS_PER_MONTH * 7.0;
        assert!((per_week - 43_729.5).abs() < 1.0, "{per_week}");
    }
}
