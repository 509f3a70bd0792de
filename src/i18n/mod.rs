//! The two languages mqlab speaks, English and Simplified Chinese, and the one trait every
//! user-facing text goes through. Anything a learner reads (an error, an anomaly explanation, a
//! label) implements `Localize`, so no message can exist in English only.

pub mod explain;
pub mod rocket;

use serde::{Deserialize, Serialize};

/// One fixed user-facing text in both languages, side by side so that a missing translation is
/// visible in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }
}

/// A language of the lab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese. `"zh"` is accepted when reading, since browsers and people write both.
    #[serde(rename = "zh-CN", alias = "zh")]
    Zh,
}

impl Lang {
    /// Every language, in the order a switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// A colon before what follows: Chinese writes it full-width, with no space.
    pub fn colon(self) -> &'static str {
        self.pick(": ", "：")
    }

    /// A comma between clauses: full-width in Chinese.
    pub fn comma(self) -> &'static str {
        self.pick(", ", "，")
    }

    /// The BCP 47 tag, for `<html lang>`, storage and serde.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, as a language switcher shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// Reads a language tag (`navigator.language`, a stored choice, a POSIX locale such as
    /// `zh_CN.UTF-8`). Simplified Chinese — `zh`, `zh-CN`, `zh-SG`, `zh-MY`, `zh-Hans…` — gives
    /// `Zh`; everything else, including Traditional Chinese (`zh-TW`, `zh-Hant`), gives `En`,
    /// because our Chinese text is written in simplified characters only.
    pub fn from_tag(tag: &str) -> Lang {
        // A POSIX locale carries an encoding and a modifier ("zh_CN.UTF-8@pinyin"): not language.
        let tag = tag.split(['.', '@']).next().unwrap_or_default();
        let mut parts = tag.split(['-', '_']);
        if !parts.next().is_some_and(|p| p.eq_ignore_ascii_case("zh")) {
            return Lang::En;
        }
        match parts.next() {
            None => Lang::Zh,
            Some(sub) => {
                let simplified = ["cn", "sg", "my", "hans"].iter().any(|s| sub.eq_ignore_ascii_case(s));
                if simplified {
                    Lang::Zh
                } else {
                    Lang::En
                }
            }
        }
    }

    /// The English or the Chinese of two alternatives, for short texts kept side by side.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// A text a learner reads, in the language they chose. Implementors whose English is their
/// `Display` should return exactly that for `Lang::En`, so logs and the page agree.
pub trait Localize {
    fn localize(&self, lang: Lang) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_languages() {
        for tag in ["zh", "zh-CN", "ZH-cn", "zh_CN.UTF-8", "zh.UTF-8", "zh-Hans", "zh-Hans-CN", "zh-SG"] {
            assert_eq!(Lang::from_tag(tag), Lang::Zh, "{tag}");
        }
        for tag in ["", "en", "en-GB", "fr", "zh-TW", "zh-Hant", "zh-HK", "zhx", "-"] {
            assert_eq!(Lang::from_tag(tag), Lang::En, "{tag}");
        }
    }

    #[test]
    fn serde_uses_the_tags() {
        assert_eq!(serde_json::to_string(&Lang::Zh).ok().as_deref(), Some("\"zh-CN\""));
        assert_eq!(serde_json::from_str::<Lang>("\"zh\"").ok(), Some(Lang::Zh));
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").ok(), Some(Lang::En));
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
        }
    }
}
