//! Command-line arguments, parsed by hand (the grammar is small) into `Args`, with errors a
//! learner can read in either language.

use crate::i18n::{Lang, Localize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Run { input: String },
    Replay { input: String },
    Check { input: String },
    Encode { input: String, actions: Option<String> },
    Decode { input: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub command: Command,
    pub seed: Option<u64>,
    pub runs: Option<u64>,
    pub lang: Option<Lang>,
    pub trace: Option<String>,
    /// With `--runs`: list every seed's result too.
    pub per_seed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    NoCommand,
    UnknownCommand(String),
    MissingInput(&'static str),
    UnknownOption(String),
    MissingValue(String),
    NotANumber {
        option: String,
        value: String,
    },
    UnexpectedArgument(String),
    NotForCommand {
        option: String,
        command: &'static str,
    },
    /// An option that only means something with `--runs`.
    NeedsRuns(&'static str),
}

impl Localize for ArgError {
    fn localize(&self, lang: Lang) -> String {
        match self {
            ArgError::NoCommand => lang.pick("no command given".into(), "未给出命令".into()),
            ArgError::UnknownCommand(c) => lang.pick(format!("unknown command \"{c}\""), format!("未知命令“{c}”")),
            ArgError::MissingInput(c) => lang.pick(
                format!("{c}: missing the file or link (use - for stdin)"),
                format!("{c}：缺少文件或链接（用 - 表示标准输入）"),
            ),
            ArgError::UnknownOption(o) => lang.pick(format!("unknown option {o}"), format!("未知选项 {o}")),
            ArgError::MissingValue(o) => lang.pick(format!("{o} needs a value"), format!("{o} 需要一个值")),
            ArgError::NotANumber { option, value } => lang
                .pick(format!("{option}: \"{value}\" is not a whole number"), format!("{option}：“{value}”不是整数")),
            ArgError::UnexpectedArgument(a) => {
                lang.pick(format!("unexpected argument \"{a}\""), format!("多余的参数“{a}”"))
            }
            ArgError::NotForCommand { option, command } => {
                lang.pick(format!("{option} does not apply to {command}"), format!("{option} 不适用于 {command}"))
            }
            ArgError::NeedsRuns(o) => lang.pick(format!("{o} needs --runs"), format!("{o} 需要与 --runs 一起使用")),
        }
    }
}

pub fn parse(argv: Vec<String>) -> Result<Args, ArgError> {
    let mut it = argv.into_iter();
    let name = it.next().ok_or(ArgError::NoCommand)?;
    let mut positional: Vec<String> = Vec::new();
    let mut args = Args { command: Command::Help, seed: None, runs: None, lang: None, trace: None, per_seed: false };
    let mut actions = None;
    while let Some(a) = it.next() {
        let mut value = |opt: &str| it.next().ok_or_else(|| ArgError::MissingValue(opt.to_string()));
        let number = |opt: &str, v: String| {
            v.parse::<u64>().map_err(|_| ArgError::NotANumber { option: opt.to_string(), value: v })
        };
        match a.as_str() {
            "--seed" => args.seed = Some(number("--seed", value("--seed")?)?),
            "--runs" => args.runs = Some(number("--runs", value("--runs")?)?),
            "--lang" => args.lang = Some(Lang::from_tag(&value("--lang")?)),
            "--trace" => args.trace = Some(value("--trace")?),
            "--actions" => actions = Some(value("--actions")?),
            "--per-seed" => args.per_seed = true,
            "-h" | "--help" => return Ok(Args { command: Command::Help, ..args }),
            s if s.starts_with("--") => return Err(ArgError::UnknownOption(s.to_string())),
            _ => positional.push(a),
        }
    }
    let input = |cmd: &'static str| -> Result<String, ArgError> {
        let first = positional.first().cloned().ok_or(ArgError::MissingInput(cmd))?;
        if let Some(extra) = positional.get(1) {
            return Err(ArgError::UnexpectedArgument(extra.clone()));
        }
        Ok(first)
    };
    let command = match name.as_str() {
        "help" | "-h" | "--help" => Command::Help,
        "run" => Command::Run { input: input("run")? },
        "replay" => Command::Replay { input: input("replay")? },
        "check" => Command::Check { input: input("check")? },
        "encode" => Command::Encode { input: input("encode")?, actions: actions.take() },
        "decode" => Command::Decode { input: input("decode")? },
        other => return Err(ArgError::UnknownCommand(other.to_string())),
    };
    let not_for = |option: &str, command: &'static str| ArgError::NotForCommand { option: option.to_string(), command };
    match &command {
        Command::Run { .. } => {}
        Command::Replay { .. } => {
            if args.seed.is_some() {
                return Err(not_for("--seed", "replay"));
            }
            if args.runs.is_some() {
                return Err(not_for("--runs", "replay"));
            }
        }
        _ => {
            for (set, opt) in
                [(args.seed.is_some(), "--seed"), (args.runs.is_some(), "--runs"), (args.trace.is_some(), "--trace")]
            {
                if set {
                    return Err(not_for(opt, "this command"));
                }
            }
        }
    }
    if actions.is_some() {
        return Err(not_for("--actions", "this command"));
    }
    if args.per_seed && args.runs.is_none() {
        return Err(ArgError::NeedsRuns("--per-seed"));
    }
    if args.runs.is_some() && args.trace.is_some() {
        return Err(not_for("--trace", "--runs"));
    }
    Ok(Args { command, ..args })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Args, ArgError> {
        parse(s.split_whitespace().map(String::from).collect())
    }

    #[test]
    fn parses_run_with_options() {
        let a = p("run x.json --seed 7 --runs 3 --lang zh-CN").unwrap();
        assert_eq!(a.command, Command::Run { input: "x.json".into() });
        assert_eq!((a.seed, a.runs, a.lang), (Some(7), Some(3), Some(Lang::Zh)));
    }

    #[test]
    fn rejects_bad_arguments_clearly() {
        assert_eq!(p("").unwrap_err(), ArgError::NoCommand);
        assert_eq!(p("fly").unwrap_err(), ArgError::UnknownCommand("fly".into()));
        assert_eq!(p("run").unwrap_err(), ArgError::MissingInput("run"));
        assert!(matches!(p("run x --seed abc"), Err(ArgError::NotANumber { .. })));
        assert!(matches!(p("run x --seed"), Err(ArgError::MissingValue(_))));
        assert!(matches!(p("run x y"), Err(ArgError::UnexpectedArgument(_))));
        assert!(matches!(p("decode L --seed 1"), Err(ArgError::NotForCommand { .. })));
        assert!(matches!(p("run x --actions a.json"), Err(ArgError::NotForCommand { .. })));
        assert!(matches!(p("run x --frobnicate"), Err(ArgError::UnknownOption(_))));
        assert_eq!(p("run x --per-seed").unwrap_err(), ArgError::NeedsRuns("--per-seed"));
        assert!(p("run x --runs 3 --per-seed").unwrap().per_seed);
        assert_eq!(
            p("encode s.json --actions a.json").unwrap().command,
            Command::Encode { input: "s.json".into(), actions: Some("a.json".into()) }
        );
    }

    #[test]
    fn every_error_reads_in_chinese_too() {
        let errors = [
            ArgError::NoCommand,
            ArgError::UnknownCommand("x".into()),
            ArgError::MissingInput("run"),
            ArgError::UnknownOption("--x".into()),
            ArgError::MissingValue("--seed".into()),
            ArgError::NotANumber { option: "--seed".into(), value: "a".into() },
            ArgError::UnexpectedArgument("y".into()),
            ArgError::NotForCommand { option: "--seed".into(), command: "replay" },
            ArgError::NeedsRuns("--per-seed"),
        ];
        for e in errors {
            assert_ne!(e.localize(Lang::En), e.localize(Lang::Zh));
        }
    }
}
