//! The anomaly list in pages, newest first: a run can find a thousand anomalies, and the list is
//! drawn every frame, so it shows one page and buttons page back through the older ones.

use std::ops::Range;

/// Anomalies on one page.
pub const PER_PAGE: usize = 30;

/// Which of `count` items (kept oldest first) page `page` shows, page 0 holding the newest; a page
/// past the end (the run was scrubbed back and has fewer now) is taken as the last, and returned.
pub fn page_range(count: usize, page: usize) -> (usize, Range<usize>) {
    let last = count.saturating_sub(1) / PER_PAGE;
    let page = page.min(last);
    let to = count - page * PER_PAGE;
    (page, to.saturating_sub(PER_PAGE)..to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_zero_holds_the_newest_and_the_last_page_the_oldest() {
        assert_eq!(page_range(0, 0), (0, 0..0));
        assert_eq!(page_range(12, 0), (0, 0..12));
        assert_eq!(page_range(66, 0), (0, 36..66));
        assert_eq!(page_range(66, 1), (1, 6..36));
        assert_eq!(page_range(66, 2), (2, 0..6));
        assert_eq!(page_range(60, 1), (1, 0..30));
    }

    #[test]
    fn a_page_past_the_end_shows_the_oldest_page() {
        assert_eq!(page_range(66, 9), (2, 0..6));
        assert_eq!(page_range(60, 2), (1, 0..30));
    }
}
