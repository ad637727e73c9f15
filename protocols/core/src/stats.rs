//! Summary statistics over per-node or per-operator figures.

/// The Gini coefficient of non-negative amounts: 0 when everyone has the same, approaching 1
/// when one holder has everything. `None` when there is nothing to share.
///
/// Uses the sorted-rank form G = sum_i (2i - n - 1) x_(i) / (n sum x), i = 1..n, which is exact
/// and independent of the input order.
pub fn gini(amounts: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = amounts.iter().map(|x| x.max(0.0)).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let total: f64 = sorted.iter().sum();
    if sorted.is_empty() || total <= 0.0 {
        return None;
    }
    let weighted: f64 = sorted.iter().enumerate().map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x).sum();
    Some(weighted / (n * total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_limit_cases() {
        assert_eq!(gini(&[5.0, 5.0, 5.0, 5.0]), Some(0.0));
        // One of n holds everything: G = (n - 1) / n.
        assert!((gini(&[0.0, 0.0, 0.0, 8.0]).unwrap() - 0.75).abs() < 1e-12);
        assert_eq!(gini(&[]), None);
        assert_eq!(gini(&[0.0, 0.0]), None);
    }

    #[test]
    fn gini_matches_mean_absolute_difference() {
        // G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), the textbook definition.
        let x = [1.0, 3.0, 7.0, 2.0, 10.0];
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let mad: f64 = x.iter().flat_map(|a| x.iter().map(move |b| (a - b).abs())).sum();
        assert!((gini(&x).unwrap() - mad / (2.0 * n * n * mean)).abs() < 1e-12);
    }
}
