//! Fitting words into the drawing's boxes. SVG text cannot be measured before it is drawn, so the
//! view estimates widths (CJK characters square, Latin ones about 0.6 of the font size) and wraps
//! or shortens text to stay inside its box instead of running into the next one.

/// About how wide `s` is at font size `fs`, in drawing units.
pub fn text_width(s: &str, fs: i32) -> i32 {
    s.chars().map(|c| if c.is_ascii() { (fs * 6 + 9) / 10 } else { fs }).sum()
}

/// `s` if it fits in `width`, else as many of its first characters as fit followed by "…".
pub fn clip_to(s: &str, width: i32, fs: i32) -> String {
    if text_width(s, fs) <= width {
        return s.to_string();
    }
    let room = width - text_width("…", fs);
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), fs);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `words` joined with " · " and wrapped to lines at most `width` wide; at most `max_lines`, the
/// last marked "…" when words are left over. A word wider than a line is shortened.
pub fn wrap_words<'a>(words: impl IntoIterator<Item = &'a str>, width: i32, fs: i32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        let fits =
            lines.last().is_some_and(|l| text_width(l, fs) + text_width(" · ", fs) + text_width(word, fs) <= width);
        if fits {
            if let Some(line) = lines.last_mut() {
                line.push_str(" · ");
                line.push_str(word);
            }
        } else if lines.len() == max_lines {
            if let Some(last) = lines.last_mut() {
                if !last.ends_with('…') {
                    *last = clip_to(&format!("{last} …"), width, fs);
                }
            }
            break;
        } else {
            lines.push(clip_to(word, width, fs));
        }
    }
    lines
}

/// `text`'s phrases (split at " · ") in lines at most `width` wide, none left out: joined by " · "
/// where they fit, each other phrase on a line of its own, and one too wide for a line broken
/// between its words, so that a name ("c1 waiting on broker-a/master") is never cut. Only a single
/// word wider than a whole line is shortened. `wrap_words`, by contrast, keeps to `max_lines`.
pub fn wrap_phrases(text: &str, width: i32, fs: i32) -> Vec<String> {
    let fits =
        |line: &str, sep: &str, more: &str| text_width(line, fs) + text_width(sep, fs) + text_width(more, fs) <= width;
    let mut lines: Vec<String> = Vec::new();
    for phrase in text.split(" · ") {
        match lines.last_mut() {
            Some(line) if fits(line, " · ", phrase) => {
                line.push_str(" · ");
                line.push_str(phrase);
                continue;
            }
            _ => {}
        }
        let mut start = true;
        for word in phrase.split(' ') {
            match lines.last_mut() {
                Some(line) if !start && fits(line, " ", word) => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(clip_to(word, width, fs)),
            }
            start = false;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_share_a_line_where_they_fit_and_break_between_words_where_not() {
        let text = "c1 waiting on broker-a/master · gives up at 39.992 s";
        assert_eq!(wrap_phrases(text, 1_000, 11), vec![text.to_string()]);
        let narrow = wrap_phrases(text, 110, 11);
        assert_eq!(narrow.join(" ").replace("master gives", "master · gives"), text, "{narrow:?}");
        assert!(narrow.iter().all(|l| text_width(l, 11) <= 110 && !l.contains('…')), "{narrow:?}");
        assert!(narrow.iter().any(|l| l == "broker-a/master"), "the name is never cut: {narrow:?}");
    }

    #[test]
    fn latin_is_narrower_than_cjk() {
        assert_eq!(text_width("ab", 10), 12);
        assert_eq!(text_width("领导", 10), 20);
    }

    #[test]
    fn clipping_keeps_what_fits_and_marks_the_cut() {
        assert_eq!(clip_to("orders-0", 100, 10), "orders-0");
        let clipped = clip_to("orders-1: ISR 3/3, epoch 0", 80, 10);
        assert!(clipped.ends_with('…') && text_width(&clipped, 10) <= 80, "{clipped}");
        assert!(clipped.starts_with("orders-1"));
    }

    #[test]
    fn words_wrap_to_lines_and_the_last_line_says_more_is_left() {
        let words = ["leader", "term 3", "no majority", "ISR 2/3"];
        let lines = wrap_words(words, 100, 10, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "leader · term 3");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 10) <= 100), "{lines:?}");
        assert_eq!(wrap_words(words, 400, 10, 2), ["leader · term 3 · no majority · ISR 2/3"]);
    }

    #[test]
    fn a_word_wider_than_the_box_is_shortened() {
        let lines = wrap_words(["orders-1: ISR 3/3, epoch 0"], 60, 9, 2);
        assert!(lines[0].ends_with('…') && text_width(&lines[0], 9) <= 60, "{lines:?}");
    }
}
