//! The page as a whole: header with the language switcher, the introduction, and the note that the
//! lab itself is on its way.

use yew::prelude::*;

use super::lang::Lang;
use super::state::{Action, State};
use super::text;

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State { lang: super::lang::initial() });
    let lang = state.lang;

    // Keep the document in step with the chosen language: <html lang> and the tab title.
    use_effect_with(lang, |lang| {
        super::lang::apply_to_document(*lang);
        gloo::utils::document().set_title(&format!("{} — {}", text::TITLE.get(*lang), text::TAGLINE.get(*lang)));
    });

    let on_pick = {
        let state = state.clone();
        Callback::from(move |picked: Lang| {
            super::lang::remember(picked);
            state.dispatch(Action::SetLang(picked));
        })
    };

    html! {
        <div class="shell">
            <header class="topbar">
                <h1 id="title" class="title">{ text::TITLE.get(lang) }</h1>
                <LanguageSwitch current={lang} on_pick={on_pick} />
            </header>
            <main class="intro" aria-labelledby="title">
                <p class="tagline">{ text::TAGLINE.get(lang) }</p>
                <p class="description">{ text::DESCRIPTION.get(lang) }</p>
                <p class="coming">{ text::COMING.get(lang) }</p>
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LanguageSwitchProps {
    pub current: Lang,
    pub on_pick: Callback<Lang>,
}

/// Two toggle buttons, one per language, each labelled in its own language so that a reader who
/// cannot read the current one still finds theirs.
#[function_component(LanguageSwitch)]
pub fn language_switch(props: &LanguageSwitchProps) -> Html {
    let current = props.current;
    let buttons = Lang::ALL.iter().map(|&lang| {
        let on_pick = props.on_pick.clone();
        let pressed = if lang == current { "true" } else { "false" };
        html! {
            <button
                type="button"
                class="lang-button"
                lang={lang.tag()}
                aria-pressed={pressed}
                onclick={move |_| on_pick.emit(lang)}
            >
                { lang.name() }
            </button>
        }
    });
    html! {
        <div class="lang-switch" role="group" aria-label={text::LANGUAGE.get(current)}>
            { for buttons }
        </div>
    }
}
