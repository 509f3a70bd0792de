//! The geometry of the side panel's small line charts (backlog per consumer group, and messages in
//! and out per second), kept apart from the SVG so it is tested natively: which points to draw
//! (at most a few hundred, however long the run), where the tick marks go, and the `points`
//! attribute of each polyline. No chart library: the page only needs lines over sim time.

use crate::sim::audit::counts::Sample;

/// A chart never draws more points per line than this: enough for a 380 px wide panel.
pub const MAX_POINTS: usize = 400;

/// One point: sim time in ms, and a value.
pub type Point = (u64, u64);

/// How the samples of one bucket become one point when a line is thinned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// Keep the highest (a backlog's peak must not vanish when thinned).
    Max,
    /// Average (a rate: noise should not look like spikes).
    Mean,
}

/// At most `max_points` points standing for `points`: consecutive runs of equal length, each
/// drawn at its last time.
pub fn downsample(points: &[Point], max_points: usize, reduce: Reduce) -> Vec<Point> {
    if points.len() <= max_points || max_points == 0 {
        return points.to_vec();
    }
    let per = points.len().div_ceil(max_points);
    points
        .chunks(per)
        .map(|chunk| {
            let t = chunk[chunk.len() - 1].0;
            let v = match reduce {
                Reduce::Max => chunk.iter().map(|p| p.1).max().unwrap_or(0),
                Reduce::Mean => chunk.iter().map(|p| p.1).sum::<u64>() / chunk.len() as u64,
            };
            (t, v)
        })
        .collect()
}

/// An axis from 0 to `max`, with round tick values (1, 2 or 5 times a power of ten apart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    pub max: u64,
    pub ticks: Vec<u64>,
}

/// An axis that covers `0..=value` with about `target` intervals; never empty, never zero-wide.
pub fn axis(value: u64, target: u64) -> Axis {
    let target = target.max(1);
    let raw = value.max(1).div_ceil(target);
    let mut step = 1;
    // The smallest 1-2-5 step at least `raw`.
    'find: loop {
        for m in [1, 2, 5] {
            if step * m >= raw {
                step *= m;
                break 'find;
            }
        }
        step *= 10;
    }
    let max = value.max(1).div_ceil(step) * step;
    Axis { max, ticks: (0..=max / step).map(|i| i * step).collect() }
}

/// Where the plotting area sits inside the SVG's view box (room left for tick labels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The x of time `t_ms` on an axis of `x_max` ms.
    pub fn x(&self, t_ms: u64, x_max: u64) -> f64 {
        let w = self.width - self.left - self.right;
        self.left + w * (t_ms.min(x_max) as f64) / (x_max.max(1) as f64)
    }

    /// The y of `v` on an axis up to `y_max` (0 at the bottom).
    pub fn y(&self, v: u64, y_max: u64) -> f64 {
        let h = self.height - self.top - self.bottom;
        self.height - self.bottom - h * (v.min(y_max) as f64) / (y_max.max(1) as f64)
    }

    /// The `points` attribute of an SVG polyline through `points`.
    pub fn polyline(&self, points: &[Point], x_max: u64, y_max: u64) -> String {
        let mut s = String::with_capacity(points.len() * 12);
        for (i, &(t, v)) in points.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&format!("{:.1},{:.1}", self.x(t, x_max), self.y(v, y_max)));
        }
        s
    }
}

/// What the two charts draw, thinned to `MAX_POINTS` per line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlotData {
    /// Per consumer group: messages stored and not yet processed (or dead-lettered).
    pub backlog: Vec<Vec<Point>>,
    /// Messages produced per second.
    pub produced: Vec<Point>,
    /// Per consumer group: messages processed per second.
    pub processed: Vec<Vec<Point>>,
    pub backlog_max: u64,
    pub rate_max: u64,
}

/// The charts' lines from the checker's per-second samples, up to `now_ms`. A second that has not
/// ended yet is left out: its counts are partial and its backlog is not stamped yet. Each point
/// sits at the end of its second, when the backlog was read.
pub fn plot_data(samples: &[Sample], groups: usize, now_ms: u64) -> PlotData {
    let done: Vec<&Sample> = samples.iter().filter(|s| s.t_ms + 1_000 <= now_ms).collect();
    let line = |f: &dyn Fn(&Sample) -> u64, reduce| {
        let pts: Vec<Point> = done.iter().map(|s| (s.t_ms + 1_000, f(s))).collect();
        downsample(&pts, MAX_POINTS, reduce)
    };
    let group_value = |v: &[u32], g: usize| u64::from(v.get(g).copied().unwrap_or(0));
    let backlog: Vec<Vec<Point>> = (0..groups).map(|g| line(&|s| group_value(&s.backlog, g), Reduce::Max)).collect();
    let processed: Vec<Vec<Point>> =
        (0..groups).map(|g| line(&|s| group_value(&s.processed, g), Reduce::Mean)).collect();
    let produced = line(&|s| u64::from(s.produced), Reduce::Mean);
    let top = |lines: &[&Vec<Point>]| lines.iter().flat_map(|l| l.iter().map(|p| p.1)).max().unwrap_or(0);
    let backlog_max = top(&backlog.iter().collect::<Vec<_>>());
    let rate_max = top(&processed.iter().chain(std::iter::once(&produced)).collect::<Vec<_>>());
    PlotData { backlog, produced, processed, backlog_max, rate_max }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampling_keeps_peaks_and_bounds_the_points() {
        let pts: Vec<Point> = (0..1_000).map(|i| (i, if i == 517 { 900 } else { 1 })).collect();
        let max = downsample(&pts, 100, Reduce::Max);
        assert!(max.len() <= 100);
        assert_eq!(max.iter().map(|p| p.1).max(), Some(900));
        assert_eq!(max.last().map(|p| p.0), Some(999));
        let mean = downsample(&pts, 100, Reduce::Mean);
        assert!(mean.iter().all(|p| p.1 < 900));
        assert_eq!(downsample(&pts[..5], 100, Reduce::Max), pts[..5].to_vec());
    }

    #[test]
    fn axes_are_round() {
        assert_eq!(axis(0, 4), Axis { max: 1, ticks: vec![0, 1] });
        assert_eq!(axis(7, 4), Axis { max: 8, ticks: vec![0, 2, 4, 6, 8] });
        assert_eq!(axis(93, 4), Axis { max: 100, ticks: vec![0, 50, 100] });
        assert_eq!(axis(1_234, 4).max, 1_500);
        assert_eq!(axis(150_000, 5).ticks, vec![0, 50_000, 100_000, 150_000]);
    }

    #[test]
    fn frame_maps_values_into_the_plot_area() {
        let f = Frame { width: 100.0, height: 50.0, left: 10.0, right: 0.0, top: 0.0, bottom: 10.0 };
        assert_eq!(f.x(0, 10), 10.0);
        assert_eq!(f.x(10, 10), 100.0);
        assert_eq!(f.y(0, 4), 40.0);
        assert_eq!(f.y(4, 4), 0.0);
        assert_eq!(f.polyline(&[(0, 0), (10, 4)], 10, 4), "10.0,40.0 100.0,0.0");
    }

    #[test]
    fn the_second_in_progress_is_not_drawn() {
        let s = |t_ms, produced| Sample { t_ms, produced, processed: vec![1], backlog: vec![3] };
        let d = plot_data(&[s(0, 5), s(1_000, 9)], 1, 1_500);
        assert_eq!(d.produced, vec![(1_000, 5)]);
        assert_eq!(d.backlog, vec![vec![(1_000, 3)]]);
        assert_eq!((d.backlog_max, d.rate_max), (3, 5));
    }
}
