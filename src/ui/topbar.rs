//! The top bar: the product name and the scenario's title, the editor toggle, Share, the language
//! switch and the theme.

use yew::prelude::*;

use super::boot;
use super::editor::PresetPicker;
use super::lang::{self, Lang};
use super::share::ShareButton;
use super::state::{Action, AppContext, Pane, Theme};
use super::text;

#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    // An unchanged preset goes by its name in the page's language, a changed one or a comparison's
    // run by its title in the page's language; the scenario's own title (data, in the language it
    // was written in) is the tooltip.
    // Worked out once per loaded scenario and language, not every frame: naming an unchanged
    // preset compares the scenario with every preset.
    let (title, full_title) = {
        let lab = app.lab.clone();
        let names = use_memo((std::rc::Rc::as_ptr(&app.lab) as usize, lang), move |&(_, lang)| {
            let lab = lab.borrow();
            let s = lab.scenario();
            (crate::lab::compare::notes::shown_name(s, lang), s.title.clone())
        });
        (*names).clone()
    };
    let on_lang = {
        let dispatch = app.dispatcher();
        Callback::from(move |picked: Lang| {
            lang::remember(picked);
            dispatch.dispatch(Action::SetLang(picked));
        })
    };
    let on_theme = {
        let dispatch = app.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let theme = match value.as_str() {
                "light" => Theme::Light,
                "dark" => Theme::Dark,
                _ => Theme::System,
            };
            boot::remember_theme(theme);
            dispatch.dispatch(Action::SetTheme(theme));
        })
    };
    let (pane_label, next_pane) = match app.pane {
        Pane::Lab | Pane::Compare | Pane::Lessons | Pane::Sweep => (text::EDIT, Pane::Editor),
        Pane::Editor => (text::BACK_TO_LAB, Pane::Lab),
    };
    // Compare toggles: pressed, it goes back to the lab.
    let (compare_label, compare_next) = match app.pane {
        Pane::Compare => (text::BACK_TO_LAB, Pane::Lab),
        _ => (text::COMPARE, Pane::Compare),
    };
    let on_compare = {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(Action::SetPane(compare_next))
    };
    let (sweep_label, sweep_next) = match app.pane {
        Pane::Sweep => (text::BACK_TO_LAB, Pane::Lab),
        _ => (text::SWEEP, Pane::Sweep),
    };
    let on_sweep = {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(Action::SetPane(sweep_next))
    };
    let (lessons_label, lessons_next) = match app.pane {
        Pane::Lessons => (text::BACK_TO_LAB, Pane::Lab),
        _ => (super::lesson::LESSONS, Pane::Lessons),
    };
    let on_lessons = {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(Action::SetPane(lessons_next))
    };
    let on_pane = {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(Action::SetPane(next_pane))
    };
    let theme_option = |value: &'static str, label: text::Text, theme: Theme| {
        html! { <option value={value} selected={app.theme == theme}>{ label.get(lang) }</option> }
    };
    html! {
        <header class="topbar">
            <h1 class="brand">{ text::TITLE.get(lang) }</h1>
            <p class="scenario-title" title={full_title}>{ title }</p>
            <div class="topbar-actions">
                <button type="button" class="button" id="open-lessons" aria-pressed={(app.pane == Pane::Lessons).to_string()}
                    onclick={on_lessons}>{ lessons_label.get(lang) }</button>
                <PresetPicker />
                <button type="button" class="button" id="open-editor" aria-pressed={(app.pane == Pane::Editor).to_string()}
                    onclick={on_pane}>{ pane_label.get(lang) }</button>
                <button type="button" class="button" id="open-compare" aria-pressed={(app.pane == Pane::Compare).to_string()}
                    onclick={on_compare}>{ compare_label.get(lang) }</button>
                <button type="button" class="button" id="open-sweep" aria-pressed={(app.pane == Pane::Sweep).to_string()}
                    onclick={on_sweep}>{ sweep_label.get(lang) }</button>
                <ShareButton />
                <LanguageSwitch current={lang} on_pick={on_lang} />
                <label class="theme-pick">
                    <span class="visually-hidden">{ text::THEME.get(lang) }</span>
                    <select aria-label={text::THEME.get(lang)} onchange={on_theme}>
                        { theme_option("system", text::THEME_SYSTEM, Theme::System) }
                        { theme_option("light", text::THEME_LIGHT, Theme::Light) }
                        { theme_option("dark", text::THEME_DARK, Theme::Dark) }
                    </select>
                </label>
            </div>
        </header>
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
        html! {
            <button type="button" class="lang-button" lang={lang.tag()}
                aria-pressed={(lang == current).to_string()} onclick={move |_| on_pick.emit(lang)}>
                { lang.name() }
            </button>
        }
    });
    html! {
        <div class="lang-switch" role="group" aria-label={text::LANGUAGE.get(current)}>{ for buttons }</div>
    }
}
