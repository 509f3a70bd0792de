//! Every lesson's claims, checked on the very runs the page shows: each step is opened the way the
//! page opens it, moved to the moment its text talks about, and its claims read off the checker.
//! A prediction must have exactly one right answer there. A lesson whose text and run disagree
//! fails here.

use mqlab::i18n::{Lang, Text};
use mqlab::lab::compare::predefined;
use mqlab::lab::Session;
use mqlab::lessons::scene::go_to;
use mqlab::lessons::{self, At, Claim, Counter, Highlight, Lesson, Step};
use mqlab::scenario::presets;

fn place(lesson: &Lesson, i: usize) -> String {
    format!("lesson {} step {} ({})", lesson.id, i + 1, lesson.steps[i].title.en)
}

fn open(lesson: &Lesson, i: usize) -> Session {
    lesson.steps[i].scene.open().unwrap_or_else(|e| panic!("{}: {e}", place(lesson, i)))
}

fn counts(s: &Session) -> String {
    format!("at {} µs: {:?}", s.now().as_us(), s.run().auditor.counts())
}

fn check_text(t: &Text, what: &str) {
    assert!(!t.en.trim().is_empty() && !t.zh.trim().is_empty(), "{what}: empty text {t:?}");
    assert!(
        t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: Chinese text has no Chinese: {}",
        t.zh
    );
}

#[test]
fn every_lesson_claim_holds_on_its_run() {
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let mut s = open(lesson, i);
            if step.claims_at() != step.scene.at {
                go_to(&mut s, step.claims_at()).unwrap_or_else(|e| panic!("{}: {e}", place(lesson, i)));
            }
            for claim in &step.claims {
                assert!(
                    claim.holds(&s),
                    "{}: claim {} fails {}",
                    place(lesson, i),
                    claim.describe(Lang::En),
                    counts(&s)
                );
            }
            if let Some(p) = &step.prediction {
                let right: Vec<_> = p.choices.iter().filter(|c| c.claim.holds(&s)).map(|c| c.text.en).collect();
                assert_eq!(
                    right.len(),
                    1,
                    "{}: a prediction needs exactly one right answer, got {right:?} {}",
                    place(lesson, i),
                    counts(&s)
                );
            }
        }
    }
}

/// When a question is asked, the scoreboard must not answer it already: the right answer may hold
/// there only if it held at the start of the run too ("none so far" is true of every run before
/// anything happens, and says nothing of what will).
#[test]
fn no_prediction_is_answered_by_the_page_when_it_is_asked() {
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let Some(p) = &step.prediction else { continue };
            let asked = open(lesson, i);
            let mut start = open(lesson, i);
            go_to(&mut start, At::Ms(0)).unwrap_or_else(|e| panic!("{}: {e}", place(lesson, i)));
            let mut end = open(lesson, i);
            go_to(&mut end, step.claims_at()).unwrap_or_else(|e| panic!("{}: {e}", place(lesson, i)));
            for c in p.choices.iter().filter(|c| c.claim.holds(&end)) {
                let shown = c.claim.holds(&asked) && !c.claim.holds(&start);
                assert!(
                    !shown,
                    "{}: the page already shows \"{}\" when it asks {}",
                    place(lesson, i),
                    c.text.en,
                    counts(&asked)
                );
            }
        }
    }
}

#[test]
fn every_comparison_a_lesson_offers_shows_what_it_says() {
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let Some(cmp) = &step.compare else { continue };
            let pre = predefined()
                .iter()
                .find(|p| p.id == cmp.id)
                .unwrap_or_else(|| panic!("{}: no comparison {}", place(lesson, i), cmp.id));
            let comparison = pre.comparison().expect("comparison");
            let mut run = comparison.start();
            while !run.step(u64::MAX).expect("comparison runs") {}
            let rows = run.rows();
            for claim in &cmp.claims {
                let row = rows
                    .get(claim.row)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| panic!("{}: no row {}", place(lesson, i), claim.row));
                assert_eq!(claim.holds(row), Some(true), "{}: {claim:?} fails on {row:?}", place(lesson, i));
            }
        }
    }
}

#[test]
fn lessons_are_well_formed_in_both_languages() {
    let all = lessons::all();
    assert!(all.len() >= 7);
    let mut ids: Vec<_> = all.iter().map(|l| l.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "lesson ids are unique");
    for lesson in all {
        check_text(&lesson.title, lesson.id);
        check_text(&lesson.summary, lesson.id);
        assert!(lesson.steps.len() >= 2, "{}: a lesson has steps", lesson.id);
        for (i, step) in lesson.steps.iter().enumerate() {
            let here = place(lesson, i);
            check_text(&step.title, &here);
            check_text(&step.body, &here);
            let scenario = presets::load(step.scene.scenario).unwrap_or_else(|e| panic!("{here}: {e}"));
            let topology_names = names_in(step);
            let session = Session::new(scenario);
            let topo = session.run().world.topology();
            for name in topology_names {
                assert!(topo.find(name).is_some(), "{here}: no node {name} in {}", step.scene.scenario);
            }
            if let Some(p) = &step.prediction {
                check_text(&p.question, &here);
                check_text(&p.explain, &here);
                assert!(p.choices.len() >= 2, "{here}: a prediction offers a choice");
                p.choices.iter().for_each(|c| check_text(&c.text, &here));
                if let (At::Ms(asked), At::Ms(reveal)) = (step.scene.at, p.reveal) {
                    assert!(reveal > asked, "{here}: the answer is revealed after the question");
                }
                assert_ne!(p.reveal, step.scene.at, "{here}: the run goes on after the question");
            }
            assert!(!step.claims.is_empty() || step.compare.is_some(), "{here}: a step claims something");
        }
        // The lesson's final state is a shipped scenario as it is, to continue from or to open.
        let last = lesson.steps.last().expect("steps");
        assert!(
            last.scene.actions.is_empty(),
            "{}: the last step is a scenario file with no lesson actions",
            lesson.id
        );
        assert!(presets::find(last.scene.scenario).is_some());
    }
}

fn names_in(step: &Step) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = step.claims.iter().flat_map(|c| c.node_names()).collect();
    if let Some(p) = &step.prediction {
        names.extend(p.choices.iter().flat_map(|c| c.claim.node_names()));
    }
    names.extend(step.highlights.iter().filter_map(|h| match h {
        Highlight::Node(n) => Some(*n),
        _ => None,
    }));
    names
}

#[test]
#[ignore]
fn print_lesson_counts() {
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let mut s = open(lesson, i);
            println!("{} scene {}", place(lesson, i), counts(&s));
            go_to(&mut s, step.claims_at()).unwrap();
            println!("   claims_at {}", counts(&s));
        }
    }
}

/// Review 13: a step claimed "duplicate side effects > 0" while its watch row showed "lost 0",
/// and another showed no counter at all. The card's watch row (the counters the step is about,
/// in view at every size) shows each counter the step's claims, or its comparison's rows, name.
#[test]
fn a_step_watches_every_counter_its_claims_name() {
    let mut unwatched = Vec::new();
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let mut named: Vec<Counter> = step.claims.iter().flat_map(Claim::counters).collect();
            if let Some(cmp) = &step.compare {
                named.extend(cmp.claims.iter().map(|r| r.counter));
            }
            for c in named.into_iter().filter(|c| !step.highlights.contains(&Highlight::Counter(*c))) {
                unwatched.push(format!("{}: {}", place(lesson, i), c.name().en));
            }
        }
    }
    unwatched.dedup();
    assert!(unwatched.is_empty(), "claims about counters the step does not watch:\n  {}", unwatched.join("\n  "));
}

/// The side column is the lesson card, then the scoreboard, then the plots: at 1280×720 the plots
/// are below the fold. A step that points at the backlog plot outlines it and does not place it
/// "on the right" (the card is what is on the right).
#[test]
fn a_step_that_points_at_the_backlog_plot_outlines_it_and_places_it_truly() {
    for lesson in lessons::all() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let mut texts = vec![step.body];
            texts.extend(step.prediction.as_ref().map(|p| p.explain));
            for text in texts {
                if !(text.en.contains("backlog plot") || text.zh.contains("积压曲线")) {
                    continue;
                }
                let here = place(lesson, i);
                assert!(
                    step.highlights.contains(&Highlight::BacklogPlot),
                    "{here}: names the plot, does not outline it"
                );
                assert!(!text.en.contains("on the right") && !text.zh.contains("右侧"), "{here}: {}", text.en);
            }
        }
    }
}
