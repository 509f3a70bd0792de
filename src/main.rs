//! The one binary: in the browser it starts the web lab; natively it is the headless runner.

#[cfg(target_arch = "wasm32")]
fn main() {
    mqlab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(mqlab::cli::main());
}
