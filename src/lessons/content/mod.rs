//! The lessons' words and runs, one file per lesson. The text is written for this lab (not the
//! article translated): it points at what is on screen. Every number a text promises is a claim
//! in the same step, checked by tests/lessons.rs.

mod backlog;
mod choosing;
mod duplicates;
mod ha;
mod ordering;
mod price;
mod reliable;
mod retries;
mod transactions;
mod why_queue;

use super::{At, Choice, Claim, CompareStep, Counter, Highlight, Lesson, Op, Prediction, RowClaim, Scene, Step};
use crate::i18n::Text;
use crate::sim::command::Command;

/// Every lesson, in the order of the article.
pub fn lessons() -> Vec<Lesson> {
    vec![
        why_queue::lesson(),
        price::lesson(),
        ha::lesson(),
        duplicates::lesson(),
        reliable::lesson(),
        retries::lesson(),
        transactions::lesson(),
        ordering::lesson(),
        backlog::lesson(),
        choosing::lesson(),
    ]
}

/// A text in English and Chinese.
const fn t(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
}

/// A step without a prediction.
fn step(title: Text, body: Text, scene: Scene, highlights: Vec<Highlight>, claims: Vec<Claim>) -> Step {
    let highlights = watching(highlights, claims.iter().flat_map(Claim::counters));
    Step { title, body, scene, prediction: None, highlights, claims, compare: None }
}

/// `highlights` and then every counter in `named` not already among them: the card's watch row
/// shows what the step's claims are about, so the learner reads the number the text promises
/// (review 13 found a step claiming duplicate side effects while its row showed "lost 0").
fn watching(mut highlights: Vec<Highlight>, named: impl IntoIterator<Item = Counter>) -> Vec<Highlight> {
    for c in named {
        if !highlights.contains(&Highlight::Counter(c)) {
            highlights.push(Highlight::Counter(c));
        }
    }
    highlights
}

/// A step that asks before the run goes on to `reveal`.
#[allow(clippy::too_many_arguments)]
fn predict(
    title: Text,
    body: Text,
    scene: Scene,
    question: Text,
    choices: Vec<Choice>,
    reveal: At,
    explain: Text,
    highlights: Vec<Highlight>,
    claims: Vec<Claim>,
) -> Step {
    let highlights = watching(highlights, claims.iter().flat_map(Claim::counters));
    Step {
        title,
        body,
        scene,
        prediction: Some(Prediction { question, choices, reveal, explain }),
        highlights,
        claims,
        compare: None,
    }
}

fn choice(text: Text, claim: Claim) -> Choice {
    Choice { text, claim }
}

fn count(c: Counter, op: Op, n: u64) -> Claim {
    Claim::Count(c, op, n)
}

fn crash(node: &str) -> Command {
    Command::Crash { node: node.to_string() }
}

fn node(name: &'static str) -> Highlight {
    Highlight::Node(name)
}

fn counter(c: Counter) -> Highlight {
    Highlight::Counter(c)
}

fn scene(scenario: &'static str, at: At) -> Scene {
    Scene::at(scenario, at)
}

fn ms(ms: u64) -> At {
    At::Ms(ms)
}
