//! The web lab's costs, natively: what a checkpoint (a clone of the run) costs in time and bytes,
//! how long seeking to random points of a long run takes once it is precomputed, how many
//! checkpoints that keeps, and how much sim time a 1000× play frame covers. Bytes are counted by a
//! global allocator that tallies live allocations. Run with `cargo bench --bench lab`; figures go
//! to docs/performance.md ("Web lab").

use mqlab::lab::Session;
use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse_scenario;
use mqlab::sim::run::Run;
use mqlab::sim::time::SimTime;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting live bytes.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> usize {
    LIVE.load(Relaxed)
}

fn standard() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/standard.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_scenario(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The standard topology and rates (2 × 500 msg/s) for ten minutes: 600 000 messages.
fn ten_minutes() -> Scenario {
    let mut s = standard();
    s.title = "Standard cluster, 10 minutes".into();
    s.duration_ms = 600_000;
    for p in &mut s.producers {
        p.workload.messages = 300_000;
    }
    s
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Time and bytes of one clone of a run at `at`.
fn clone_cost(s: &Scenario, at: SimTime) {
    let mut run = Run::new(s, false);
    run.run_until(at).expect("run");
    let before = live();
    let t0 = Instant::now();
    let copy = run.clone();
    let took = t0.elapsed();
    let bytes = live() - before;
    println!(
        "clone of the run at {} s ({} events): {:.2} ms, {:.1} MB (the run itself: {:.1} MB live)",
        at.as_us() / 1_000_000,
        run.world.events_processed(),
        took.as_secs_f64() * 1e3,
        mb(bytes),
        mb(before),
    );
    drop(copy);
}

fn main() {
    let std60 = standard();
    clone_cost(&std60, SimTime::from_ms(60_000));
    let long = ten_minutes();
    clone_cost(&long, SimTime::from_ms(600_000));
    seek_bench(&long);
    play_bench(&long);
}

/// Deterministic pseudo-random points (an LCG: the bench needs no RNG crate).
fn points(n: usize, end_us: u64) -> Vec<SimTime> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            SimTime((x >> 11) % end_us)
        })
        .collect()
}

fn seek_bench(s: &Scenario) {
    let before = live();
    let single = {
        let mut run = Run::new(s, false);
        run.run_until(SimTime::from_ms(s.duration_ms)).expect("run");
        live() - before
    };
    let t0 = Instant::now();
    let mut lab = Session::new(s.clone());
    // As the page does when idle: slices of 20 000 events until the frontier reaches the end.
    let mut slices = 0;
    while !lab.precompute(20_000) {
        slices += 1;
    }
    let took = t0.elapsed().as_secs_f64();
    let bytes = live() - before;
    let (count, every) = lab.checkpoints();
    println!(
        "precomputed {} to the end in {slices} slices of 20 000 events: {took:.2} s; {} anomaly markers",
        s.title,
        lab.markers().len()
    );
    println!(
        "memory: {:.1} MB live with {count} checkpoints every {every} events (one run alone: {:.1} MB), so {:.2} MB per checkpoint",
        mb(bytes),
        mb(single),
        mb(bytes.saturating_sub(single)) / count.max(1) as f64
    );
    let end = lab.end();
    let mut ms: Vec<f64> = points(50, end.as_us())
        .into_iter()
        .map(|t| {
            let t0 = Instant::now();
            lab.seek(t).expect("seek");
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "seek to 50 random points: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms[ms.len() / 2],
        ms[ms.len() * 95 / 100],
        ms[ms.len() - 1]
    );
}

/// 1000× play at 60 frames per second asks for 16.7 s of sim time per frame; the page handles at
/// most 20 000 events per frame (`EVENTS_PER_FRAME` in src/ui/state.rs). How much sim time does a
/// frame cover, and how long does it take?
fn play_bench(s: &Scenario) {
    let mut lab = Session::new(s.clone());
    let mut covered = Vec::new();
    let mut wall = Vec::new();
    lab.seek(SimTime::from_ms(5_000)).expect("seek");
    for _ in 0..60 {
        let from = lab.now();
        let t0 = Instant::now();
        lab.advance_to(from.plus_us(16_667_000), 20_000).expect("advance");
        wall.push(t0.elapsed().as_secs_f64() * 1e3);
        covered.push((lab.now().as_us() - from.as_us()) as f64 / 1e6);
    }
    covered.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    println!(
        "1000x play, 60 frames of at most 20 000 events: each covers {:.2} s of sim time (median; min {:.2}, max {:.2}) \
         in {:.1} ms of wall time (median; max {:.1})",
        covered[30], covered[0], covered[59], wall[30], wall[59]
    );
}
