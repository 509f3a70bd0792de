//! The page's one reducer: the lab session and everything the page shows about it. Components read
//! the state from the context (`AppContext`) and send `Action`s; only `reduce` changes anything.
//! The session is large and changes every frame, so it sits behind a `RefCell` that `reduce`
//! mutates in place; `frame` counts the changes so that a new state compares unequal.

use std::cell::RefCell;
use std::rc::Rc;

use super::lang::Lang;
use crate::lab::{Progress, Session};
use crate::lessons::{self, address::StepAddress};
use crate::scenario::link::SharedRun;
use crate::scenario::model::Scenario;
use crate::sim::command::Command;
use crate::sim::ids::{MsgKey, NodeId};
use crate::sim::run::RunError;
use crate::sim::time::SimTime;
use crate::sim::world::CommandError;

mod reduce;
mod run_preset;

/// Play speeds, in thousandths of real time: 0.1× to 1000×.
pub const SPEEDS_PERMILLE: [u64; 10] = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 50_000, 200_000, 1_000_000];
/// The speed a new page plays at (1×).
pub const DEFAULT_SPEED: usize = 3;
/// The page simulates for at most this long per animation frame, so that a fast-forward never
/// freezes it: at high speed, or on a heavy scenario, the run falls behind the wall clock instead
/// (the timeline says so). Playing comes first; while paused, the frontier (checkpoints and
/// whole-run markers) gets all of it.
pub const FRAME_BUDGET_MS: f64 = 10.0;
/// While the run plays, the frontier gets only what play left of this much of the frame (nothing
/// once play used it up). Drawing hundreds of moving messages needs most of a 16.7 ms display
/// frame: with the whole budget, the frontier pushed every frame at 1× past it.
pub const FRONTIER_WHILE_PLAYING_MS: f64 = 2.0;
/// Events simulated between two looks at the clock.
pub const EVENTS_PER_CHUNK: u64 = 2_000;
/// The same while the run plays, for the frontier, so that its last chunk overruns its share by
/// little.
pub const FRONTIER_CHUNK_WHILE_PLAYING: u64 = 300;
/// Frames in a row that fell behind before the timeline says the page cannot keep up (a third
/// of a second: a single slow frame is no news).
const BEHIND_AFTER_FRAMES: u8 = 20;
/// "Step to the next interesting event" gives up after this many events (it can be pressed again).
pub const INTERESTING_BUDGET: u64 = 500_000;

/// Light, dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// What the learner clicked to look at or to break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Node(NodeId),
    /// The link between two nodes (either direction).
    Link(NodeId, NodeId),
    /// A business message, for the inspector.
    Message(MsgKey),
}

/// A dismissible message at the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Acting in the past dropped this many later actions.
    Forked { dropped: usize },
    /// The cluster would not take a command (recorded anyway).
    Refused(CommandError),
    /// A share link could not be opened (why, in both languages). The run shown instead is the
    /// saved one (`saved_kept`), or, on a first visit, the standard scenario.
    BadLink { problem: ErrorText, saved_kept: bool },
    /// Replaying the recorded actions failed.
    Run(RunError),
    /// The saved scenario could not be read back; the standard one was loaded instead.
    SavedUnreadable,
    /// The editor's unapplied edits kept in LocalStorage could not be read back and were dropped.
    DraftUnreadable,
    /// "Step to the next interesting event" found nothing: to the end of the run, or within its
    /// budget (`at_end` false: pressing again looks further).
    NothingInteresting { at_end: bool },
    /// "One event" at the end of the run: there is no next event.
    RunOver,
    /// A scenario too big for a browser tab was not loaded (the runner can run it).
    TooBig(ErrorText),
    /// An action at the end of the run, where nothing follows it: not taken.
    ActAtEnd,
    /// "Export trace" at a moment with more events than the page writes.
    ExportTooBig { events: u64 },
    /// The browser would not save a file.
    SaveFailed { file: String },
    /// Another scenario replaced a run the learner made (their own scenario, or actions taken by
    /// hand): it can be brought back, at the moment it was left. Its name is the header's, in the
    /// page's language at the time it is shown (`run` has the scenario).
    Replaced { actions: usize, run: ReplacedRun },
    /// Loading another scenario dropped the editor's unapplied edits; they can be brought back.
    EditsDropped(crate::ui::editor::DroppedEdits),
}

/// A run another scenario replaced, kept to bring back. Compared by identity: the notices are
/// compared every frame, and a deep comparison would walk the scenario and its action log.
#[derive(Clone, Debug)]
pub struct ReplacedRun(pub Rc<SharedRun>);

impl PartialEq for ReplacedRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// An error's message in both languages, kept as text (the error types own their wording): why a
/// link could not be opened, or why a scenario is too big for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorText {
    pub en: String,
    pub zh: String,
}

impl ErrorText {
    /// Any error's text in both languages.
    pub fn of(e: &dyn crate::i18n::Localize) -> ErrorText {
        ErrorText { en: e.localize(Lang::En), zh: e.localize(Lang::Zh) }
    }
}

/// Which big panel is open beside the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Lab,
    Editor,
    /// Several configurations of one scenario, side by side.
    Compare,
    /// The list of lessons.
    Lessons,
    /// Many seeds of the current scenario, run in Web Workers.
    Sweep,
}

/// Where the learner is in a lesson, and what they answered to its prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LessonAt {
    pub at: StepAddress,
    /// The choice picked for the step's prediction, once picked.
    pub answer: Option<usize>,
    /// Where the answer shows (the reveal moment), once picked.
    pub reveal_at: Option<SimTime>,
    /// The right choice, read off the run when it reaches the reveal.
    pub right: Option<usize>,
}

/// What the page shows right now.
pub struct State {
    pub lang: Lang,
    pub theme: Theme,
    pub lab: Rc<RefCell<Session>>,
    /// Bumped at every change of the session.
    pub frame: u64,
    pub playing: bool,
    pub speed: usize,
    pub skip_idle: bool,
    pub selection: Option<Selection>,
    pub notices: Vec<Notice>,
    pub pane: Pane,
    /// The lesson step shown, in lesson mode.
    pub lesson: Option<LessonAt>,
    /// Playing stops here (a lesson plays on to its answer, then waits).
    pub play_until: Option<SimTime>,
    /// The learner's own speed while a lesson plays on to its reveal at a speed of its choosing:
    /// given back when that play ends.
    pub speed_before_reveal: Option<usize>,
    /// A predefined comparison to open and run in the compare pane (its index), with a serial
    /// number so that asking again runs it again.
    pub compare_request: Option<(usize, u64)>,
    /// Frames in a row that ran out of time before reaching the sim time the speed asked for.
    pub behind_frames: u8,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab)
            && self.frame == other.frame
            && self.lang == other.lang
            && self.theme == other.theme
            && self.playing == other.playing
            && self.speed == other.speed
            && self.skip_idle == other.skip_idle
            && self.selection == other.selection
            && self.notices == other.notices
            && self.pane == other.pane
            && self.lesson == other.lesson
            && self.play_until == other.play_until
            && self.speed_before_reveal == other.speed_before_reveal
            && self.compare_request == other.compare_request
            && self.behind() == other.behind()
    }
}

/// Something the learner (or the animation clock) did.
pub enum Action {
    SetLang(Lang),
    SetTheme(Theme),
    /// An animation frame: this much wall time passed since the last one, in µs. Plays the run if
    /// it is playing, and simulates ahead of the cursor until the whole run is known.
    Frame {
        wall_us: u64,
    },
    TogglePlay,
    /// Handle exactly one event.
    Step,
    /// Go back one event (re-simulated).
    StepBack,
    /// Run until something a learner would want to see.
    StepInteresting,
    Seek(SimTime),
    SetSpeed(usize),
    SetSkipIdle(bool),
    /// Send a fault or repair to the cluster at the cursor.
    Act(Command),
    Select(Option<Selection>),
    /// Show a message in the inspector and move the cursor to when something happened to it.
    Inspect {
        key: MsgKey,
        at: Option<SimTime>,
    },
    /// Start over with this scenario (from the editor, a preset or an imported file).
    LoadScenario(Box<Scenario>),
    /// The editor refused a scenario itself (an apply with a wrong field, a file that is no
    /// scenario): a notice that an earlier one was too big for the page no longer applies.
    LoadRefused,
    /// Close a node's or a link's fault menu, if one is open.
    CloseMenu,
    /// Open again the run another scenario replaced (`Notice::Replaced`).
    BringBack(ReplacedRun),
    /// Put the edits another scenario dropped back into the editor (`Notice::EditsDropped`).
    RestoreEdits(crate::ui::editor::DroppedEdits),
    /// Open a share link or a lesson step's address (the URL fragment changed in an open tab).
    OpenLink(String),
    Notify(Notice),
    Dismiss(usize),
    SetPane(Pane),
    /// Open a lesson step: load its scene (or seek, if the run is the same) and show its text.
    OpenLesson(StepAddress),
    LessonNext,
    LessonPrev,
    /// Pick an answer to the step's prediction: the run plays on to the reveal.
    Answer(usize),
    /// Leave lesson mode; the run stays as it is, to continue freely (the sandbox).
    LeaveLesson,
    /// Open the compare pane on a predefined comparison and run it.
    OpenComparison(usize),
}

impl State {
    /// A fresh state around a session.
    pub fn new(lang: Lang, theme: Theme, session: Session) -> State {
        State {
            lang,
            theme,
            lab: Rc::new(RefCell::new(session)),
            frame: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            skip_idle: true,
            selection: None,
            notices: Vec::new(),
            pane: Pane::Lab,
            lesson: None,
            play_until: None,
            speed_before_reveal: None,
            compare_request: None,
            behind_frames: 0,
        }
    }

    fn next(&self) -> State {
        State {
            lang: self.lang,
            theme: self.theme,
            lab: self.lab.clone(),
            frame: self.frame,
            playing: self.playing,
            speed: self.speed,
            skip_idle: self.skip_idle,
            selection: self.selection,
            notices: self.notices.clone(),
            pane: self.pane,
            lesson: self.lesson,
            play_until: self.play_until,
            speed_before_reveal: self.speed_before_reveal,
            compare_request: self.compare_request,
            behind_frames: self.behind_frames,
        }
    }

    /// The preset the run is, unchanged, if any: worked out once per run (`run_preset`).
    pub fn preset(&self) -> Option<&'static str> {
        run_preset::of(&self.lab)
    }

    /// Playing, and slower than the chosen speed for a while: the browser cannot keep up.
    pub fn behind(&self) -> bool {
        self.playing && self.behind_frames >= BEHIND_AFTER_FRAMES
    }

    /// Sim time a message stays drawn at least, so a 0.5 ms hop is visible: about 0.4 s of wall
    /// time at the current speed.
    pub fn linger_us(&self) -> u64 {
        (SPEEDS_PERMILLE[self.speed] * 400).clamp(2_000, 5_000_000)
    }

    pub(super) fn notify(&mut self, n: Notice) {
        // One of each kind is enough: the newest replaces an older one of the same kind.
        self.notices.retain(|old| std::mem::discriminant(old) != std::mem::discriminant(&n));
        self.notices.push(n);
    }

    fn changed(&mut self) {
        self.frame += 1;
    }

    /// Advance the sim by one frame of wall time at the current speed.
    fn play_frame(&mut self, wall_us: u64) {
        // A tab in the background gets no frames for a while; don't jump a minute of sim time.
        let wall_us = wall_us.min(100_000);
        let sim_us = wall_us * SPEEDS_PERMILLE[self.speed] / 1_000;
        let mut lab = self.lab.borrow_mut();
        let mut target = lab.now().plus_us(sim_us.max(1));
        if self.skip_idle && lab.flights().visible(lab.now(), self.linger_us()).next().is_none() {
            if let Some(next) = lab.next_event_time() {
                target = target.max(next);
            }
        }
        // Once the whole run is known, play stops where the scrubber ends: past it only periodic
        // timers tick on to the drain limit.
        let stop_at = lab.precomputed().then(|| lab.scrub_end());
        let stop_at = match (stop_at, self.play_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(stop) = stop_at {
            target = target.min(stop);
        }
        let started = crate::ui::wall::now_ms_fine();
        let mut result = lab.advance_to(target, EVENTS_PER_CHUNK);
        while result == Ok(Progress::OutOfBudget) && crate::ui::wall::now_ms_fine() < started + FRAME_BUDGET_MS {
            result = lab.advance_to(target, EVENTS_PER_CHUNK);
        }
        self.behind_frames = match result {
            Ok(Progress::OutOfBudget) => self.behind_frames.saturating_add(1),
            _ => 0,
        };
        let at_stop = stop_at.is_some_and(|stop| lab.now() >= stop);
        let linger = self.linger_us();
        let now = lab.now();
        lab.prune_flights(now, linger);
        drop(lab);
        match result {
            Ok(Progress::AtEnd) => self.stop(),
            Ok(_) if at_stop => self.stop(),
            Ok(_) => {}
            Err(e) => {
                self.playing = false;
                self.notify(Notice::Run(e));
            }
        }
    }

    /// Stop playing, and forget where a lesson's play was to stop.
    pub(super) fn stop(&mut self) {
        self.playing = false;
        self.end_reveal();
    }

    /// A lesson's play to its reveal is over (reached, or the learner took over): the speed is the
    /// learner's again.
    pub(super) fn end_reveal(&mut self) {
        self.play_until = None;
        if let Some(speed) = self.speed_before_reveal.take() {
            self.speed = speed;
        }
    }

    /// Move the cursor back or elsewhere with `f`. What was said about where it stood ("the run is
    /// over", "nothing of interest ahead") no longer holds.
    fn with_lab(&mut self, f: impl FnOnce(&mut Session) -> Result<(), RunError>) {
        self.notices.retain(|n| !matches!(n, Notice::RunOver | Notice::NothingInteresting { .. }));
        let result = f(&mut self.lab.borrow_mut());
        if let Err(e) = result {
            self.playing = false;
            self.notify(Notice::Run(e));
        }
    }
}

/// What components get from the context: the state and the way to change it.
pub type AppContext = yew::UseReducerHandle<State>;
