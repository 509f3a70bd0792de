//! serde's own error words (a wrong JSON type, a JSON syntax error) in a learner's words, in
//! English and in Chinese. A Chinese number or word from the document gets a space before it,
//! after the Chinese text that leads to it.

use crate::i18n::Lang;

/// serde's "invalid type: string \"x\", expected u32" in a learner's words: the Rust type names
/// become "a whole number, 0 or more" and the like. Anything else is shown as serde said it.
pub(super) fn wrong_type(detail: &str, lang: Lang) -> String {
    worded(detail, None, lang)
}

/// `wrong_type`, with what the field takes in words (its own range) instead of serde's type.
pub(super) fn wrong_type_within(detail: &str, expected: String, lang: Lang) -> String {
    worded(detail, Some(expected), lang)
}

fn worded(detail: &str, expected_here: Option<String>, lang: Lang) -> String {
    let split =
        |rest: &str| rest.split_once(", expected ").map(|(found, expected)| (found.to_string(), expected.to_string()));
    let (found, expected, kind) = if let Some((f, e)) = detail.strip_prefix("invalid type: ").and_then(split) {
        (f, e, "type")
    } else if let Some((f, e)) = detail.strip_prefix("invalid value: ").and_then(split) {
        (f, e, "value")
    } else {
        return lang.pick(detail.to_string(), format!("格式不对：{detail}"));
    };
    let found = plain_found(&found, lang);
    let expected = expected_here.unwrap_or_else(|| plain_expected(&expected, lang));
    match (lang, kind) {
        (Lang::En, _) => format!("expected {expected}, got {found}"),
        (Lang::Zh, "type") => format!("类型不对：应为{expected}，实际为{found}"),
        (Lang::Zh, _) => format!("取值不对：应为{expected}，实际为{found}"),
    }
}

/// What serde expected, in words.
fn plain_expected(expected: &str, lang: Lang) -> String {
    let max = match expected {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        "u64" => Some(u64::MAX),
        _ => None,
    };
    match (max, expected) {
        // A 20-digit bound says nothing a learner can use.
        (Some(u64::MAX), _) => lang.pick("a whole number, 0 or more".into(), "大于或等于 0 的整数".into()),
        (Some(max), _) => lang.pick(format!("a whole number from 0 to {max}"), format!(" 0 到 {max} 之间的整数")),
        (None, "a boolean") => lang.pick("true or false".into(), " true 或 false".into()),
        (None, "a string") => lang.pick("text in quotes".into(), "带引号的文本".into()),
        (None, other) => lang.pick(other.to_string(), format!(" {other}")),
    }
}

/// What serde found ("string \"x\"", "integer `-5`", "floating point `1.5`"), in words.
fn plain_found(found: &str, lang: Lang) -> String {
    let quoted = |prefix: &str| found.strip_prefix(prefix).map(|rest| rest.trim_matches('`').to_string());
    if let Some(text) = found.strip_prefix("string ") {
        // A number typed with a decimal point reaches the reader as text from a form field.
        let inner = text.trim_matches('"');
        let decimal = inner.contains('.') && inner.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        if decimal {
            return lang.pick(format!("the decimal {inner}"), format!("小数 {inner}"));
        }
        if let Some(full) = with_exponent(inner) {
            return lang.pick(
                format!("the number {inner}, written with an exponent; write it in full ({full})"),
                format!("用指数写法写的数 {inner}；请把它完整写出来（{full}）"),
            );
        }
        lang.pick(format!("the text {text}"), format!("文本 {text}"))
    } else if let Some(n) = quoted("integer ") {
        lang.pick(n.clone(), format!(" {n}"))
    } else if let Some(x) = quoted("floating point ") {
        lang.pick(format!("the decimal {x}"), format!("小数 {x}"))
    } else if let Some(b) = quoted("boolean ") {
        lang.pick(b.clone(), format!(" {b}"))
    } else {
        found.to_string()
    }
}

/// A number a form field took with an exponent ("1e3", which a browser's number field accepts),
/// written in full ("1000"), or in words if it is not a whole number.
fn with_exponent(inner: &str) -> Option<String> {
    let looks_like = inner.contains(['e', 'E'])
        && inner.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    let x: f64 = inner.parse().ok().filter(|x: &f64| looks_like && x.is_finite())?;
    // Exact in an f64 up to 2^53; past that the digits written in full would be invented.
    let whole = x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0;
    Some(if whole { format!("{x:.0}") } else { format!("{x}") })
}

/// serde_json's syntax errors in Chinese. They are a fixed set of phrases (its `ErrorCode`); one
/// this table lacks is shown as serde_json words it.
pub(super) fn syntax_zh(detail: &str) -> String {
    let zh = match detail {
        "expected `,` or `}`" => "缺少 `,` 或 `}`",
        "expected `,` or `]`" => "缺少 `,` 或 `]`",
        "expected `:`" => "缺少 `:`",
        "expected `\"`" => "缺少 `\"`",
        "expected value" => "这里应该是一个值",
        "expected ident" => "无法识别的词（true、false、null 要全小写拼写）",
        "trailing comma" => "最后一项后面多了逗号",
        "trailing characters" => "JSON 结束后还有多余的字符",
        "invalid escape" => "无效的转义序列",
        "invalid number" => "无效的数字",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" => "无效的 Unicode 码点",
        "key must be a string" => "键必须是字符串",
        "control character (\\u0000-\\u001F) found while parsing a string" => "字符串中有控制字符（\\u0000-\\u001F）",
        "lone leading surrogate in hex escape" => "十六进制转义中有孤立的代理项",
        "unexpected end of hex escape" => "十六进制转义不完整",
        "recursion limit exceeded" => "嵌套层数过多",
        other => return other.to_string(),
    };
    zh.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::error::ErrorKind;

    #[test]
    fn json_syntax_errors_read_in_chinese() {
        let broken = [
            "{\"version\":1 \"a\":2}",
            "{\"version\":1,}",
            "{\"version\":tru}",
            "{\"version\":1} x",
            "{\"version\":01}",
            "{\"version\":1,\"title\":\"\\q\"}",
            "{\"version\":1,\"seed\":1e999}",
            "{1:2}",
            "[1 2]",
            "{\"version\" 1}",
        ];
        for text in broken {
            let e = crate::scenario::parse_scenario(text).expect_err(text);
            let ErrorKind::Syntax { detail, .. } = &e.kind else { panic!("{text}: {e:?}") };
            assert_ne!(&syntax_zh(detail), detail, "{text}: no Chinese for serde_json's words");
        }
    }

    #[test]
    fn type_errors_use_the_learners_words() {
        let d = "invalid type: string \"-5\", expected u64";
        assert_eq!(wrong_type(d, Lang::En), "expected a whole number, 0 or more, got the text \"-5\"");
        assert_eq!(
            wrong_type("invalid value: integer `300`, expected u8", Lang::Zh),
            "取值不对：应为 0 到 255 之间的整数，实际为 300"
        );
        assert_eq!(
            wrong_type("invalid type: floating point `1.5`, expected u32", Lang::En),
            "expected a whole number from 0 to 4294967295, got the decimal 1.5"
        );
        assert_eq!(wrong_type("invalid length 3, expected 2", Lang::En), "invalid length 3, expected 2");
        assert_eq!(
            wrong_type("invalid type: string \"1e3\", expected u32", Lang::En),
            "expected a whole number from 0 to 4294967295, got the number 1e3, written with an exponent; write it \
             in full (1000)"
        );
        assert_eq!(
            wrong_type("invalid type: string \"1e3\", expected u32", Lang::Zh),
            "类型不对：应为 0 到 4294967295 之间的整数，实际为用指数写法写的数 1e3；请把它完整写出来（1000）"
        );
        assert!(wrong_type("invalid type: string \"e\", expected u32", Lang::En).ends_with("the text \"e\""));
        assert_eq!(
            wrong_type("invalid type: string \"2.5\", expected u32", Lang::En),
            "expected a whole number from 0 to 4294967295, got the decimal 2.5"
        );
    }
}
