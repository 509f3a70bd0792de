//! The headless runner: `mqlab run FILE.json [--seed N] [--runs K]`, `replay LINK`, `check FILE`,
//! `encode FILE`, `decode LINK`. It prints JSON on stdout; a bad scenario or link prints its
//! field-named error on stderr and exits with 2, a run that cannot complete exits with 1.

mod args;

use crate::i18n::{Lang, Localize};
use crate::lab::sweep::{SeedError, SeedResult, SweepPlan, Sweeper, Tally};
use crate::report::{Distribution, RunReport};
use crate::scenario::link::{self, SharedRun};
use crate::scenario::model::Scenario;
use crate::scenario::parse::parse_scenario;
use crate::sim::command::RecordedAction;
use crate::sim::run;
use args::{Args, Command};
use std::io::{Read, Write};

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_RUN_FAILED: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;

/// At most this many seeds in one `--runs`.
pub const MAX_RUNS: u64 = 100_000;

const USAGE_EN: &str = "\
mqlab — a message-queue cluster you break (headless runner)

usage:
  mqlab run FILE.json|- [--seed N] [--runs K [--per-seed]] [--lang en|zh-CN] [--trace OUT.jsonl]
      run a scenario to the end and print the checker's report (JSON); with --runs K, run
      seeds N..N+K and print how the counts spread (--per-seed: and every seed's result)
  mqlab replay LINK|- [--lang en|zh-CN]   run a share link (scenario + recorded actions)
  mqlab check FILE.json|-                 validate a scenario
  mqlab encode FILE.json|- [--actions ACTIONS.json]   print a share link for a scenario
  mqlab decode LINK|-                     print the scenario and actions a share link holds

exit codes: 0 done, 1 the run could not complete, 2 bad scenario, link or arguments";

const USAGE_ZH: &str = "\
mqlab —— 可以亲手弄坏的消息队列集群（命令行运行器）

用法：
  mqlab run 场景.json|- [--seed N] [--runs K [--per-seed]] [--lang en|zh-CN] [--trace 输出.jsonl]
      运行一个场景并输出检查器报告（JSON）；加 --runs K 时依次运行种子 N..N+K，输出各项计数的分布
      （--per-seed：同时列出每个种子的结果）
  mqlab replay 链接|- [--lang en|zh-CN]   运行一个分享链接（场景 + 记录的操作）
  mqlab check 场景.json|-                 校验场景
  mqlab encode 场景.json|- [--actions 操作.json]   为场景生成分享链接
  mqlab decode 链接|-                     打印分享链接中的场景与操作

退出码：0 完成，1 运行无法完成，2 场景、链接或参数有误";

/// Run the CLI with these arguments (without the program name); returns the exit code.
pub fn main_with(argv: Vec<String>, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let env_lang = std::env::var("LANG").map(|l| Lang::from_tag(&l)).unwrap_or_default();
    let args = match args::parse(argv) {
        Ok(a) => a,
        Err(e) => {
            let lang = env_lang;
            let _ = writeln!(stderr, "{}\n\n{}", e.localize(lang), lang.pick(USAGE_EN, USAGE_ZH));
            return EXIT_BAD_INPUT;
        }
    };
    let lang = args.lang.unwrap_or(env_lang);
    match execute(&args, lang, stdout) {
        Ok(()) => EXIT_OK,
        Err(Failure::BadInput(msg)) => {
            let _ = writeln!(stderr, "{msg}");
            EXIT_BAD_INPUT
        }
        Err(Failure::RunFailed(msg)) => {
            let _ = writeln!(stderr, "{msg}");
            EXIT_RUN_FAILED
        }
    }
}

/// The process entry: real arguments, stdout and stderr.
pub fn main() -> i32 {
    let argv = std::env::args().skip(1).collect();
    main_with(argv, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
}

enum Failure {
    BadInput(String),
    RunFailed(String),
}

fn execute(args: &Args, lang: Lang, out: &mut dyn Write) -> Result<(), Failure> {
    match &args.command {
        Command::Help => {
            let _ = writeln!(out, "{}", lang.pick(USAGE_EN, USAGE_ZH));
            Ok(())
        }
        Command::Run { input } => {
            let mut scenario = load_scenario(input, lang)?;
            if let Some(seed) = args.seed {
                scenario.seed = seed;
            }
            match args.runs {
                None => run_one(&scenario, &[], args.trace.as_deref(), lang, out),
                Some(k) => run_many(&scenario, k, args.per_seed, lang, out),
            }
        }
        Command::Replay { input } => {
            let shared = load_link(input, lang)?;
            run_one(&shared.scenario, &shared.actions, args.trace.as_deref(), lang, out)
        }
        Command::Check { input } => {
            load_scenario(input, lang)?;
            let _ = writeln!(out, "{}", lang.pick("ok: the scenario is valid", "通过：场景有效"));
            Ok(())
        }
        Command::Encode { input, actions } => {
            let scenario = load_scenario(input, lang)?;
            let actions: Vec<RecordedAction> = match actions {
                None => Vec::new(),
                Some(path) => {
                    let text = read_input(path, lang)?;
                    serde_json::from_str(&text).map_err(|e| {
                        Failure::BadInput(
                            format!("{path}: {}", lang.pick("not a list of actions", "不是操作列表"))
                                + &format!(": {e}"),
                        )
                    })?
                }
            };
            let shared = SharedRun { scenario, actions, at_us: None, at_events: None };
            link::validate_run(&shared).map_err(|e| Failure::BadInput(e.localize(lang)))?;
            let _ = writeln!(out, "{}", link::encode(&shared));
            Ok(())
        }
        Command::Decode { input } => {
            let shared = load_link(input, lang)?;
            print_json(out, &shared)
        }
    }
}

fn run_one(
    s: &Scenario,
    actions: &[RecordedAction],
    trace: Option<&str>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let outcome = run::run(s, actions, trace.is_some()).map_err(|e| Failure::RunFailed(e.localize(lang)))?;
    if let Some(path) = trace {
        write_trace(path, &outcome.trace, lang)?;
    }
    print_json(out, &RunReport::new(&outcome, lang))
}

fn run_many(s: &Scenario, runs: u64, per_seed: bool, lang: Lang, out: &mut dyn Write) -> Result<(), Failure> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(Failure::BadInput(lang.pick(
            format!("--runs: must be between 1 and {MAX_RUNS}, got {runs}"),
            format!("--runs：必须在 1 到 {MAX_RUNS} 之间，实际为 {runs}"),
        )));
    }
    let plan = SweepPlan { first_seed: s.seed, runs };
    let results = sweep(s, plan).map_err(|e| Failure::RunFailed(e.localize(lang)))?;
    print_json(out, &Distribution::new(&s.title, plan.first_seed, &results, per_seed))
}

/// Run a sweep's seeds on every core, split as the browser splits them between its workers
/// (`SweepPlan::shares`); the results come back in seed order, so they do not depend on the
/// number of threads.
pub fn sweep(s: &Scenario, plan: SweepPlan) -> Result<Vec<SeedResult>, SweepFailure> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let shares = plan.shares(threads);
    let outcomes: Vec<Result<Vec<SeedResult>, SweepFailure>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    let mut sweeper = Sweeper::new(s.clone(), share);
                    sweeper.run_some(|| true).map_err(SweepFailure::Seed)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(SweepFailure::Panicked))).collect()
    });
    let mut tally = Tally::new(plan);
    for results in outcomes {
        for r in results? {
            tally.record(r);
        }
    }
    tally.into_results().ok_or(SweepFailure::Panicked)
}

/// Why a sweep stopped.
#[derive(Debug)]
pub enum SweepFailure {
    Seed(SeedError),
    /// A thread died (a bug in the engine); its seeds have no result.
    Panicked,
}

impl Localize for SweepFailure {
    fn localize(&self, lang: Lang) -> String {
        match self {
            SweepFailure::Seed(e) => e.localize(lang),
            SweepFailure::Panicked => {
                lang.pick("a run stopped on an internal error", "一次运行因内部错误中止").to_string()
            }
        }
    }
}

fn read_input(path: &str, lang: Lang) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| {
        Failure::BadInput(lang.pick(format!("{path}: cannot read: {e}"), format!("{path}：无法读取：{e}")))
    })?;
    Ok(text)
}

fn load_scenario(path: &str, lang: Lang) -> Result<Scenario, Failure> {
    let text = read_input(path, lang)?;
    parse_scenario(&text).map_err(|e| Failure::BadInput(format!("{path}: {}", e.localize(lang))))
}

fn load_link(input: &str, lang: Lang) -> Result<SharedRun, Failure> {
    let text = if input == "-" { read_input(input, lang)? } else { input.to_string() };
    // A whole URL works too: the run is in the fragment.
    let text = text.trim();
    let fragment = text.rsplit_once('#').map_or(text, |(_, f)| f);
    link::decode(fragment).map_err(|e| Failure::BadInput(e.localize(lang)))
}

fn write_trace(path: &str, trace: &[crate::sim::trace::TraceEvent], lang: Lang) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        Failure::RunFailed(lang.pick(format!("{path}: cannot write: {e}"), format!("{path}：无法写入：{e}")))
    };
    let file = std::fs::File::create(path).map_err(fail)?;
    let mut w = std::io::BufWriter::new(file);
    for e in trace {
        serde_json::to_writer(&mut w, e).map_err(|e| fail(e.into()))?;
        w.write_all(b"\n").map_err(fail)?;
    }
    w.flush().map_err(fail)
}

fn print_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::RunFailed(e.to_string()))?;
    let _ = writeln!(out, "{text}");
    Ok(())
}
