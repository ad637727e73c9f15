//! A small chart model (time series with outage bands, bars, Lorenz curves) drawn with plotters
//! into SVG (inlined in the HTML report) and PNG (beside it, for slides and issues).

pub mod bands;
pub mod bars;
pub mod ticks;
pub mod time_axis;

use crate::format::Unit;
use crate::run::{Points, ReportError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::error::Error;
use std::path::Path;
use std::sync::Once;
use ticks::{Ticks, value_axis};

/// Chart size in pixels: wide enough for a laptop, readable scaled down on a phone.
pub const SIZE: (u32, u32) = (1000, 460);

/// Colours, one per network in summary order, the same in every chart (Tableau 10).
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xba, 0xb0, 0xac),
];

/// The colour of the `i`-th network (or line).
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// One line of a time chart.
#[derive(Clone, Debug)]
pub struct Line {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// Dashed (a second run in a comparison, or a cost against a reward).
    pub dashed: bool,
    /// (seconds since the start, value).
    pub points: Points,
}

/// One point of a swept metric: the mean across seeds and the band around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandPoint {
    /// Parameter value (or category index).
    pub x: f64,
    /// Mean across seeds.
    pub mean: f64,
    /// Lower edge of the band (5th percentile).
    pub low: f64,
    /// Upper edge of the band (95th percentile).
    pub high: f64,
}

/// A line with a band: a metric against a swept parameter.
#[derive(Clone, Debug)]
pub struct BandedLine {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// Points, by increasing x.
    pub points: Vec<BandPoint>,
}

/// A shaded time window (an outage) with its label.
#[derive(Clone, Debug)]
pub struct Band {
    /// Start, seconds.
    pub from: f64,
    /// End, seconds.
    pub to: f64,
    /// The outage's number (as in the report's timeline) and name, on its first interval only.
    pub label: Option<(usize, String)>,
    /// An instant (hardware destroyed) rather than a window: drawn as a vertical line.
    pub instant: bool,
}

/// A value axis: how its values are written and its title (label and unit, from the catalogue).
#[derive(Clone, Debug)]
pub struct Axis {
    /// How tick labels are written.
    pub unit: Unit,
    /// Title: "nodes up and healthy (nodes)".
    pub title: String,
}

/// One bar: a network's figure.
#[derive(Clone, Debug)]
pub struct Bar {
    /// The network (and protocol).
    pub label: String,
    /// Its value.
    pub value: f64,
    /// Its value as written beside the bar, with its unit.
    pub shown: String,
    /// Colour.
    pub colour: RGBColor,
}

/// What a chart shows.
#[derive(Clone, Debug)]
pub enum Plot {
    /// Values over time.
    Time {
        /// Calendar start of the run (RFC 3339), for the UTC axis.
        start: String,
        /// Length of the run, seconds.
        span: f64,
        /// What the values are.
        y: Axis,
        /// Lines.
        lines: Vec<Line>,
        /// Outage windows.
        bands: Vec<Band>,
    },
    /// One horizontal bar per item.
    Bars {
        /// The value axis.
        x: Axis,
        /// Bars, top to bottom.
        bars: Vec<Bar>,
    },
    /// Lorenz curves of amounts: (legend, colour, amounts).
    Lorenz(Vec<(String, RGBColor, Vec<f64>)>),
    /// A metric against a swept parameter: per line, (x, mean, low, high) with a band.
    Sweep {
        /// The parameter.
        x_desc: String,
        /// Category names when the parameter is not numeric (x is then the index).
        x_labels: Option<Vec<String>>,
        /// What the metric is.
        y: Axis,
        /// Lines with their bands.
        lines: Vec<BandedLine>,
    },
}

/// A chart: a file name, a title, a plot.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File stem of `charts/<name>.svg` and `.png`.
    pub name: String,
    /// Title drawn on top.
    pub title: String,
    /// One sentence under the chart in the report: how to read it.
    pub caption: String,
    /// The plot.
    pub plot: Plot,
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font only measures and rasterizes text; SVG text is drawn by the browser.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT);
    });
}

type Drawn = Result<(), Box<dyn Error>>;

/// Margin around the plot, pixels.
const MARGIN: u32 = 14;
/// Room for the y axis's tick labels and title, pixels.
const Y_LABELS: u32 = 86;
/// Height of the title band of a time chart, pixels.
const TITLE_PX: i32 = 44;
const GRID: RGBColor = RGBColor(0xee, 0xee, 0xee);
const BOLD_GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

impl Chart {
    /// Its size in pixels: [`SIZE`], taller for a bar chart of many bars.
    pub fn size(&self) -> (u32, u32) {
        match &self.plot {
            Plot::Bars { bars, .. } => (SIZE.0, SIZE.1.max(110 + 26 * bars.len() as u32)),
            _ => SIZE,
        }
    }

    /// Writes `dir/<name>.svg` and `dir/<name>.png`; returns the SVG text.
    pub fn render(&self, dir: &Path) -> Result<String, ReportError> {
        register_font();
        let fail = |e: Box<dyn Error>| ReportError::Chart { name: self.name.clone(), message: e.to_string() };
        let mut svg = String::new();
        self.draw(SVGBackend::with_string(&mut svg, self.size()).into_drawing_area()).map_err(fail)?;
        let svg_path = dir.join(format!("{}.svg", self.name));
        std::fs::write(&svg_path, &svg).map_err(ReportError::io(&svg_path))?;
        let png_path = dir.join(format!("{}.png", self.name));
        self.draw(BitMapBackend::new(&png_path, self.size()).into_drawing_area()).map_err(fail)?;
        Ok(svg)
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        match &self.plot {
            Plot::Time { start, span, y, lines, bands } => self.draw_time(&root, start, *span, y, lines, bands)?,
            Plot::Bars { x, bars } => bars::draw(&root, &self.title, x, bars)?,
            Plot::Lorenz(curves) => self.draw_lorenz(&root, curves)?,
            Plot::Sweep { x_desc, x_labels, y, lines } => {
                self.draw_sweep(&root, x_desc, x_labels.as_deref(), y, lines)?
            }
        }
        root.present()?;
        Ok(())
    }

    fn draw_time<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        start: &str,
        span: f64,
        y: &Axis,
        lines: &[Line],
        bands: &[Band],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let values = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
        let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
        let min = values.fold(f64::INFINITY, f64::min);
        // Shares on their whole scale, 0 to 100%: how far a network fell is read against all of it.
        let y_ticks = match y.unit {
            Unit::Share => value_axis(min.min(0.0), max.max(1.0), Unit::Share, true),
            unit => value_axis(min, max, unit, true),
        };
        let span = span.max(1.0);
        let (x_ticks, x_title) = time_axis::time_axis(start, span)
            .unwrap_or_else(|| (value_axis(0.0, span, Unit::Seconds, true), "time since the start".into()));
        // The outages' labels go in rows between the title and the plot.
        let (left, right) = ((MARGIN + Y_LABELS) as f64, (self.size().0 - MARGIN) as f64);
        let px = |t: f64| left + (t / span).clamp(0.0, 1.0) * (right - left);
        let named: Vec<(f64, usize, String)> =
            bands.iter().filter_map(|b| b.label.clone().map(|(n, name)| (px(b.from), n, name))).collect();
        let placed = bands::place(&named, left, right);
        let rows = bands::rows(&placed) as u32;
        let pad = (y_ticks.hi - y_ticks.lo) * 0.015;
        let (y0, y1) = (y_ticks.lo - pad, y_ticks.hi + pad);
        // The title, then the rows of outage labels, then the plot: nothing drawn over another.
        let head = TITLE_PX + rows as i32 * bands::ROW_PX;
        let (top_area, body) = root.split_vertically(head);
        top_area.draw(&Text::new(
            self.title.clone(),
            (self.size().0 as i32 / 2, MARGIN as i32),
            ("sans-serif", 22).into_font().into_text_style(root).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            )),
        ))?;
        let mut chart = ChartBuilder::on(&body)
            .margin(MARGIN)
            .margin_top(4)
            .x_label_area_size(48)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(x_ticks.coord(0.0, span), y_ticks.coord(y0, y1))?;
        chart
            .configure_mesh()
            .x_desc(x_title)
            .y_desc(&y.title)
            .x_label_formatter(&|x| x_ticks.label(*x))
            .y_label_formatter(&|v| y_ticks.label(*v))
            .bold_line_style(BOLD_GRID)
            .light_line_style(GRID)
            .draw()?;
        for band in bands {
            if band.instant {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(band.from, y0), (band.from, y1)],
                    RED.mix(0.6).stroke_width(2),
                )))?;
            } else {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(band.from, y0), (band.to.min(span), y1)],
                    RED.mix(0.09).filled(),
                )))?;
            }
        }
        let font = ("sans-serif", 13).into_font().color(&RGBColor(0x99, 0x22, 0x22));
        for label in &placed {
            // Row 0 nearest the plot.
            let y = TITLE_PX + (rows as i32 - 1 - label.row as i32) * bands::ROW_PX;
            root.draw(&Text::new(label.text.clone(), (label.x.round() as i32, y), font.clone()))?;
        }
        for line in lines {
            let style = line.colour.stroke_width(2);
            let colour = line.colour;
            let legend = move |(x, y): (i32, i32)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3));
            let dashes = move |(x, y): (i32, i32)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (6, 0)], colour.stroke_width(3))
                    + PathElement::new(vec![(11, 0), (18, 0)], colour.stroke_width(3))
            };
            let points = line.points.iter().copied();
            if line.dashed {
                chart.draw_series(DashedLineSeries::new(points, 7, 5, style))?.label(&line.label).legend(dashes);
            } else {
                chart.draw_series(LineSeries::new(points, style))?.label(&line.label).legend(legend);
            }
        }
        if lines.len() > 1 || !lines.is_empty() && !lines[0].label.is_empty() {
            // Cumulative money rises from the lower left; levels and shares usually start high
            // and fall to the right of the start: either way the left leaves room for the legend.
            let position =
                if y.unit == Unit::Usd { SeriesLabelPosition::UpperLeft } else { SeriesLabelPosition::MiddleLeft };
            chart
                .configure_series_labels()
                .position(position)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .label_font(("sans-serif", 14))
                .draw()?;
        }
        Ok(())
    }

    fn draw_lorenz<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        curves: &[(String, RGBColor, Vec<f64>)],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 22))
            .margin(MARGIN)
            .x_label_area_size(48)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc("share of operators, poorest first (%)")
            .y_desc("share of rewards (%)")
            .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .light_line_style(GRID)
            .draw()?;
        let grey = RGBColor(0x88, 0x88, 0x88);
        chart
            .draw_series(DashedLineSeries::new([(0.0, 0.0), (1.0, 1.0)], 6, 4, grey.stroke_width(1)))?
            .label("perfect equality")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], grey));
        for (label, colour, amounts) in curves {
            let colour = *colour;
            chart
                .draw_series(LineSeries::new(lorenz(amounts), colour.stroke_width(2)))?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 14))
            .draw()?;
        Ok(())
    }

    fn draw_sweep<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        x_desc: &str,
        x_labels: Option<&[String]>,
        y: &Axis,
        lines: &[BandedLine],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let all = lines.iter().flat_map(|l| l.points.iter());
        let (y_min, y_max) = all.clone().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.low).min(p.mean), b.max(p.high).max(p.mean))
        });
        // Around the data, not from zero: a sweep is read for its differences; the minimum span
        // keeps a flat metric flat.
        let y_ticks = value_axis(y_min, y_max, y.unit, false);
        let x_ticks = sweep_x_ticks(lines, x_labels);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 22))
            .margin(MARGIN)
            .x_label_area_size(48)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(x_ticks.coord(x_ticks.lo, x_ticks.hi), y_ticks.coord(y_ticks.lo, y_ticks.hi))?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(&y.title)
            .x_label_formatter(&|x| x_ticks.label(*x))
            .y_label_formatter(&|v| y_ticks.label(*v))
            .bold_line_style(BOLD_GRID)
            .light_line_style(GRID)
            .draw()?;
        for line in lines {
            let (colour, points) = (line.colour, &line.points);
            let band: Vec<(f64, f64)> =
                points.iter().map(|p| (p.x, p.low)).chain(points.iter().rev().map(|p| (p.x, p.high))).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, colour.mix(0.18).filled())))?;
            chart
                .draw_series(LineSeries::new(points.iter().map(|p| (p.x, p.mean)), colour.stroke_width(2)))?
                .label(&line.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
            chart.draw_series(points.iter().map(|p| Circle::new((p.x, p.mean), 4, colour.filled())))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 14))
            .draw()?;
        Ok(())
    }
}

/// The x ticks of a sweep: each swept value when there are few (they are the points measured),
/// nice steps when there are many; categories by name.
fn sweep_x_ticks(lines: &[BandedLine], x_labels: Option<&[String]>) -> Ticks {
    let mut xs: Vec<f64> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.x)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let (x0, x1) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(1.0));
    let pad = if x1 > x0 { (x1 - x0) * 0.05 } else { 0.5 };
    let (lo, hi) = (x0 - pad, x1 + pad);
    match x_labels {
        Some(names) => {
            ticks::fixed(lo, hi, xs.iter().map(|x| (*x, names.get(*x as usize).cloned().unwrap_or_default())).collect())
        }
        None if xs.len() <= 12 => ticks::fixed(lo, hi, xs.iter().map(|x| (*x, format!("{x}"))).collect()),
        None => {
            let t = value_axis(x0, x1, Unit::Ratio, false);
            ticks::fixed(lo.min(t.lo), hi.max(t.hi), t.at)
        }
    }
}

/// Points of the Lorenz curve of `amounts`: (share of holders, share of the total), from (0, 0).
pub fn lorenz(amounts: &[f64]) -> Vec<(f64, f64)> {
    let mut sorted: Vec<f64> = amounts.iter().map(|a| a.max(0.0)).collect();
    sorted.sort_by(f64::total_cmp);
    let total: f64 = sorted.iter().sum();
    let n = sorted.len();
    // At most ~500 points: enough for a smooth curve, small in the page.
    let step = n.div_ceil(500).max(1);
    let mut points = vec![(0.0, 0.0)];
    let mut cumulative = 0.0;
    for (i, a) in sorted.iter().enumerate() {
        cumulative += a;
        if (i + 1) % step == 0 || i + 1 == n {
            points.push(((i + 1) as f64 / n as f64, if total > 0.0 { cumulative / total } else { 0.0 }));
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lorenz_curve_of_equal_and_unequal_shares() {
        assert_eq!(lorenz(&[1.0, 1.0, 1.0, 1.0]), vec![(0.0, 0.0), (0.25, 0.25), (0.5, 0.5), (0.75, 0.75), (1.0, 1.0)]);
        let unequal = lorenz(&[0.0, 0.0, 0.0, 8.0]);
        assert_eq!(unequal[3], (0.75, 0.0));
        assert_eq!(unequal[4], (1.0, 1.0));
    }
}
