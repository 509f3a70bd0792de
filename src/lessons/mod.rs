//! Guided lessons: the seed article's questions, each answered by runs of the lab. A lesson is a
//! sequence of steps; a step puts the lab at a moment of a shipped scenario (with any actions the
//! lesson performs), says what to look at, may ask the learner to predict a counter before the run
//! goes on, and makes claims about the run that tests hold it to — a lesson whose text and run
//! disagree fails CI. Plain Rust: the page shows lessons, tests/lessons.rs checks them.

pub mod address;
pub mod claim;
mod content;
pub mod scene;

pub use claim::{Claim, Counter, Op, RowClaim};
pub use scene::{At, Scene};

use crate::i18n::Text;
use std::sync::OnceLock;

/// Something on screen a step talks about; the page outlines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// A node, by its topology name (`broker-a/master`).
    Node(&'static str),
    /// A counter of the scoreboard.
    Counter(Counter),
    /// The backlog plot.
    BacklogPlot,
    /// The anomaly list.
    Anomalies,
}

/// One answer of a prediction, true or false by its claim at the reveal moment.
#[derive(Clone, Debug)]
pub struct Choice {
    pub text: Text,
    pub claim: Claim,
}

/// "What will happen?" — asked when the step opens; the run goes on to `reveal` once the learner
/// picks an answer, and `explain` says why. Exactly one choice's claim holds at `reveal`.
#[derive(Clone, Debug)]
pub struct Prediction {
    pub question: Text,
    pub choices: Vec<Choice>,
    pub reveal: At,
    pub explain: Text,
}

/// One step of a lesson.
#[derive(Clone, Debug)]
pub struct Step {
    pub title: Text,
    pub body: Text,
    /// Where the lab stands when the step opens.
    pub scene: Scene,
    pub prediction: Option<Prediction>,
    pub highlights: Vec<Highlight>,
    /// What the step's text says about the run, true at its last moment (the reveal, if it asks a
    /// prediction; else where the scene stands).
    pub claims: Vec<Claim>,
    /// A side-by-side comparison the step offers to run, with what its table shows.
    pub compare: Option<CompareStep>,
}

/// A predefined comparison (`lab::compare::predefined`) and the claims about its table.
#[derive(Clone, Debug)]
pub struct CompareStep {
    pub id: &'static str,
    pub claims: Vec<RowClaim>,
}

impl Step {
    /// The moment the step's claims are about.
    pub fn claims_at(&self) -> At {
        self.prediction.as_ref().map_or(self.scene.at, |p| p.reveal)
    }
}

/// A lesson: an article question answered in steps.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Stable, used in links (`#lesson=ha/2`).
    pub id: &'static str,
    pub title: Text,
    /// One line for the lesson list.
    pub summary: Text,
    pub steps: Vec<Step>,
}

/// Every lesson, in the order a learner takes them.
pub fn all() -> &'static [Lesson] {
    static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();
    LESSONS.get_or_init(content::lessons)
}

/// The lesson with this id, and its index.
pub fn find(id: &str) -> Option<(usize, &'static Lesson)> {
    all().iter().enumerate().find(|(_, l)| l.id == id)
}
