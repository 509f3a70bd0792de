//! The web lab's components in a real browser (headless Chromium through chromedriver): render the
//! app into the page, click its controls and read the DOM. scripts/test.sh runs these with
//! wasm-bindgen-test-runner; they never sleep for a fixed time, they let Yew's scheduler run.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo::storage::Storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Let Yew render what the last events scheduled.
async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(Duration::ZERO).await;
    }
}

/// The app in an element of its own, rendered.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    yew::Renderer::<mqlab::ui::App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// A fresh app in its own element, with nothing saved from an earlier test.
async fn render_app() -> Element {
    gloo::storage::LocalStorage::clear();
    mount().await
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no element matches {selector}"))
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().expect("an HTML element").click();
    settle().await;
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_lab_opens_on_the_standard_cluster_at_time_zero() {
    let root = render_app().await;
    assert_eq!(text(&root, ".brand"), "mqlab");
    assert_eq!(text(&root, ".scenario-title"), "Standard: multi-master, multi-slave, async");
    assert_eq!(text(&root, "#events"), "0");
    assert!(text(&root, "#now").starts_with("0"), "now: {}", text(&root, "#now"));
    assert_eq!(find(&root, "#play").get_attribute("aria-label").as_deref(), Some("Play"));
}

#[wasm_bindgen_test]
async fn step_handles_one_event_and_step_back_undoes_it_by_resimulating() {
    let root = render_app().await;
    click(&root, "#step").await;
    click(&root, "#step").await;
    assert_eq!(text(&root, "#events"), "2");
    click(&root, "#step-back").await;
    assert_eq!(text(&root, "#events"), "1");
}

#[wasm_bindgen_test]
async fn step_to_the_next_interesting_event_moves_time_forward() {
    let root = render_app().await;
    click(&root, "#step-interesting").await;
    assert_ne!(text(&root, "#events"), "0");
}

#[wasm_bindgen_test]
async fn switching_to_chinese_relabels_the_controls() {
    let root = render_app().await;
    let zh = root.query_selector_all(".lang-button").expect("buttons").item(1).expect("a second language");
    zh.dyn_into::<HtmlElement>().expect("button").click();
    settle().await;
    assert_eq!(find(&root, "#play").get_attribute("aria-label").as_deref(), Some("播放"));
    assert_eq!(
        gloo::utils::document().document_element().and_then(|e| e.get_attribute("lang")).as_deref(),
        Some("zh-CN")
    );
}

#[wasm_bindgen_test]
async fn a_shipped_scenarios_notes_are_shown_in_the_pages_language() {
    let root = render_app().await;
    let standard = mqlab::scenario::presets::load("standard").expect("the standard preset");
    assert!(text(&root, "#scenario-about").contains(&standard.notes), "English: the file's notes");
    let zh = root.query_selector_all(".lang-button").expect("buttons").item(1).expect("a second language");
    zh.dyn_into::<HtmlElement>().expect("button").click();
    settle().await;
    let notes = mqlab::scenario::preset_notes::zh("standard").expect("Chinese notes");
    assert_eq!(text(&root, "#scenario-notes"), notes);
    assert_eq!(text(&root, "#scenario-about summary"), "场景的完整说明", "no (English) label");
    assert!(!text(&root, "#scenario-about").contains(&standard.notes), "no English notes left");
}

/// Drag the scrubber to `ms` and let go, as a learner's `input` and `change` events would.
async fn scrub_to(root: &Element, ms: u64) {
    drag_scrubber(root, &[ms]);
    release_scrubber(root);
    settle().await;
}

/// Move the scrubber's thumb through `points` without letting go, one `input` event each.
fn drag_scrubber(root: &Element, points: &[u64]) {
    let input = find(root, "#scrubber").dyn_into::<web_sys::HtmlInputElement>().expect("an input");
    for ms in points {
        input.set_value(&ms.to_string());
        input.dispatch_event(&web_sys::Event::new("input").expect("an event")).expect("dispatched");
    }
}

/// Let go of the scrubber's thumb where it is (`change`).
fn release_scrubber(root: &Element) {
    let input = find(root, "#scrubber").dyn_into::<web_sys::HtmlInputElement>().expect("an input");
    input.dispatch_event(&web_sys::Event::new("change").expect("an event")).expect("dispatched");
}

fn number(root: &Element, selector: &str) -> u64 {
    let t = text(root, selector);
    t.trim().parse().unwrap_or_else(|_| panic!("{selector} is not a number: {t:?}"))
}

#[wasm_bindgen_test]
async fn the_scoreboard_counts_what_happened_up_to_the_cursor() {
    let root = render_app().await;
    assert_eq!(number(&root, "#count-produced"), 0);
    scrub_to(&root, 3_000).await;
    let produced = number(&root, "#count-produced");
    assert!(produced > 0, "produced {produced}");
    assert!(number(&root, "#count-processed") <= produced);
    scrub_to(&root, 900).await;
    assert_eq!(number(&root, "#count-produced"), 0, "the standard producers start at 1 s");
    scrub_to(&root, 3_000).await;
    assert_eq!(number(&root, "#count-produced"), produced);
}

/// What the timeline and the scoreboard say about the cursor's moment.
fn moment(root: &Element) -> (String, u64, String, u64) {
    (text(root, "#now"), number(root, "#events"), text(root, "#trace-hash"), number(root, "#count-produced"))
}

#[wasm_bindgen_test]
async fn a_fast_drag_seeks_to_the_latest_position_and_ends_exactly_where_it_is_let_go() {
    let root = render_app().await;
    scrub_to(&root, 7_000).await;
    let at_7s = moment(&root);
    scrub_to(&root, 4_000).await;
    let at_4s = moment(&root);
    scrub_to(&root, 0).await;
    // Two hundred moves before the page draws once: one seek, to the latest.
    let moves: Vec<u64> = (0..200).map(|i| i * 7_919 % 9_000).chain([4_000]).collect();
    drag_scrubber(&root, &moves);
    yew::platform::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(moment(&root), at_4s, "the latest move wins");
    // A fast drag and its release: exactly where the thumb was let go.
    let moves: Vec<u64> = (0..200).map(|i| i * 3_571 % 9_000).chain([7_000]).collect();
    drag_scrubber(&root, &moves);
    release_scrubber(&root);
    settle().await;
    assert_eq!(moment(&root), at_7s, "at the release");
    yew::platform::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(moment(&root), at_7s, "no move left waiting moves it afterwards");
}

#[wasm_bindgen_test]
async fn only_the_stretch_of_a_log_that_holds_messages_can_be_clicked() {
    let root = render_app().await;
    let cells = |root: &Element| root.query_selector_all(".strip-cell").expect("cells").length();
    assert_eq!(cells(&root), 0, "empty logs have nothing to inspect");
    scrub_to(&root, 1_100).await;
    assert!(cells(&root) > 0, "written entries can be inspected");
    let num = |e: &Element, a: &str| e.get_attribute(a).and_then(|v| v.parse::<i32>().ok()).unwrap_or(0);
    let strips = root.query_selector_all(".strip").expect("strips");
    for i in 0..strips.length() {
        let strip: Element = strips.item(i).expect("a strip").dyn_into().expect("an element");
        let stored = find(&strip, ".strip-stored");
        let stored_end = num(&stored, "x") + num(&stored, "width");
        let cells = strip.query_selector_all(".strip-cell").expect("cells");
        for c in 0..cells.length() {
            let cell: Element = cells.item(c).expect("a cell").dyn_into().expect("an element");
            assert!(num(&cell, "x") < stored_end, "a cell past the written end of strip {i}");
        }
    }
}

/// Press a key on the page, as the learner would with nothing focused.
async fn press(key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("an event");
    gloo::utils::document().dispatch_event(&event).expect("dispatched");
    settle().await;
}

#[wasm_bindgen_test]
async fn the_arrow_keys_step_and_step_back_and_space_plays() {
    let root = render_app().await;
    press("ArrowRight", false).await;
    press("ArrowRight", false).await;
    press("ArrowRight", false).await;
    assert_eq!(text(&root, "#events"), "3");
    press("ArrowLeft", false).await;
    assert_eq!(text(&root, "#events"), "2");
    press("ArrowRight", true).await;
    let after_interesting: u64 = text(&root, "#events").parse().expect("a count");
    assert!(after_interesting > 2, "Shift+→ went to the next interesting event: {after_interesting}");
    press(" ", false).await;
    assert_eq!(find(&root, "#play").get_attribute("aria-label").as_deref(), Some("Pause"));
    press(" ", false).await;
    assert_eq!(find(&root, "#play").get_attribute("aria-label").as_deref(), Some("Play"));
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_notice_with_a_way_back_to_the_saved_scenario() {
    let _root = render_app().await;
    mqlab::ui::show_crash_notice("test: a deliberate crash notice");
    let document = gloo::utils::document();
    let notice = document.get_element_by_id("mqlab-crash").expect("the crash notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("Your saved scenario is safe") && text.contains("保存的场景"), "{text}");
    let reload = document.get_element_by_id("reload-saved").expect("the reload link");
    let href = reload.get_attribute("href").unwrap_or_default();
    assert!(!href.contains('#'), "reloading must drop the link's fragment: {href}");
    notice.remove();
}

#[wasm_bindgen_test]
async fn a_lesson_opens_from_the_list_and_its_prediction_is_answered_on_the_run() {
    let root = render_app().await;
    click(&root, "#open-lessons").await;
    click(&root, "#start-why-queue").await;
    assert!(text(&root, "#lesson-progress").contains("1"), "{}", text(&root, "#lesson-progress"));
    assert!(find(&root, "#lesson-prev").has_attribute("disabled"), "no step before the first");
    // The step's highlights are outlined by the card's own style sheet.
    assert!(text(&root, "#lesson style").contains("#node-p1"), "{}", text(&root, "#lesson style"));
    click(&root, "#lesson-next").await;
    assert_eq!(text(&root, "#lesson-step-title"), "Decoupling: the consumers go down");
    assert_eq!(text(&root, ".scenario-title"), "Decoupling: the consumers go down, the producer goes on");
    click(&root, "#prediction-choice-0").await;
    // Jump to the reveal instead of watching it play.
    click(&root, "#prediction-show").await;
    assert!(text(&root, "#prediction-answer").starts_with("Right."), "{}", text(&root, "#prediction-answer"));
    assert!(find(&root, "#prediction-choice-0").class_name().contains("right"));
    assert_eq!(text(&root, "#count-send-failed"), "0");
    click(&root, "#lesson-sandbox").await;
    assert!(root.query_selector("#lesson").ok().flatten().is_none(), "lesson mode ended");
    // The lesson played on to its answer at a speed of its own; the sandbox is back at 1×.
    let speed = find(&root, "#speed").dyn_into::<web_sys::HtmlSelectElement>().expect("a select").value();
    assert_eq!(speed, "3", "1× is the fourth speed");
    assert_eq!(text(&root, ".scenario-title"), "Decoupling: the consumers go down, the producer goes on");
}

/// Type into a text field, as a learner would (an `input` event after the value changes).
async fn type_into(root: &Element, selector: &str, value: &str) {
    let input = find(root, selector).dyn_into::<web_sys::HtmlInputElement>().expect("an input");
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").expect("an event")).expect("dispatched");
    settle().await;
}

#[wasm_bindgen_test]
async fn the_sweep_pane_offers_a_sweep_of_the_scenario_and_refuses_bad_input() {
    // Only refused input here: a valid sweep starts Web Workers, which the e2e tests cover.
    let root = render_app().await;
    click(&root, "#open-sweep").await;
    assert_eq!(text(&root, "#sweep-heading"), "Seed sweep");
    assert_eq!(find(&root, "#open-sweep").get_attribute("aria-pressed").as_deref(), Some("true"));
    let value = |sel: &str| find(&root, sel).dyn_into::<web_sys::HtmlInputElement>().expect("an input").value();
    assert_eq!(value("#sweep-runs-input"), "100", "100 runs by default");
    assert_eq!(value("#sweep-seed-input"), "1", "from the scenario's own seed");
    for (runs, seed, says) in [
        ("0", "1", "between 1 and 10000"),
        ("20000", "1", "between 1 and 10000"),
        ("lots", "1", "not a whole number"),
        ("10", "-3", "First seed"),
    ] {
        type_into(&root, "#sweep-runs-input", runs).await;
        type_into(&root, "#sweep-seed-input", seed).await;
        click(&root, "#sweep-run").await;
        let problem = text(&root, "#sweep-problem");
        assert!(problem.contains(says), "{runs} / {seed}: {problem}");
        assert_eq!(find(&root, "#sweep-problem").get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(find(&root, "#sweep").get_attribute("data-state").as_deref(), Some("idle"), "nothing started");
    }
    let zh = root.query_selector_all(".lang-button").expect("buttons").item(1).expect("a second language");
    zh.dyn_into::<HtmlElement>().expect("button").click();
    settle().await;
    assert_eq!(text(&root, "#sweep-heading"), "种子扫描");
    assert!(text(&root, "#sweep-problem").contains("起始种子"), "{}", text(&root, "#sweep-problem"));
    click(&root, "#open-sweep").await;
    assert!(root.query_selector("#sweep").ok().flatten().is_none(), "pressed again, back to the lab");
}

/// A fresh app opened on a shipped scenario, as if the learner had saved it last time.
async fn render_preset(name: &str) -> Element {
    gloo::storage::LocalStorage::clear();
    let scenario = mqlab::scenario::presets::load(name).expect("a shipped preset");
    let run = mqlab::lab::Session::new(scenario).share();
    let json = mqlab::scenario::json::to_text(&run, false).expect("a saved run");
    gloo::storage::LocalStorage::raw().set_item("mqlab.saved", &json).expect("saved");
    mount().await
}

#[wasm_bindgen_test]
async fn a_rabbitmq_node_is_described_in_rabbitmqs_words() {
    let root = render_preset("rabbitmq-manual-ack-consumer-crash").await;
    let legend = text(&root, ".cluster-legend");
    for words in ["publisher confirm (basic.ack)", "delivery (pushed)", "consumer ack (basic.ack)"] {
        assert!(legend.contains(words), "{words} missing from the legend: {legend}");
    }
    for rocketmq in ["SEND_OK", "offset commit", "pull request", "committed"] {
        assert!(!legend.contains(rocketmq), "{rocketmq} in a RabbitMQ legend: {legend}");
    }
    // One node copies nothing: no replication count, no replication in the legend's strips.
    assert!(root.query_selector("#count-replicated").ok().flatten().is_none(), "a Replicated count on one node");
    assert!(root.query_selector(".cluster-legend .mark-replicated").ok().flatten().is_none());
    assert!(root.query_selector("#count-stored").ok().flatten().is_some(), "the other counts stay");
}

/// The app opened on the standard preset saved last time, with `draft` left in the editor's key.
async fn render_with_stored_draft(draft: &str) -> (Element, String) {
    gloo::storage::LocalStorage::clear();
    let scenario = mqlab::scenario::presets::load("standard").expect("the standard preset");
    let saved = mqlab::scenario::json::to_text(&mqlab::lab::Session::new(scenario).share(), false).expect("a run");
    let raw = gloo::storage::LocalStorage::raw();
    raw.set_item("mqlab.saved", &saved).expect("saved");
    raw.set_item("mqlab.draft", draft).expect("a draft");
    (mount().await, saved)
}

/// The editor's fingerprint of the standard preset (`editor::stored`), for a copy it takes up.
fn standard_fingerprint() -> String {
    let mut h = mqlab::sim::trace_hash::StableHasher::default();
    h.value(&mqlab::scenario::presets::load("standard").expect("the standard preset"));
    mqlab::sim::trace::hash_hex(h.finish())
}

#[wasm_bindgen_test]
async fn a_broken_or_hostile_stored_draft_is_ignored_with_a_notice_on_load_and_the_saved_run_is_kept() {
    let huge_list = format!(
        r#"{{"version":1,"of":"{}","doc":{{"faults":[{}{{}}]}}}}"#,
        standard_fingerprint(),
        "{},".repeat(100_000)
    );
    let deep = format!(r#"{{"version":1,"of":"x","doc":{{"a":{}{}}}}}"#, "[".repeat(5_000), "]".repeat(5_000));
    for hostile in [
        "not json",
        "null",
        r#"{"version":1,"of":3,"doc":{}}"#,
        r#"{"version":1,"of":"x","doc":"a string"}"#,
        r#"{"version":1,"of":"x","doc":{},"preset":["standard"]}"#,
        r#"{"version":99,"of":"x","doc":{}}"#,
        &huge_list,
        &deep,
    ] {
        let (root, saved) = render_with_stored_draft(hostile).await;
        assert_eq!(text(&root, ".scenario-title"), "Standard: multi-master, multi-slave, async");
        // Said on load, in a notice the learner can dismiss (review 15: only the editor said it).
        let said = text(&root, "#draft-unreadable");
        assert!(said.contains("could not be read and were ignored"), "{hostile:.60}: {said}");
        click(&root, ".notices .notice-dismiss").await;
        assert!(root.query_selector("#draft-unreadable").ok().flatten().is_none(), "dismissed");
        click(&root, "#open-editor").await;
        assert!(root.query_selector("#ed-draft-restored").ok().flatten().is_none());
        assert!(gloo::utils::document().get_element_by_id("mqlab-crash").is_none(), "{hostile:.60} panicked");
        let raw = gloo::storage::LocalStorage::raw();
        assert_eq!(raw.get_item("mqlab.saved").ok().flatten().as_deref(), Some(saved.as_str()), "saved run kept");
        assert_eq!(raw.get_item("mqlab.draft").ok().flatten(), None, "{hostile:.60}: said once, then removed");
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_stored_draft_of_this_run_with_values_of_any_shape_is_taken_up_without_a_panic() {
    let doc = r#"{"producers":"x","consumer_groups":[1,"a",null,{"members":{"n":1}}],"faults":{"a":1},"network":5,
        "brokers":[],"seed":{"deep":[1]},"system":{"kind":7},"topics":[[[]]]}"#;
    let stored = format!(r#"{{"version":1,"of":"{}","doc":{doc},"preset":"standard"}}"#, standard_fingerprint());
    let (root, _) = render_with_stored_draft(&stored).await;
    click(&root, "#open-editor").await;
    assert!(text(&root, "#ed-draft-restored").contains("are back in the form"));
    click(&root, ".ed-bar .button-primary").await;
    assert!(root.query_selector(".ed-summary").ok().flatten().is_some(), "such a copy is refused on apply");
    assert!(gloo::utils::document().get_element_by_id("mqlab-crash").is_none(), "a value of another shape panicked");
    // Discarded, the form is the run's again and nothing is kept for the next load.
    click(&root, "#ed-draft-discard").await;
    assert!(root.query_selector("#ed-draft-restored").ok().flatten().is_none());
    assert_eq!(gloo::storage::LocalStorage::raw().get_item("mqlab.draft").ok().flatten(), None);
    root.remove();
}
