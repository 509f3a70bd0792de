//! Small inline SVG icons for the transport buttons: emoji and media symbols are missing from many
//! fonts (a bare Linux box draws them as boxes), shapes are not.

use yew::prelude::*;

/// Which icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Play,
    Pause,
    Step,
    StepBack,
    StepInteresting,
}

/// The icon as a 16×16 SVG in the current text colour, hidden from screen readers (the button
/// carries the name).
pub fn icon(which: Icon) -> Html {
    let shapes = match which {
        Icon::Play => html! { <path d="M4 2 L14 8 L4 14 Z" /> },
        Icon::Pause => {
            html! { <><rect x="3" y="2" width="4" height="12" /><rect x="9" y="2" width="4" height="12" /></> }
        }
        Icon::Step => html! { <><path d="M3 2 L11 8 L3 14 Z" /><rect x="11" y="2" width="2.5" height="12" /></> },
        Icon::StepBack => html! { <><path d="M13 2 L5 8 L13 14 Z" /><rect x="2.5" y="2" width="2.5" height="12" /></> },
        Icon::StepInteresting => {
            html! { <><path d="M1 2 L7 8 L1 14 Z" /><path d="M7 2 L13 8 L7 14 Z" /><rect x="13" y="2" width="2" height="12" /></> }
        }
    };
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">
            { shapes }
        </svg>
    }
}
