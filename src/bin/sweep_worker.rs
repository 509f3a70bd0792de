//! The browser's sweep worker (`mqlab::worker`), a second WASM binary that Trunk builds as a Web
//! Worker (index.html: `data-type="worker"`). It links the engine and the scenario reader but no
//! Yew, so it stays small; the page loads it only when a sweep starts.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    console_error_panic_hook::set_once();
    mqlab::worker::SweepWorker::registrar().register();
}

/// Natively there is nothing to do: the runner sweeps with `mqlab run FILE --runs K`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sweep_worker runs in the browser only; to sweep seeds here use `mqlab run FILE.json --runs K`");
    std::process::exit(2);
}
