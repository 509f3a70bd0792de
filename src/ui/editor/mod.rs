//! The scenario editor: presets, and every engine setting in a grouped form with its default and a
//! one-line explanation. Applying a valid scenario starts a new run; invalid values are refused with
//! the engine's field-named message, next to the field and in a summary at the top.

mod draft;
mod dropped;
mod faults;
mod field;
mod files;
mod picker;
mod sections;
mod shown;
mod stored;
mod text;

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use self::draft::{build, preset_of, to_json, Attempt, Draft, Edit, FromStorage, ImportProblem};
use self::field::{input_id, Ctx};
use self::files::FileButtons;
use super::state::{Action, AppContext};
use crate::i18n::{Lang, Localize};
use crate::scenario::fields::{self, Group};
use crate::scenario::limits::*;
use crate::scenario::model::Scenario;
use crate::scenario::parse::from_value;
use crate::scenario::presets;
use crate::sim::topology::Topology;

pub use self::dropped::{restore as restore_dropped, unapplied, DroppedEdits};
pub use self::picker::PresetPicker;
pub use self::stored::unreadable_on_load;
// The page's notice of an unreadable stored copy says what the editor says.
pub use self::text::DRAFT_UNREADABLE;

/// The editor pane.
#[function_component(Editor)]
pub fn editor() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let base = Rc::as_ptr(&app.lab) as usize;
    let draft = {
        let lab = app.lab.clone();
        use_reducer(move || {
            let lab = lab.borrow();
            Draft::resumed(base, lab.scenario()).unwrap_or_else(|| Draft::new(lab.scenario(), base))
        })
    };
    // A scenario loaded elsewhere (the top bar's picker, a share link) replaces the working copy.
    {
        let draft = draft.clone();
        let lab = app.lab.clone();
        use_effect_with(base, move |&base| {
            if draft.base != base {
                let lab = lab.borrow();
                let preset = preset_of(lab.scenario());
                draft.dispatch(Edit::Reset { doc: to_json(lab.scenario()), base, preset });
            }
        });
    }
    // Edits brought back after another scenario dropped them (`dropped`), while the editor is open.
    {
        let draft = draft.clone();
        use_effect(move || {
            if let Some(restored) = dropped::take_restored(base) {
                draft.dispatch(Edit::Restore(restored));
            }
        });
    }
    let running_nodes = {
        let lab = app.lab.clone();
        use_memo(base, move |_| {
            let lab = lab.borrow();
            Rc::new(lab.run().world.topology().nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>())
        })
    };
    // The running scenario, once per loaded session (for "Discard changes").
    let running = {
        let lab = app.lab.clone();
        use_memo(base, move |_| lab.borrow().scenario().clone())
    };
    html! {
        <Form draft={draft} lang={app.lang} running_nodes={(*running_nodes).clone()} {running} {base}
            dispatch={app.dispatcher()} />
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    draft: UseReducerHandle<Draft>,
    lang: Lang,
    /// The nodes of the running cluster, for pickers while the working copy's cluster is unusable.
    running_nodes: Rc<Vec<String>>,
    running: Rc<Scenario>,
    /// The session `running` is the scenario of (`Draft::base`).
    base: usize,
    dispatch: yew::UseReducerDispatcher<super::state::State>,
}

/// The form proper. A component of its own so that the lab's 60 frames a second do not redraw it:
/// its props change only when the working copy does, and it reads nothing from the app's context
/// (which changes every frame). Redrawn, an input would be set back to the working copy's value
/// while the learner is still typing in it.
#[function_component(Form)]
fn form(props: &FormProps) -> Html {
    let lang = props.lang;
    let draft = &*props.draft;
    let nodes = nodes_of(&draft.doc).unwrap_or_else(|| props.running_nodes.to_vec());
    let edit = {
        let handle = props.draft.clone();
        Callback::from(move |e: Edit| handle.dispatch(e))
    };
    let system = fields::get(&draft.doc, "system.kind").and_then(Value::as_str).unwrap_or("rocketmq");
    let ctx = Ctx { draft, lang, edit, nodes: &nodes, system };
    // A refusal is explained at the top of the form: bring it into view.
    use_effect_with(draft.refusals, |&n| {
        if n > 0 {
            if let Some(stage) = gloo::utils::document().get_element_by_id("stage") {
                stage.set_scroll_top(0);
            }
        }
    });

    // A field commits its value when it loses the focus ("change"): one still being typed in when
    // the page goes (a reload) would never reach the stored draft. Leaving the page takes the
    // focus away first, which commits it; the draft is then stored as any other edit is.
    use_effect_with((), |_| {
        let listener = gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", |_| {
            let focused = gloo::utils::document().active_element();
            let in_form = focused.as_ref().and_then(|f| f.closest(".editor").ok().flatten()).is_some();
            if let Some(field) =
                focused.filter(|_| in_form).and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(f).ok())
            {
                let _ = field.blur();
            }
        });
        move || drop(listener)
    });

    // Unapplied edits are kept for a reload as they change (`stored`). Not when the editor opens:
    // a copy stored for another run (the saved one, while a link is open) is left alone.
    {
        let opened = use_mut_ref(|| false);
        let running = props.running.clone();
        let ours = draft.base == props.base;
        use_effect_with((draft.doc.clone(), draft.preset, ours), move |(doc, preset, ours)| {
            if std::mem::replace(&mut *opened.borrow_mut(), true) && *ours {
                stored::keep(doc, *preset, &running);
            }
        });
    }

    let on_apply = {
        let handle = props.draft.clone();
        let dispatch = props.dispatch.clone();
        move |_| match build(&handle.doc) {
            Ok(s) => {
                stored::forget();
                draft::applying(&s, handle.preset);
                dispatch.dispatch(Action::LoadScenario(Box::new(s)))
            }
            Err(errors) => {
                dispatch.dispatch(Action::LoadRefused);
                handle.dispatch(Edit::Refused(Attempt::Apply, errors))
            }
        }
    };
    let on_discard = {
        let handle = props.draft.clone();
        let running = props.running.clone();
        Callback::from(move |_: MouseEvent| {
            let doc = to_json(&running);
            let preset = preset_of(&running);
            handle.dispatch(Edit::Reset { doc, base: handle.base, preset })
        })
    };
    // "Reset to this preset" when the copy started from a preset, also after the learner applied
    // their changes to it.
    let preset = draft.preset.and_then(presets::find);
    let on_reset_preset = preset.and_then(|p| p.scenario().ok().map(|s| (p.id, s))).map(|(id, s)| {
        let handle = props.draft.clone();
        move |_| handle.dispatch(Edit::Reset { doc: to_json(&s), base: handle.base, preset: Some(id) })
    });

    html! {
        <section class="editor" aria-labelledby="ed-heading">
            <div class="ed-bar">
                <div class="ed-bar-row">
                    <h2 id="ed-heading" class="ed-heading">{ text::HEADING.get(lang) }</h2>
                    <span class="ed-spacer"></span>
                    if let Some(onclick) = on_reset_preset {
                        <button type="button" class="button" {onclick}>{ text::RESET_PRESET.get(lang) }</button>
                    }
                    <button type="button" class="button" onclick={on_discard.clone()}>{ text::DISCARD.get(lang) }</button>
                    <button type="button" class="button button-primary" onclick={on_apply}>{ text::APPLY.get(lang) }</button>
                </div>
                <div class="ed-bar-row">
                    <PresetPicker />
                    <FileButtons draft={props.draft.clone()} />
                </div>
            </div>
            <div class="ed-body">
                <p class="ed-intro">{ text::INTRO.get(lang) }</p>
                { from_storage(draft, lang, on_discard.clone()) }
                { import_problem(draft, lang) }
                { summary(draft, lang) }
                { sections::plain_group(&ctx, Group::Run) }
                { sections::system(&ctx) }
                // RocketMQ's own settings; another system has its own in the section above.
                { sections::plain_group(&ctx, Group::Cluster) }
                { sections::plain_group(&ctx, Group::Replication) }
                { sections::plain_group(&ctx, Group::BrokerStorage) }
                { sections::network(&ctx) }
                { sections::producers(&ctx) }
                { sections::consumer_groups(&ctx) }
                { sections::plain_group(&ctx, Group::Dedup) }
                { faults::faults(&ctx) }
            </div>
        </section>
    }
}

/// The errors of a refused apply or export, each a button that moves to its field.
fn summary(draft: &Draft, lang: Lang) -> Html {
    let Some(attempt) = draft.attempt.filter(|_| !draft.errors.is_empty()) else { return Html::default() };
    let title = match attempt {
        Attempt::Apply => text::ERRORS_TITLE,
        Attempt::Export => text::ERRORS_EXPORT,
    };
    let items = draft.errors.iter().map(|e| {
        // An entry of a list field (`brokers.delay_levels_ms[1]`) moves to the list's input.
        let id = input_id(field_path(&e.path).0);
        let target = id.clone();
        let focus = move |_| {
            if let Some(el) = gloo::utils::document().get_element_by_id(&id) {
                el.scroll_into_view();
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        };
        let said = match place(&e.path, lang) {
            Some(place) => format!("{place}{}{}", lang.colon(), e.kind.localize(lang)),
            None => e.localize(lang),
        };
        html! { <li data-target={target}><button type="button" class="ed-jump" onclick={focus}>{ said }</button></li> }
    });
    html! {
        <div class="ed-summary" role="alert">
            <p>{ title.get(lang) }</p>
            <ul>{ for items }</ul>
        </div>
    }
}

/// Where an error is in the form, as the form labels it: the list entry counted from 1 ("Producer
/// 2") or the section, then the field's label, then the entry of a list field: the engine's
/// `producers[1].workload.rate_per_s` is "Producer 2 › rate_per_s", `brokers.delay_levels_ms[1]`
/// "Consumer groups › delay_levels_ms › entry 2". None for a path the form has no field for
/// (an unknown one from a file), which the summary shows as the engine writes it.
fn place(path: &str, lang: Lang) -> Option<String> {
    let lists = [
        ("producers[", text::PRODUCER),
        ("consumer_groups[", text::GROUP),
        ("network.links[", text::LINK),
        ("faults[", text::FAULT),
    ];
    let (field_path, entry) = field_path(path);
    let listed = lists.iter().find_map(|(list, what)| {
        let (index, _) = path.strip_prefix(list)?.split_once(']')?;
        Some(format!("{} {}", what.get(lang), index.parse::<usize>().ok()? + 1))
    });
    // The section that shows it: the one whose heading the learner looks for (review 15).
    let section = fields::section_of(path).map(|g| g.name(lang).to_string());
    let Some(f) = fields::find(field_path).filter(|f| f.path != "version") else {
        // The entry itself ("producers[1]": a duplicate name across entries), or a whole list
        // ("consumer_groups": too many), said by its section.
        return listed.or(section);
    };
    let head = listed.or(section).unwrap_or_else(|| f.group.name(lang).to_string());
    let mut place = format!("{head} › {}", f.key());
    if let Some(n) = entry {
        place.push_str(" › ");
        place.push_str(&text::entry(n + 1, lang));
    }
    Some(place)
}

/// The field `path` is in, and the entry of a list field it names: `brokers.delay_levels_ms[1]` is
/// entry 1 of `brokers.delay_levels_ms`; any other path is its own field.
fn field_path(path: &str) -> (&str, Option<usize>) {
    match path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        Some((field, n)) if fields::find(field).is_some() => (field, n.parse::<usize>().ok()),
        _ => (path, None),
    }
}

/// What a reload found of the edits kept in LocalStorage: taken up again (with a way to discard
/// them), or unreadable and ignored.
fn from_storage(draft: &Draft, lang: Lang, on_discard: Callback<MouseEvent>) -> Html {
    match draft.from_storage {
        None => Html::default(),
        Some(FromStorage::Restored) => html! {
            <div class="notice notice-warn ed-stored" id="ed-draft-restored" role="status">
                <p class="notice-text">{ text::DRAFT_RESTORED.get(lang) }</p>
                <button type="button" class="button" id="ed-draft-discard" onclick={on_discard}>
                    { text::DRAFT_DISCARD.get(lang) }
                </button>
            </div>
        },
        Some(FromStorage::Unreadable) => html! {
            <div class="notice notice-error ed-stored" id="ed-draft-unreadable" role="alert">
                <p class="notice-text">{ text::DRAFT_UNREADABLE.get(lang) }</p>
            </div>
        },
    }
}

fn import_problem(draft: &Draft, lang: Lang) -> Html {
    let message = match &draft.import_error {
        None => return Html::default(),
        Some(ImportProblem::Unreadable) => text::IMPORT_UNREADABLE.get(lang).to_string(),
        Some(ImportProblem::Invalid(e)) => e.localize(lang),
    };
    html! {
        <div class="ed-summary" role="alert">
            <p>{ text::IMPORT_FAILED.get(lang) }</p>
            <p class="ed-import-error">{ message }</p>
        </div>
    }
}

/// The node names of the working copy's cluster, when its sizes are ones the topology can be
/// built from (the topology trusts them; validation bounds them first).
fn nodes_of(doc: &Value) -> Option<Vec<String>> {
    let s: Scenario = from_value(doc.clone()).ok()?;
    // Another system's section is checked whole: its server names come from its settings.
    let system_ok =
        s.system.is_rocketmq() || crate::scenario::validate_all(&s).iter().all(|e| !e.path.starts_with("system"));
    let sized = system_ok
        && (1..=MAX_NAMESERVERS).contains(&s.nameservers.count)
        && (1..=MAX_BROKER_GROUPS).contains(&s.brokers.groups)
        && s.brokers.slaves <= MAX_SLAVES
        && (1..=MAX_TOPICS).contains(&s.topics.len())
        && s.producers.len() <= MAX_PRODUCERS
        && s.consumer_groups.len() <= MAX_CONSUMER_GROUPS
        && s.consumer_groups.iter().all(|g| (1..=MAX_MEMBERS).contains(&g.members));
    sized.then(|| Topology::from_scenario(&s).nodes.into_iter().map(|n| n.name).collect())
}
