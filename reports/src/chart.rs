//! A small chart model (time series with outage bands, bars, Lorenz curves) drawn with plotters
//! into SVG (inlined in the HTML report) and PNG (beside it, for slides and issues).

use crate::format::{Unit, YEAR_S, tick};
use crate::run::{Points, ReportError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::error::Error;
use std::path::Path;
use std::sync::Once;

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
    /// Label drawn in the band.
    pub label: String,
    /// An instant (hardware destroyed) rather than a window: drawn as a vertical line.
    pub instant: bool,
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
        unit: Unit,
        /// Lines.
        lines: Vec<Line>,
        /// Outage windows.
        bands: Vec<Band>,
    },
    /// One bar per item: (label, value, colour).
    Bars {
        /// Axis description.
        y_desc: String,
        /// Bars.
        bars: Vec<(String, f64, RGBColor)>,
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
        unit: Unit,
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

impl Chart {
    /// Writes `dir/<name>.svg` and `dir/<name>.png`; returns the SVG text.
    pub fn render(&self, dir: &Path) -> Result<String, ReportError> {
        register_font();
        let fail = |e: Box<dyn Error>| ReportError::Chart { name: self.name.clone(), message: e.to_string() };
        let mut svg = String::new();
        self.draw(SVGBackend::with_string(&mut svg, SIZE).into_drawing_area()).map_err(fail)?;
        let svg_path = dir.join(format!("{}.svg", self.name));
        std::fs::write(&svg_path, &svg).map_err(ReportError::io(&svg_path))?;
        let png_path = dir.join(format!("{}.png", self.name));
        self.draw(BitMapBackend::new(&png_path, SIZE).into_drawing_area()).map_err(fail)?;
        Ok(svg)
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        match &self.plot {
            Plot::Time { start, span, unit, lines, bands } => {
                self.draw_time(&root, start, *span, *unit, lines, bands)?
            }
            Plot::Bars { y_desc, bars } => self.draw_bars(&root, y_desc, bars)?,
            Plot::Lorenz(curves) => self.draw_lorenz(&root, curves)?,
            Plot::Sweep { x_desc, x_labels, unit, lines } => {
                self.draw_sweep(&root, x_desc, x_labels.as_deref(), *unit, lines)?
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
        unit: Unit,
        lines: &[Line],
        bands: &[Band],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let values = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
        let max = values.clone().fold(f64::MIN, f64::max);
        let min = values.fold(f64::MAX, f64::min);
        let (y0, y1) = match unit {
            Unit::Share => (-0.02, 1.06),
            _ if max <= min => (min.min(0.0), min.max(0.0) + 1.0),
            _ => (min.min(0.0), max + (max - min.min(0.0)) * 0.08),
        };
        // Plot in minutes, hours, days or years, so that ticks fall on round times.
        let scale = if span > 2.0 * YEAR_S {
            YEAR_S
        } else if span <= 3.0 * 3600.0 {
            60.0
        } else if span <= 3.0 * 86_400.0 {
            3600.0
        } else {
            86_400.0
        };
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 22))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(78)
            .build_cartesian_2d(0f64..span.max(1.0) / scale, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc("time (UTC)")
            .y_desc(unit.axis())
            .x_labels(12)
            .y_labels(8)
            .x_label_formatter(&|x| tick(start, span, *x * scale))
            .y_label_formatter(&|y| axis_tick(unit, *y))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .draw()?;
        // Labels sit in the headroom at the top. Outages starting too close together for their
        // names to fit share one label of their numbers (the names are in the report's table).
        let per_char = span / scale / 900.0 * 7.0;
        let mut labels: Vec<(f64, Vec<&Band>)> = Vec::new();
        for band in bands {
            let from = band.from / scale;
            if band.instant {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(from, y0), (from, y1)],
                    RED.mix(0.6).stroke_width(2),
                )))?;
            } else {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(from, y0), (band.to / scale, y1)],
                    RED.mix(0.07).filled(),
                )))?;
            }
            match labels.last_mut() {
                Some((x, group)) if from < *x + per_char * group[0].label.chars().count() as f64 => group.push(band),
                _ => labels.push((from, vec![band])),
            }
        }
        for (x, group) in labels {
            let text = match group.as_slice() {
                [one] => one.label.clone(),
                many => many.iter().map(|b| b.label.split(' ').next().unwrap_or("")).collect::<Vec<_>>().join(", "),
            };
            let font = ("sans-serif", 13).into_font().color(&RGBColor(0x99, 0x22, 0x22));
            chart.draw_series(std::iter::once(Text::new(text, (x, y1), font)))?;
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
            let points = line.points.iter().map(|(x, y)| (x / scale, *y));
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
                if unit == Unit::Usd { SeriesLabelPosition::UpperLeft } else { SeriesLabelPosition::MiddleLeft };
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

    fn draw_bars<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        y_desc: &str,
        bars: &[(String, f64, RGBColor)],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let max = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(1e-12);
        // A segmented range includes both ends: 0..=last, one segment per bar.
        let last = bars.len().max(1) as u32 - 1;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 22))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(78)
            .build_cartesian_2d((0u32..last).into_segmented(), 0.0..max * 1.18)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc(y_desc)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => bars.get(*i as usize).map_or(String::new(), |b| b.0.clone()),
                _ => String::new(),
            })
            .y_label_formatter(&|y| axis_tick(Unit::Usd, *y))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .draw()?;
        // Plain rectangles in a fixed order: plotters' Histogram groups bars through a HashMap,
        // whose order changes from process to process, and outputs must be byte-identical.
        for (i, (_, value, colour)) in bars.iter().enumerate() {
            let i = i as u32;
            let mut bar =
                Rectangle::new([(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), *value)], colour.filled());
            bar.set_margin(0, 0, 40, 40);
            chart.draw_series(std::iter::once(bar))?;
        }
        for (i, (_, value, _)) in bars.iter().enumerate() {
            let label = Text::new(
                Unit::Usd.show(*value),
                (SegmentValue::CenterOf(i as u32), value + max * 0.06),
                ("sans-serif", 15),
            );
            chart.draw_series(std::iter::once(label))?;
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
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(78)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc("share of operators, poorest first (%)")
            .y_desc("share of rewards (%)")
            .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
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
}

impl Chart {
    fn draw_sweep<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        x_desc: &str,
        x_labels: Option<&[String]>,
        unit: Unit,
        lines: &[BandedLine],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let all = lines.iter().flat_map(|l| l.points.iter());
        let (x0, x1) = all.clone().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
        let (y0, y1) =
            all.fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.low).min(p.mean), b.max(p.high).max(p.mean)));
        let pad_x = if x1 > x0 { (x1 - x0) * 0.05 } else { 0.5 };
        let pad_y = if y1 > y0 { (y1 - y0) * 0.1 } else { y0.abs().max(1e-9) * 0.1 };
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 22))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(78)
            .build_cartesian_2d((x0 - pad_x)..(x1 + pad_x), (y0 - pad_y)..(y1 + pad_y))?;
        let x_fmt = |x: &f64| match x_labels {
            Some(labels) if (x - x.round()).abs() < 1e-9 => labels.get(x.round() as usize).cloned().unwrap_or_default(),
            Some(_) => String::new(),
            None => format!("{}", (x * 1e6).round() / 1e6),
        };
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(unit.axis())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|y| axis_tick(unit, *y))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
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

/// A compact axis tick.
fn axis_tick(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Share => format!("{:.0}%", v * 100.0),
        Unit::Usd if v.abs() >= 1e6 => format!("${:.1}M", v / 1e6),
        Unit::Usd if v.abs() >= 1e3 => format!("${:.0}k", v / 1e3),
        Unit::Usd if v.abs() >= 1.0 => format!("${v:.2}"),
        Unit::Usd => format!("${v:.3}"),
        Unit::Bytes => crate::format::bytes(v),
        _ if v.abs() >= 1e6 => format!("{:.1}M", v / 1e6),
        _ if v.abs() >= 1e4 => format!("{:.0}k", v / 1e3),
        _ => format!("{v:.0}"),
    }
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
