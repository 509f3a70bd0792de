//! mqlab: a deterministic simulation of a RocketMQ-style message-queue cluster that a learner can
//! break, and the tools around it (scenario files, share links, the checker, the web lab).

pub mod i18n;
pub mod lab;
pub mod lessons;
pub mod report;
pub mod scenario;
pub mod sim;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod worker;
