//! The web lab: Yew components that draw the simulation and send the learner's commands to it.
//! Nothing here decides what the cluster does; that is the engine's job in `crate::sim`.

mod app;
mod boot;
mod cluster;
mod compare;
mod download;
mod editor;
mod icons;
mod keys;
mod lang;
mod lesson;
mod notices;
mod panels;
mod player;
mod share;
mod state;
mod sweep;
mod text;
mod timeline;
mod topbar;
mod wall;

pub use app::App;
pub use lang::{Lang, KEY};

/// Id of the element the app renders into (see index.html).
const ROOT_ID: &str = "mqlab-root";
/// Id of the notice the panic hook shows.
const CRASH_ID: &str = "mqlab-crash";

/// Starts the web lab: installs the panic hook, then renders [`App`] into `#mqlab-root`
/// (or into `<body>` if the page has no such element).
pub fn start() {
    install_panic_hook();
    let document = gloo::utils::document();
    match document.get_element_by_id(ROOT_ID) {
        Some(root) => {
            // Drop the "loading" placeholder that index.html shows until WASM runs.
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// A panic in WASM leaves a page that looks alive but no longer answers. Besides logging the panic
/// to the console, show the learner a notice in both languages so they know to reload.
///
/// Installed through Yew: its renderer replaces any hook set with `std::panic::set_hook`.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_notice(&info.to_string());
    }));
}

/// Show the crash notice (what the panic hook does after logging). Public for the browser tests.
pub fn show_crash_notice(detail: &str) {
    let document = gloo::utils::document();
    // A second panic while the notice is up adds nothing the console does not already have.
    if document.get_element_by_id(CRASH_ID).is_some() {
        return;
    }
    let Some(body) = document.body() else {
        return;
    };
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id(CRASH_ID);
    notice.set_class_name("crash");
    let _ = notice.set_attribute("role", "alert");
    for (tag, lang, message) in [("p", "en", text::CRASHED.en), ("p", "zh-CN", text::CRASHED.zh), ("pre", "en", detail)]
    {
        if let Ok(line) = document.create_element(tag) {
            let _ = line.set_attribute("lang", lang);
            line.set_text_content(Some(message));
            let _ = notice.append_child(&line);
        }
    }
    // The button is plain DOM with an inline handler-free link: Yew may be the thing that died.
    // Loading the page without its fragment opens the run saved in LocalStorage.
    if let Ok(reload) = document.create_element("a") {
        let href = gloo::utils::window().location().pathname().unwrap_or_else(|_| "/".into());
        let _ = reload.set_attribute("href", &href);
        let _ = reload.set_attribute("id", "reload-saved");
        reload.set_class_name("button button-primary");
        reload.set_text_content(Some(&format!("{} · {}", text::RELOAD_SAVED.en, text::RELOAD_SAVED.zh)));
        let _ = notice.append_child(&reload);
    }
    let _ = body.prepend_with_node_1(&notice);
}
