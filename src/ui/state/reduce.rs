//! How each `Action` changes the state: the page's one reducer.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use super::*;
use crate::ui::boot::Opened;

impl State {
    /// A new run in the lab, from its start, out of any lesson.
    fn start_over(&mut self, session: Session) {
        self.lab = Rc::new(RefCell::new(session));
        self.playing = false;
        self.end_reveal();
        self.lesson = None;
        self.selection = None;
        self.pane = Pane::Lab;
        // What was said about the old run (a fork, a refusal, a link that would not open) no
        // longer applies.
        self.notices.clear();
    }
}

/// What loading `next` would throw away of the learner's, as a notice that can bring it back: the
/// actions they took, or their own scenario when a preset replaces it. (An edited scenario applied
/// over another is the same work going on, and presets can be picked again.)
fn learners_work(old: &Session, next: &Scenario) -> Option<Notice> {
    let actions = old.actions().len();
    let own = || crate::scenario::presets::id_of(old.scenario()).is_none();
    let replaced_by_preset = || crate::scenario::presets::id_of(next).is_some();
    (actions > 0 || (own() && replaced_by_preset()))
        .then(|| Notice::Replaced { actions, run: ReplacedRun(Rc::new(old.share())) })
}

/// The editor's unapplied edits that loading `next` over the running session would drop, as a
/// notice that can bring them back.
fn edits_dropped_by(s: &State, next: &Scenario) -> Option<Notice> {
    let base = Rc::as_ptr(&s.lab) as usize;
    crate::ui::editor::unapplied(base, s.lab.borrow().scenario(), next).map(Notice::EditsDropped)
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = self.next();
        match action {
            Action::SetLang(lang) => s.lang = lang,
            Action::SetTheme(theme) => s.theme = theme,
            Action::Frame { wall_us } => {
                let precomputed = s.lab.borrow().precomputed();
                if !s.playing && precomputed {
                    return self;
                }
                let started = crate::ui::wall::now_ms_fine();
                if s.playing {
                    s.play_frame(wall_us);
                }
                // The frontier gets what play left of its share of the frame (one chunk at least
                // while paused).
                let (share_ms, chunk) = if s.playing {
                    (FRONTIER_WHILE_PLAYING_MS, FRONTIER_CHUNK_WHILE_PLAYING)
                } else {
                    (FRAME_BUDGET_MS, EVENTS_PER_CHUNK)
                };
                let mut lab = s.lab.borrow_mut();
                while crate::ui::wall::now_ms_fine() < started + share_ms && !lab.precompute(chunk) {}
            }
            Action::TogglePlay => {
                s.playing = !s.playing;
                s.end_reveal();
            }
            Action::Step => {
                s.playing = false;
                let stepped = s.lab.borrow_mut().step_event();
                match stepped {
                    Ok(true) => {}
                    Ok(false) => s.notify(Notice::RunOver),
                    Err(e) => s.notify(Notice::Run(e)),
                }
            }
            Action::StepBack => {
                s.playing = false;
                s.with_lab(|lab| lab.step_back());
            }
            Action::StepInteresting => {
                s.playing = false;
                let result = s.lab.borrow_mut().step_interesting(INTERESTING_BUDGET);
                match result {
                    Ok(Progress::Reached) => {}
                    Ok(progress) => s.notify(Notice::NothingInteresting { at_end: progress == Progress::AtEnd }),
                    Err(e) => s.notify(Notice::Run(e)),
                }
            }
            Action::Seek(t) => s.with_lab(|lab| lab.seek(t)),
            Action::SetSpeed(i) => s.speed = i.min(SPEEDS_PERMILLE.len() - 1),
            Action::SetSkipIdle(on) => s.skip_idle = on,
            // Nothing follows the end of the run: an action there would be logged and shared but
            // change nothing.
            Action::Act(_) if s.lab.borrow().at_end() => s.notify(Notice::ActAtEnd),
            Action::Act(command) => {
                let acted = s.lab.borrow_mut().act(command);
                if acted.refused.is_none() {
                    crate::ui::share::clear_run_link();
                }
                if acted.dropped_later_actions > 0 {
                    s.notify(Notice::Forked { dropped: acted.dropped_later_actions });
                }
                if let Some(reason) = acted.refused {
                    s.notify(Notice::Refused(reason));
                }
            }
            Action::Select(sel) => s.selection = sel,
            Action::CloseMenu => {
                if matches!(s.selection, Some(Selection::Node(_) | Selection::Link(..))) {
                    s.selection = None;
                }
            }
            Action::Inspect { key, at } => {
                s.selection = Some(Selection::Message(key));
                if let Some(t) = at {
                    s.playing = false;
                    s.with_lab(|lab| lab.seek(t));
                }
            }
            Action::LoadScenario(scenario) => {
                if let Err(e) = crate::lab::limits::check_fits_in_browser(&scenario) {
                    s.notify(Notice::TooBig(ErrorText::of(&e)));
                    s.changed();
                    return Rc::new(s);
                }
                let replaced = learners_work(&s.lab.borrow(), &scenario);
                let dropped = edits_dropped_by(&s, &scenario);
                s.start_over(Session::new(*scenario));
                // The address's link (maybe a broken one) no longer says what the page shows: a
                // reload must bring back this run, saved, not the link.
                crate::ui::share::clear_fragment();
                if let Some(notice) = replaced {
                    s.notify(notice);
                }
                if let Some(notice) = dropped {
                    s.notify(notice);
                }
            }
            Action::LoadRefused => s.notices.retain(|n| !matches!(n, Notice::TooBig(_))),
            Action::RestoreEdits(edits) => {
                crate::ui::editor::restore_dropped(&edits, Rc::as_ptr(&s.lab) as usize);
                s.notices.retain(|n| !matches!(n, Notice::EditsDropped(_)));
                s.pane = Pane::Editor;
            }
            Action::BringBack(run) => match Session::from_shared((*run.0).clone()) {
                Ok(session) => {
                    // Getting one thing back must not lose the other silently: edits dropped
                    // earlier can still be brought back, and edits this swap drops are said so.
                    let dropped = edits_dropped_by(&s, session.scenario())
                        .or_else(|| s.notices.iter().find(|n| matches!(n, Notice::EditsDropped(_))).cloned());
                    s.start_over(session);
                    if let Some(notice) = dropped {
                        s.notify(notice);
                    }
                }
                Err(e) => s.notify(Notice::Run(e)),
            },
            Action::OpenLink(text) => match crate::ui::boot::open_fragment(&text) {
                Ok(Opened::Lesson(at)) => s.open_lesson(at),
                Ok(Opened::Run(session)) => {
                    // A link pasted over unapplied edits drops them like any other load: say so.
                    let dropped = edits_dropped_by(&s, session.scenario());
                    s.start_over(*session);
                    crate::ui::boot::opened_from_link(&s.lab);
                    if let Some(notice) = dropped {
                        s.notify(notice);
                    }
                }
                Err(problem) => {
                    crate::ui::share::clear_fragment();
                    s.notify(Notice::BadLink { problem, saved_kept: true });
                }
            },
            Action::Notify(n) => s.notify(n),
            Action::Dismiss(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
            Action::SetPane(p) => {
                s.pane = p;
                // Opened by hand, the compare pane starts with nothing running.
                s.compare_request = None;
            }
            Action::OpenLesson(at) => s.open_lesson(at),
            Action::LessonNext | Action::LessonPrev => {
                if let Some(at) = s.lesson.map(|l| l.at) {
                    let steps = lessons::all().get(at.lesson).map_or(0, |l| l.steps.len());
                    let step = match action {
                        Action::LessonNext => (at.step + 1).min(steps.saturating_sub(1)),
                        _ => at.step.saturating_sub(1),
                    };
                    if step != at.step {
                        s.open_lesson(StepAddress { step, ..at });
                    }
                }
            }
            Action::Answer(choice) => s.answer(choice),
            Action::LeaveLesson => {
                s.lesson = None;
                s.end_reveal();
            }
            Action::OpenComparison(i) => {
                let serial = s.compare_request.map_or(0, |(_, n)| n + 1);
                s.compare_request = Some((i, serial));
                s.pane = Pane::Compare;
            }
        }
        s.settle_lesson();
        s.changed();
        Rc::new(s)
    }
}
