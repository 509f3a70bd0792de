//! Where a lesson step puts the lab: a shipped scenario, the commands the lesson performs at given
//! times (recorded in the action log like a learner's), and the moment the cursor stands at. The
//! page and the tests open a step the same way, so a test checks exactly what the learner sees.

use crate::lab::Session;
use crate::scenario::error::ScenarioError;
use crate::scenario::presets;
use crate::sim::command::Command;
use crate::sim::run::RunError;
use crate::sim::time::SimTime;

/// A moment of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// This many ms of sim time.
    Ms(u64),
    /// Where the scrubber ends: everything has happened (a little after the last message event).
    End,
}

/// What a step shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scene {
    /// A shipped scenario's id (its file stem).
    pub scenario: &'static str,
    /// Commands the lesson performs, at these sim times (ms), in order.
    pub actions: Vec<(u64, Command)>,
    pub at: At,
}

/// Why a scene could not be opened.
#[derive(Debug)]
pub enum SceneError {
    NoSuchScenario(&'static str),
    Scenario(ScenarioError),
    Run(RunError),
    Refused(crate::sim::world::CommandError),
}

impl std::fmt::Display for SceneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SceneError::NoSuchScenario(id) => write!(f, "no shipped scenario {id}"),
            SceneError::Scenario(e) => write!(f, "{e}"),
            SceneError::Run(e) => write!(f, "{e}"),
            SceneError::Refused(e) => write!(f, "{e:?}"),
        }
    }
}

impl Scene {
    /// A scene with no lesson actions.
    pub fn at(scenario: &'static str, at: At) -> Scene {
        Scene { scenario, actions: Vec::new(), at }
    }

    /// The same scene with one more command performed at `at_ms`.
    pub fn acting(mut self, at_ms: u64, command: Command) -> Scene {
        self.actions.push((at_ms, command));
        self
    }

    /// A new session with the scene's scenario and actions, at the scene's moment.
    pub fn open(&self) -> Result<Session, SceneError> {
        let preset = presets::find(self.scenario).ok_or(SceneError::NoSuchScenario(self.scenario))?;
        let scenario = preset.scenario().map_err(SceneError::Scenario)?;
        let mut session = Session::new(scenario);
        for (at_ms, command) in &self.actions {
            session.seek(SimTime::from_ms(*at_ms)).map_err(SceneError::Run)?;
            // A lesson's command the cluster refuses is a mistake in the lesson.
            if let Some(reason) = session.act(command.clone()).refused {
                return Err(SceneError::Refused(reason));
            }
        }
        go_to(&mut session, self.at).map_err(SceneError::Run)?;
        Ok(session)
    }

    /// Whether `session` runs this scene's scenario and actions, so moving to this scene is a seek.
    pub fn runs_in(&self, session: &Session) -> bool {
        presets::id_of(session.scenario()) == Some(self.scenario)
            && session.actions().len() == self.actions.len()
            && session
                .actions()
                .iter()
                .zip(&self.actions)
                .all(|(recorded, (at_ms, command))| recorded.at_us == at_ms * 1_000 && recorded.command == *command)
    }
}

/// Put the cursor at a moment (`End` simulates the whole run first, to know where it ends).
pub fn go_to(session: &mut Session, at: At) -> Result<(), RunError> {
    let t = match at {
        At::Ms(ms) => SimTime::from_ms(ms),
        At::End => {
            while !session.precompute(u64::MAX) {}
            session.scrub_end()
        }
    };
    session.seek(t)
}
