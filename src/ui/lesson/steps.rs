//! Lesson mode's part of the reducer: opening a step (a seek when the run is the same, a fresh
//! session otherwise) and answering its prediction (the run plays on to the reveal, fast enough to
//! get there in a few seconds).

use std::cell::RefCell;
use std::rc::Rc;

use crate::lessons::address::StepAddress;
use crate::lessons::scene::go_to;
use crate::lessons::{self, At};
use crate::sim::time::SimTime;
use crate::ui::state::{ErrorText, LessonAt, Notice, Pane, State, SPEEDS_PERMILLE};

/// A reveal should take about this long to watch, in wall µs.
const REVEAL_WALL_US: u64 = 4_000_000;

impl State {
    /// Show a lesson step: its scene, at its moment, paused.
    pub(in crate::ui) fn open_lesson(&mut self, at: StepAddress) {
        let Some(step) = lessons::all().get(at.lesson).and_then(|l| l.steps.get(at.step)) else {
            return;
        };
        self.stop();
        self.selection = None;
        self.pane = Pane::Lab;
        self.lesson = Some(LessonAt { at, answer: None, reveal_at: None, right: None });
        let same_run = step.scene.runs_in(&self.lab.borrow());
        let opened = if same_run {
            go_to(&mut self.lab.borrow_mut(), step.scene.at).map_err(|e| ErrorText::of(&e))
        } else {
            step.scene
                .open()
                .map(|session| self.lab = Rc::new(RefCell::new(session)))
                .map_err(|e| ErrorText { en: e.to_string(), zh: format!("无法打开这一步：{e}") })
        };
        if let Err(problem) = opened {
            self.notify(Notice::BadLink { problem, saved_kept: true });
        }
    }

    /// The learner picked an answer: remember it and play on to the reveal.
    pub(in crate::ui) fn answer(&mut self, choice: usize) {
        let Some(lesson_at) = self.lesson.as_mut() else { return };
        let Some(prediction) = lessons::all()
            .get(lesson_at.at.lesson)
            .and_then(|l| l.steps.get(lesson_at.at.step))
            .and_then(|s| s.prediction.as_ref())
        else {
            return;
        };
        if lesson_at.answer.is_some() || choice >= prediction.choices.len() {
            return;
        }
        let mut lab = self.lab.borrow_mut();
        let target = match prediction.reveal {
            At::Ms(ms) => SimTime::from_ms(ms),
            At::End => {
                while !lab.precompute(u64::MAX) {}
                lab.scrub_end()
            }
        };
        lesson_at.answer = Some(choice);
        lesson_at.reveal_at = Some(target);
        let distance_us = target.as_us().saturating_sub(lab.now().as_us());
        // The slowest speed that gets there in about REVEAL_WALL_US; if even the fastest would
        // take much longer, jump there.
        let needed_permille = distance_us * 1_000 / REVEAL_WALL_US;
        match SPEEDS_PERMILLE.iter().position(|&p| p >= needed_permille) {
            Some(speed) => {
                drop(lab);
                self.speed_before_reveal.get_or_insert(self.speed);
                self.speed = speed;
                self.play_until = Some(target);
                self.playing = true;
            }
            None => {
                let result = lab.seek(target);
                drop(lab);
                if let Err(e) = result {
                    self.notify(Notice::Run(e));
                }
            }
        }
    }

    /// Once the run stands at (or past) the reveal, read the right answer off it: the claims the
    /// tests check, on the run the learner watched.
    pub(in crate::ui) fn settle_lesson(&mut self) {
        let Some(lesson_at) = self.lesson.as_mut() else { return };
        let (Some(reveal_at), None) = (lesson_at.reveal_at, lesson_at.right) else { return };
        let lab = self.lab.borrow();
        if lab.now() < reveal_at {
            return;
        }
        let step = lessons::all().get(lesson_at.at.lesson).and_then(|l| l.steps.get(lesson_at.at.step));
        if let Some(prediction) = step.and_then(|s| s.prediction.as_ref()) {
            lesson_at.right = prediction.choices.iter().position(|c| c.claim.holds(&lab));
        }
    }
}
