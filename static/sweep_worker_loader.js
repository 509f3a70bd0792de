// Starts the seed-sweep worker (src/bin/sweep_worker.rs) inside a Web Worker: load wasm-bindgen's
// glue, then the module. Trunk's own loader (data-loader-shim) passes the module path in the form
// wasm-bindgen 0.2.130 deprecates, which logs a warning every time a sweep starts.
importScripts('./sweep_worker.js');
wasm_bindgen({ module_or_path: './sweep_worker_bg.wasm' });
