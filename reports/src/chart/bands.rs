//! Where the outages' labels go. They sit in rows above the plot, each at the start of its
//! outage; a label that would overlap one already placed goes to the next row. When more rows
//! than fit would be needed (five outages starting within minutes of each other on a month-long
//! axis), each outage is marked by its number alone and a key of numbers and names follows in
//! the rows above: labels never overlap.

/// Height of one row of labels, pixels.
pub const ROW_PX: i32 = 16;
/// Width of one character of a label (13 px sans-serif), pixels; generous, so that an estimate
/// never lets two labels touch.
pub const CHAR_PX: f64 = 7.2;
/// Rows of full labels tried before falling back to numbers and a key.
pub const MOST_ROWS: usize = 3;
const GAP_PX: f64 = 8.0;

/// One label, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Left edge, pixels.
    pub x: f64,
    /// Row, 0 nearest the plot.
    pub row: usize,
    /// Text.
    pub text: String,
}

fn width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_PX
}

/// Places `labels` ((left edge in pixels, number, name), by start) between `left` and `right`.
pub fn place(labels: &[(f64, usize, String)], left: f64, right: f64) -> Vec<Placed> {
    let full: Vec<(f64, String)> = labels.iter().map(|(x, n, name)| (*x, format!("{n} {name}"))).collect();
    if let Some(placed) = in_rows(&full, left, right, MOST_ROWS) {
        return placed;
    }
    // Numbers at their outages, in one row, each pushed right of the one before if need be.
    let mut placed = Vec::new();
    let mut end = f64::MIN;
    for (x, n, _) in labels {
        let text = n.to_string();
        let x = x.max(end + GAP_PX / 2.0).min(right - width(&text)).max(left);
        end = x + width(&text);
        placed.push(Placed { x, row: 0, text });
    }
    // The key: "n name" entries packed into rows above.
    let mut row = 1;
    let mut x = left;
    for (_, n, name) in labels {
        let text = format!("{n} {name}");
        let w = width(&text);
        if x > left && x + w > right {
            row += 1;
            x = left;
        }
        placed.push(Placed { x, row, text });
        x += w + 2.0 * GAP_PX;
    }
    placed
}

/// Greedy rows: each label at its own position (pulled left to stay inside), in the first row
/// where it clears the labels before it; `None` beyond `most` rows.
fn in_rows(labels: &[(f64, String)], left: f64, right: f64, most: usize) -> Option<Vec<Placed>> {
    let mut ends: Vec<f64> = Vec::new();
    let mut placed = Vec::new();
    for (x, text) in labels {
        let w = width(text);
        let x = x.min(right - w).max(left);
        let row = match ends.iter().position(|end| x >= end + GAP_PX) {
            Some(r) => r,
            None if ends.len() < most => {
                ends.push(f64::MIN);
                ends.len() - 1
            }
            None => return None,
        };
        ends[row] = x + w;
        placed.push(Placed { x, row, text: text.clone() });
    }
    Some(placed)
}

/// Rows used by `placed`.
pub fn rows(placed: &[Placed]) -> usize {
    placed.iter().map(|p| p.row + 1).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(placed: &[Placed]) -> bool {
        placed.iter().enumerate().any(|(i, a)| {
            placed[i + 1..].iter().any(|b| a.row == b.row && a.x < b.x + width(&b.text) && b.x < a.x + width(&a.text))
        })
    }

    #[test]
    fn separate_outages_share_a_row() {
        let p = place(&[(100.0, 1, "fire".into()), (600.0, 2, "restart".into())], 90.0, 990.0);
        assert_eq!(rows(&p), 1);
        assert_eq!(p[0].text, "1 fire");
    }

    #[test]
    fn close_outages_stack_and_many_fall_back_to_numbers_with_a_key() {
        let names = ["SBG2 destroyed by fire", "SBG1: 4 of 12 rooms destroyed", "SBG1 powered off", "SBG3 powered off"];
        let three: Vec<_> =
            names[..3].iter().enumerate().map(|(i, n)| (92.0 + i as f64, i + 1, n.to_string())).collect();
        let p = place(&three, 92.0, 986.0);
        assert_eq!(rows(&p), 3);
        assert!(!overlaps(&p));
        let five: Vec<_> =
            names.iter().cycle().take(5).enumerate().map(|(i, n)| (92.0, i + 1, n.to_string())).collect();
        let p = place(&five, 92.0, 986.0);
        assert!(!overlaps(&p), "{p:?}");
        assert_eq!(
            p.iter().filter(|l| l.row == 0).map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3", "4", "5"]
        );
        assert!(p.iter().any(|l| l.text == "5 SBG2 destroyed by fire"));
        assert!(p.iter().all(|l| l.x >= 92.0 && l.x + width(&l.text) <= 986.0 + 1e-9), "{p:?}");
    }

    #[test]
    fn a_label_at_the_right_edge_is_pulled_inside() {
        let p = place(&[(980.0, 1, "late outage".into())], 92.0, 986.0);
        assert!(p[0].x + width(&p[0].text) <= 986.0);
    }
}
