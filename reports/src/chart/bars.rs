//! Horizontal bars, one per network: names on the left (as long as they are, up to a limit),
//! values written past the end of each bar, and room on the value axis for the longest of those
//! values, so that one bar or twenty are drawn whole and nothing is cut at the edge.

use super::ticks::value_axis;
use super::{Axis, BOLD_GRID, Bar, Drawn, GRID, MARGIN};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Longest name drawn, characters; longer ones end in an ellipsis.
const NAME_CHARS: usize = 34;
/// Width of a character of the 13-15 px labels, pixels (a generous estimate).
const CHAR_PX: f64 = 7.6;

fn short(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(NAME_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Draws `bars` top to bottom on `root` under `title`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str, x: &Axis, bars: &[Bar]) -> Drawn
where
    DB::ErrorType: 'static,
{
    let (width, _) = root.dim_in_pixel();
    let n = bars.len().max(1);
    let names: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
    let name_px = names.iter().map(|s| s.chars().count()).max().unwrap_or(4) as f64 * CHAR_PX + 16.0;
    let label_area = (name_px.ceil() as u32).clamp(60, 320);
    let plot_px = f64::from(width - 2 * MARGIN - label_area);
    // The value axis reaches far enough right for the longest value label after the longest bar.
    let min = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let text_px = bars.iter().map(|b| b.shown.chars().count()).max().unwrap_or(0) as f64 * CHAR_PX + 12.0;
    let room = (1.0 - text_px / plot_px).max(0.3);
    let reach = if max > 0.0 { max / room } else { 0.0 };
    let ticks = value_axis(min, reach, x.unit, true);
    // Bar i (from the top) spans rows n-1-i .. n-i.
    let row = |i: usize| (n - 1 - i) as f64;
    let centres: Vec<f64> = (0..bars.len()).map(|i| row(i) + 0.5).collect();
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 22))
        .margin(MARGIN)
        .x_label_area_size(48)
        .y_label_area_size(label_area)
        .build_cartesian_2d(
            ticks.coord(ticks.lo, ticks.hi),
            super::ticks::fixed(0.0, n as f64, centres.iter().map(|c| (*c, String::new())).collect())
                .coord(0.0, n as f64),
        )?;
    let name_of =
        |y: &f64| centres.iter().position(|c| (c - y).abs() < 1e-9).map_or_else(String::new, |i| names[i].clone());
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&x.title)
        .x_label_formatter(&|v| ticks.label(*v))
        .y_label_formatter(&name_of)
        .y_label_style(("sans-serif", 14))
        .bold_line_style(BOLD_GRID)
        .light_line_style(GRID)
        .draw()?;
    // Plain rectangles in a fixed order: plotters' Histogram groups bars through a HashMap,
    // whose order changes from process to process, and outputs must be byte-identical.
    let thickness = if n == 1 { 0.5 } else { 0.7 };
    for (i, bar) in bars.iter().enumerate() {
        let (lo, hi) = (row(i) + 0.5 - thickness / 2.0, row(i) + 0.5 + thickness / 2.0);
        let (a, b) = if bar.value < 0.0 { (bar.value, 0.0) } else { (0.0, bar.value) };
        chart.draw_series(std::iter::once(Rectangle::new([(a, lo), (b, hi)], bar.colour.filled())))?;
    }
    for (i, bar) in bars.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(bar.value.max(0.0), row(i) + 0.5));
        let style = ("sans-serif", 15).into_font().into_text_style(root).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
        root.draw(&Text::new(bar.shown.clone(), (px + 6, py), style))?;
    }
    Ok(())
}
