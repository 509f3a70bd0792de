//! Which language the page speaks: English or Simplified Chinese. The first visit follows the
//! browser's language; a choice made with the switcher is remembered in LocalStorage.

use gloo::storage::{LocalStorage, Storage};

/// LocalStorage key under which the chosen language is kept.
pub const KEY: &str = "mqlab.lang";

/// A language the page is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, for `<html lang>` and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// Reads a tag such as `zh`, `zh-CN` or `en-GB`; any Chinese variant maps to `Zh`, anything
    /// else that is English to `En`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::Zh)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language to start in: the remembered choice, else the browser's, else English.
    pub fn initial() -> Lang {
        let remembered = LocalStorage::get::<String>(KEY).ok().and_then(|tag| Lang::from_tag(&tag));
        remembered
            .or_else(|| gloo::utils::window().navigator().language().and_then(|tag| Lang::from_tag(&tag)))
            .unwrap_or(Lang::En)
    }

    /// Remembers this language for the next visit. Storage can be full or disabled (private
    /// windows); the page still works then, it just forgets.
    pub fn remember(self) {
        if let Err(err) = LocalStorage::set(KEY, self.tag()) {
            gloo::console::warn!(format!("mqlab: could not remember the language: {err}"));
        }
    }

    /// Makes the document itself say which language it is in, for screen readers and fonts.
    pub fn apply_to_document(self) {
        if let Some(html) = gloo::utils::document().document_element() {
            // Setting an attribute on <html> cannot fail for a valid name.
            let _ = html.set_attribute("lang", self.tag());
        }
    }
}
