//! The scenario editor: presets, and every engine setting in a grouped form with its default and a
//! one-line explanation. Applying a valid scenario starts a new run; invalid values are refused with
//! the engine's field-named message.

use yew::prelude::*;

use super::state::AppContext;

/// The editor pane. (Skeleton: built by the editor work.)
#[function_component(Editor)]
pub fn editor() -> Html {
    let _app = use_context::<AppContext>().expect("AppContext");
    html! { <section class="editor"></section> }
}
