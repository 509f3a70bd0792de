//! The simulation engine: plain Rust, no web dependency, no I/O, no wall clock. A `World` built
//! from a scenario steps through events in a fixed order; every node is a state machine that acts
//! only through effects; the trace records everything; the `audit` checker reads the trace.

pub mod audit;
pub mod chunked;
pub mod command;
pub mod effects;
pub mod event_queue;
pub mod ids;
pub mod network;
pub mod nodes;
pub mod rng;
pub mod rocket_events;
pub mod run;
pub mod small_map;
pub mod small_set;
pub mod systems;
pub mod time;
pub mod topology;
pub mod trace;
pub mod trace_hash;
pub mod wire;
pub mod world;
