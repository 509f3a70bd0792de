//! The animation clock: while the run plays (or the run ahead is still being simulated), every
//! animation frame sends `Action::Frame` with the wall time since the previous one. The pending frame request is owned by a hook and dropped
//! (which cancels it) when playing stops or the page goes away; it is never leaked.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::state::{Action, State};

/// A frame the browser still owes us, and when the previous frame came (ms, the browser's clock).
#[derive(Default)]
struct Clock {
    pending: Option<AnimationFrame>,
    last_ms: Option<f64>,
}

/// Drive `state` with animation frames while it is playing.
#[hook]
pub fn use_player(state: &UseReducerHandle<State>) {
    let clock: Rc<RefCell<Clock>> = use_mut_ref(Clock::default);
    // Frames are wanted while playing, and while the run ahead is not yet simulated.
    let busy = state.playing || !state.lab.borrow().precomputed();
    let playing = state.playing;
    let dispatch = state.dispatcher();
    // Every new state (each frame makes one) asks for the next frame while busy.
    use_effect_with((busy, playing, state.frame), move |&(busy, playing, _)| {
        if !playing {
            // The play clock restarts from one 60 Hz frame when play is pressed again.
            clock.borrow_mut().last_ms = None;
        }
        if !busy {
            *clock.borrow_mut() = Clock::default();
        } else if clock.borrow().pending.is_none() {
            let owner = clock.clone();
            let request = request_animation_frame(move |now_ms| {
                let mut c = owner.borrow_mut();
                c.pending = None;
                // The first frame after pressing play counts as one 60 Hz frame.
                let wall_us = c.last_ms.map_or(16_667, |last| ((now_ms - last).max(0.0) * 1_000.0) as u64);
                c.last_ms = Some(now_ms);
                drop(c);
                dispatch.dispatch(Action::Frame { wall_us });
            });
            clock.borrow_mut().pending = Some(request);
        }
    });
}
