//! Scenario files: Import reads a JSON file the learner picks and, if it is a valid scenario,
//! starts it; a file that is not is refused with the reader's field-named error and changes
//! nothing. Export downloads the working copy as a .json file once it validates.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlInputElement};
use yew::prelude::*;

use super::draft::{build, Attempt, Draft, Edit, ImportProblem};
use super::text;
use crate::scenario::parse_scenario;
use crate::ui::state::{Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub draft: UseReducerHandle<Draft>,
}

/// The Import and Export buttons.
#[function_component(FileButtons)]
pub fn file_buttons(props: &FilesProps) -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    // A read in progress is cancelled when its handle is dropped: keep it until the next one.
    let reading = use_mut_ref(|| None::<FileReader>);
    // The download's object URL must outlive the click that starts it; freed at the next export.
    let download = use_mut_ref(|| None::<ObjectUrl>);

    let on_import = {
        let draft = props.draft.clone();
        let dispatch = app.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            // Picking the same file again must fire `change` again.
            input.set_value("");
            let draft = draft.clone();
            let dispatch = dispatch.clone();
            let task = gloo::file::callbacks::read_as_text(&file.into(), move |read| match read {
                Ok(text) => match parse_scenario(&text) {
                    Ok(s) => {
                        draft.dispatch(Edit::ImportRead);
                        dispatch.dispatch(Action::LoadScenario(Box::new(s)))
                    }
                    Err(e) => refused(&draft, &dispatch, ImportProblem::Invalid(e)),
                },
                Err(_) => refused(&draft, &dispatch, ImportProblem::Unreadable),
            });
            *reading.borrow_mut() = Some(task);
        })
    };

    let on_export = {
        let draft = props.draft.clone();
        Callback::from(move |_| match build(&draft.doc) {
            Ok(s) => {
                let name = file_name(&s.title);
                if let Ok(json) = crate::scenario::json::to_text(&s, true) {
                    save(&json, &name, &download);
                }
            }
            Err(errors) => draft.dispatch(Edit::Refused(Attempt::Export, errors)),
        })
    };

    html! {
        <>
            <label class="button ed-import">
                { text::IMPORT.get(lang) }
                <input type="file" accept=".json,application/json" class="visually-hidden"
                    aria-label={text::IMPORT_LABEL.get(lang)} onchange={on_import} />
            </label>
            <button type="button" class="button" onclick={on_export}>{ text::EXPORT.get(lang) }</button>
        </>
    }
}

/// Say why a file was not imported, and drop what was said about an earlier one (too big).
fn refused(
    draft: &UseReducerHandle<Draft>,
    dispatch: &yew::UseReducerDispatcher<crate::ui::state::State>,
    why: ImportProblem,
) {
    dispatch.dispatch(Action::LoadRefused);
    draft.dispatch(Edit::ImportFailed(why));
}

/// Starts a download of `json` as `name`.
fn save(json: &str, name: &str, keep: &Rc<RefCell<Option<ObjectUrl>>>) {
    let url = ObjectUrl::from(Blob::new_with_options(json, Some("application/json")));
    let document = gloo::utils::document();
    let Some(a) = document.create_element("a").ok().and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok()) else {
        return;
    };
    a.set_href(&url);
    a.set_download(name);
    a.click();
    *keep.borrow_mut() = Some(url);
}

/// A file name from the title: letters, digits and dashes, else "scenario". Only ASCII letters are
/// lowercased: Unicode lowercasing would bring its case tables (~11 KB) into the WASM for a file
/// name, and Chinese has no case.
fn file_name(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{}.json", if slug.is_empty() { "scenario" } else { slug })
}
