//! `Range: bytes=…` (RFC 9110 §14): what a browser's video player asks for
//! to start playing before the whole file is here, and to seek.
//!
//! One range is served; a request for several, or one that cannot be read,
//! gets the whole file, as the RFC lets a server do ("MAY ignore"). A range
//! that starts past the end is unsatisfiable (416).

/// What part of a file of a known length to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// The whole file (no range asked, or one that is ignored).
    Whole,
    /// Bytes `start..=end` (206).
    Part { start: u64, end: u64 },
    /// Nothing of the file lies in the range (416).
    Unsatisfiable,
}

impl ByteRange {
    /// The range `header` asks of a file of `len` bytes.
    pub fn of(header: Option<&str>, len: u64) -> ByteRange {
        let Some(header) = header else { return ByteRange::Whole };
        let Some((unit, spec)) = header.trim().split_once('=') else { return ByteRange::Whole };
        if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
            return ByteRange::Whole;
        }
        let Some((first, last)) = spec.trim().split_once('-') else { return ByteRange::Whole };
        let number = |s: &str| -> Option<u64> {
            let s = s.trim();
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
        };
        match (first.trim().is_empty(), number(first), number(last)) {
            // `-n`: the last n bytes.
            (true, _, Some(n)) => {
                if n == 0 || len == 0 {
                    ByteRange::Unsatisfiable
                } else {
                    ByteRange::Part { start: len.saturating_sub(n), end: len - 1 }
                }
            }
            // `a-` and `a-b`.
            (false, Some(start), end) if last.trim().is_empty() || end.is_some() => {
                if end.is_some_and(|end| end < start) {
                    return ByteRange::Whole;
                }
                if start >= len {
                    return ByteRange::Unsatisfiable;
                }
                ByteRange::Part { start, end: end.map_or(len - 1, |e| e.min(len - 1)) }
            }
            _ => ByteRange::Whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ByteRange::{self, *};

    fn of(header: &str, len: u64) -> ByteRange {
        ByteRange::of(Some(header), len)
    }

    #[test]
    fn one_range_in_each_form() {
        assert_eq!(of("bytes=0-99", 1000), Part { start: 0, end: 99 });
        assert_eq!(of("bytes=500-", 1000), Part { start: 500, end: 999 });
        assert_eq!(of("bytes=0-", 1000), Part { start: 0, end: 999 });
        assert_eq!(of("bytes=-100", 1000), Part { start: 900, end: 999 });
        assert_eq!(of("BYTES = 10 - 20 ", 1000), Part { start: 10, end: 20 });
        // An end past the file is cut to it; a suffix longer than the file is all of it.
        assert_eq!(of("bytes=900-5000", 1000), Part { start: 900, end: 999 });
        assert_eq!(of("bytes=-5000", 1000), Part { start: 0, end: 999 });
        assert_eq!(of("bytes=999-999", 1000), Part { start: 999, end: 999 });
    }

    #[test]
    fn a_range_past_the_end_cannot_be_satisfied() {
        assert_eq!(of("bytes=1000-", 1000), Unsatisfiable);
        assert_eq!(of("bytes=1000-2000", 1000), Unsatisfiable);
        assert_eq!(of("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(of("bytes=0-", 0), Unsatisfiable);
        assert_eq!(of("bytes=-1", 0), Unsatisfiable);
    }

    #[test]
    fn what_cannot_be_read_or_is_not_served_gets_the_whole_file() {
        assert_eq!(ByteRange::of(None, 1000), Whole);
        for header in [
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=abc-",
            "bytes=5-1",
            "bytes=1-2-3",
            "bytes=+1-2",
            "bytes=0x10-",
            "items=0-10",
            "bytes=0-10, 20-30",
            "bytes=99999999999999999999999-",
            "bytes=0-99999999999999999999999",
        ] {
            assert_eq!(of(header, 1000), Whole, "{header:?}");
        }
    }
}
