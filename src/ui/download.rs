//! Saving a text as a file the browser downloads (exported traces and scenarios): a Blob, an object
//! URL, a click on a temporary link, and the URL revoked later so the Blob can be freed.

use wasm_bindgen::JsCast;

/// Offer `contents` as a download named `file_name`; false if the browser refused (the caller
/// says so in the page).
pub fn download(file_name: &str, mime: &str, contents: &str) -> bool {
    offer(file_name, mime, contents).is_some()
}

fn offer(file_name: &str, mime: &str, contents: &str) -> Option<()> {
    let parts = web_sys::js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = gloo::utils::document();
    let anchor = document.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download reads the Blob after the click returns: revoking at once can cut a big file
    // short, so the URL (and the Blob's memory) is let go a minute later.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

/// A file name from a scenario title: letters, digits and dashes only (titles come from links).
pub fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "mqlab".to_string()
    } else {
        stem
    }
}
