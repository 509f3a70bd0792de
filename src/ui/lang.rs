//! The page's side of the language choice (the languages themselves are `crate::i18n::Lang`): the
//! first visit follows the browser's language, a choice made with the switcher is remembered in
//! LocalStorage, and the document says which language it is in.

use gloo::storage::{LocalStorage, Storage};

pub use crate::i18n::Lang;

/// LocalStorage key under which the chosen language is kept.
pub const KEY: &str = "mqlab.lang";

/// The language to start in: the remembered choice, else the browser's, else English.
pub fn initial() -> Lang {
    let remembered = LocalStorage::get::<String>(KEY).ok();
    let browser = || gloo::utils::window().navigator().language();
    remembered.or_else(browser).map_or(Lang::En, |tag| Lang::from_tag(&tag))
}

/// Remember this language for the next visit. Storage can be full or disabled (private windows);
/// the page still works then, it just forgets.
pub fn remember(lang: Lang) {
    if let Err(err) = LocalStorage::set(KEY, lang.tag()) {
        gloo::console::warn!(format!("mqlab: could not remember the language: {err}"));
    }
}

/// Make the document itself say which language it is in, for screen readers and fonts.
pub fn apply_to_document(lang: Lang) {
    if let Some(html) = gloo::utils::document().document_element() {
        // Setting an attribute on <html> cannot fail for a valid name.
        let _ = html.set_attribute("lang", lang.tag());
    }
}
