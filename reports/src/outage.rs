//! An outage as the report tells it: its shape in words (a window, flapping with its rhythm, a
//! staged restoration with its steps) and how long its targets were actually hit.

use crate::data::OutageSummary;
use crate::format::{duration, timestamp};

/// The shape in words: "window", "flapping: hit 5m of every 10m, 19 times", "staged: 25% back
/// 2021-03-22 12:00 UTC, ..., the rest at the end"; with the share of targets and the loss when
/// they are not the whole target and total, and what the shares count when it is traffic.
pub fn describe(o: &OutageSummary, start: &str) -> String {
    let mut text = match (o.shape.as_str(), &o.flapping) {
        ("flapping", Some(f)) => {
            format!("flapping: hit {} of every {}, {} times", duration(f.down_s), duration(f.period_s), o.hit.len())
        }
        ("staged", _) => {
            let steps: Vec<String> = o
                .recovery
                .iter()
                .map(|(t, share)| format!("{:.0}% back {}", share * 100.0, timestamp(start, *t)))
                .collect();
            format!("staged: {}, the rest at the end", steps.join(", "))
        }
        _ => "window".to_string(),
    };
    let traffic = o.share_of == "traffic";
    if o.share < 1.0 {
        let of = if traffic { "of the targets' traffic" } else { "of the targets" };
        text.push_str(&format!("; {:.0}% {of}", o.share * 100.0));
    } else if traffic && o.shape == "staged" {
        text.push_str("; shares of the targets' traffic");
    }
    if o.kind == "degraded" && o.loss_steps.len() > 1 {
        let (first, last) = (o.loss_steps[0].1, o.loss_steps[o.loss_steps.len() - 1].1);
        text.push_str(&format!(
            "; traffic lost varying from {:.0}% to {:.0}% (at most {:.0}%)",
            first * 100.0,
            last * 100.0,
            o.loss * 100.0
        ));
    } else if o.kind == "degraded" {
        text.push_str(&format!("; {:.0}% of traffic lost", o.loss * 100.0));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::FlappingSummary;

    fn outage(shape: &str) -> OutageSummary {
        OutageSummary {
            name: "o".into(),
            target: "t".into(),
            kind: "down".into(),
            start_s: 0.0,
            end_s: Some(3600.0),
            shape: shape.into(),
            share: 1.0,
            share_of: "nodes".into(),
            loss: 0.0,
            loss_steps: vec![],
            flapping: None,
            recovery: vec![],
            hit: vec![(0.0, 3600.0)],
            hit_s: 3600.0,
        }
    }

    #[test]
    fn shapes_are_told_as_they_happened() {
        let start = "2025-11-18T11:20:00Z";
        assert_eq!(describe(&outage("window"), start), "window");
        let mut f = outage("flapping");
        f.flapping = Some(FlappingSummary { period_s: 600.0, down_s: 300.0 });
        f.hit = (0..6).map(|i| (i as f64 * 600.0, i as f64 * 600.0 + 300.0)).collect();
        assert_eq!(describe(&f, start), "flapping: hit 5m of every 10m, 6 times");
        let mut s = outage("staged");
        s.recovery = vec![(1800.0, 0.5)];
        s.share = 0.4;
        assert_eq!(
            describe(&s, start),
            "staged: 50% back 2025-11-18 11:50 UTC, the rest at the end; 40% of the targets"
        );
        s.share_of = "traffic".into();
        assert_eq!(
            describe(&s, start),
            "staged: 50% back 2025-11-18 11:50 UTC, the rest at the end; 40% of the targets' traffic"
        );
        s.share = 1.0;
        assert_eq!(
            describe(&s, start),
            "staged: 50% back 2025-11-18 11:50 UTC, the rest at the end; shares of the targets' traffic"
        );
    }
}
