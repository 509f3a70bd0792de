//! A lesson step's address in the URL fragment, `#lesson=ha/3` (steps counted from 1, as the page
//! shows them), so that a teacher can share one step.

/// The fragment's prefix for a lesson step.
pub const PREFIX: &str = "lesson=";

/// A lesson and a step within it (from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepAddress {
    pub lesson: usize,
    pub step: usize,
}

/// Why a lesson address was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    UnknownLesson(String),
    /// The lesson exists; it has `steps` steps.
    NoSuchStep {
        lesson: String,
        steps: usize,
    },
}

impl crate::i18n::Localize for AddressError {
    fn localize(&self, lang: crate::i18n::Lang) -> String {
        match self {
            AddressError::UnknownLesson(id) => lang.pick(
                format!("There is no lesson called \"{id}\". The lesson list shows the ones there are."),
                format!("没有名为“{id}”的课程。课程列表里有全部课程。"),
            ),
            AddressError::NoSuchStep { lesson, steps } => lang.pick(
                format!("The lesson \"{lesson}\" has steps 1 to {steps}; the link asks for another one."),
                format!("课程“{lesson}”只有第 1 到 {steps} 步，链接指向的步骤不存在。"),
            ),
        }
    }
}

/// The fragment text for a step, without `#`.
pub fn format(at: StepAddress) -> String {
    let id = super::all().get(at.lesson).map_or("", |l| l.id);
    format!("{PREFIX}{id}/{}", at.step + 1)
}

/// Reads a fragment (without `#`); `None` if it is not a lesson address at all.
pub fn parse(fragment: &str) -> Option<Result<StepAddress, AddressError>> {
    let rest = fragment.strip_prefix(PREFIX)?;
    let (id, step) = rest.split_once('/').unwrap_or((rest, "1"));
    // Shown back to the learner: keep it short.
    let shown: String = id.chars().take(40).collect();
    let Some((lesson, found)) = super::find(id) else {
        return Some(Err(AddressError::UnknownLesson(shown)));
    };
    let steps = found.steps.len();
    let step = match step.parse::<usize>() {
        Ok(n) if (1..=steps).contains(&n) => n - 1,
        _ => return Some(Err(AddressError::NoSuchStep { lesson: shown, steps })),
    };
    Some(Ok(StepAddress { lesson, step }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip_and_bad_ones_say_why() {
        for (i, lesson) in crate::lessons::all().iter().enumerate() {
            for s in 0..lesson.steps.len() {
                let at = StepAddress { lesson: i, step: s };
                assert_eq!(parse(&format(at)), Some(Ok(at)));
            }
        }
        assert_eq!(parse("run=m1.abc"), None);
        assert!(matches!(parse("lesson=nope/1"), Some(Err(AddressError::UnknownLesson(_)))));
        let first = crate::lessons::all()[0].id;
        assert!(matches!(parse(&format!("lesson={first}/0")), Some(Err(AddressError::NoSuchStep { .. }))));
        assert!(matches!(parse(&format!("lesson={first}/999")), Some(Err(AddressError::NoSuchStep { .. }))));
        assert!(matches!(parse(&format!("lesson={first}/x")), Some(Err(AddressError::NoSuchStep { .. }))));
        assert_eq!(parse(&format!("lesson={first}")), Some(Ok(StepAddress { lesson: 0, step: 0 })));
    }
}
