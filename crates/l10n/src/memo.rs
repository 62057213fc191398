//! What a worker remembers of the segments it checked, so that a segment met again on a later
//! page is not checked again: a site repeats its segments from page to page far more than a
//! page does (table headings, `Requirements` rows, parameter notes, whole boilerplate
//! paragraphs), and nearly two thirds of a site's segments are one checked before.

use doccodes_front_matter::Locale;

use crate::{Config, Finding};

/// How many segments a memo holds: in sets of [`WAYS`], the one used longest ago of its set
/// making room for a new one. Measured on zh-TW, a thousand recent segments spare as much work
/// as four thousand; a segment and its findings are a few hundred bytes.
const SETS: usize = 256;
const WAYS: usize = 4;

/// The findings of the segments a worker checked, by what they depend on: the segment's
/// source and target and the page's locale (the checks of one segment read nothing else of its
/// page but where its target stands, which only moves its findings), under one [`Config`],
/// which the memo holds so that it cannot serve findings made under another.
///
/// A worker makes one ([`SegmentMemo::new`]) and hands it to [`crate::review_with`] for every
/// page it checks; findings come out byte for byte as [`crate::review`]'s, which checks each
/// page with a memo of its own.
pub struct SegmentMemo<'c> {
    config: &'c Config,
    /// The locales met, a segment's key holding the index of its page's.
    locales: Vec<Option<Locale>>,
    /// `SETS * WAYS` once the first segment is stored; none in a memo that stores nothing.
    slots: Vec<Slot>,
    sets: usize,
    /// Counts lookups: a slot's `used` is the count at its last use.
    clock: u64,
}

/// One segment checked: its key, and its findings with their spans from its target's start.
#[derive(Default)]
struct Slot {
    hash: u64,
    locale: usize,
    source: String,
    target: String,
    findings: Vec<Finding>,
    /// 0 while empty.
    used: u64,
}

impl<'c> SegmentMemo<'c> {
    /// An empty memo of the findings made under `config`.
    pub fn new(config: &'c Config) -> SegmentMemo<'c> {
        SegmentMemo {
            sets: SETS,
            ..SegmentMemo::unused(config)
        }
    }

    /// A memo that remembers nothing: one page's check, where a page's own repeats are found
    /// without it.
    pub(crate) fn unused(config: &'c Config) -> SegmentMemo<'c> {
        SegmentMemo {
            config,
            locales: Vec::new(),
            slots: Vec::new(),
            sets: 0,
            clock: 0,
        }
    }

    /// The configuration its findings are made under.
    pub fn config(&self) -> &'c Config {
        self.config
    }

    /// Whether it remembers anything at all.
    pub(crate) fn remembers(&self) -> bool {
        self.sets > 0
    }

    /// The index of `locale` among those met: part of a segment's key.
    pub(crate) fn locale(&mut self, locale: Option<&Locale>) -> usize {
        if let Some(index) = self.locales.iter().position(|met| met.as_ref() == locale) {
            return index;
        }
        // A run meets a few locales; should one meet many, what is remembered starts over.
        if self.locales.len() >= 64 {
            self.locales.clear();
            self.slots.clear();
        }
        self.locales.push(locale.cloned());
        self.locales.len() - 1
    }

    /// The findings of the segment `source` → `target` on a page in the locale of index
    /// `locale`, spans from its target's start (wrapping), as [`SegmentMemo::store`] kept them.
    pub(crate) fn find(&mut self, locale: usize, source: &str, target: &str) -> Option<&[Finding]> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = hash(locale, source, target);
        let set = self.set(hash);
        self.clock += 1;
        let slot = self.slots[set..set + WAYS].iter_mut().find(|slot| {
            slot.used != 0
                && slot.hash == hash
                && slot.locale == locale
                && slot.source == source
                && slot.target == target
        })?;
        slot.used = self.clock;
        Some(&slot.findings)
    }

    /// Remembers `findings`, those of the segment `source` → `target` whose target starts at
    /// `offset` on its page, in place of the segment of its set used longest ago.
    pub(crate) fn store(
        &mut self,
        locale: usize,
        source: &str,
        target: &str,
        offset: usize,
        findings: &[Finding],
    ) {
        if !self.remembers() {
            return;
        }
        if self.slots.is_empty() {
            self.slots = (0..self.sets * WAYS).map(|_| Slot::default()).collect();
        }
        let hash = hash(locale, source, target);
        let set = self.set(hash);
        self.clock += 1;
        let slot = self.slots[set..set + WAYS]
            .iter_mut()
            .min_by_key(|slot| slot.used)
            .expect("a set has slots");
        slot.hash = hash;
        slot.locale = locale;
        slot.used = self.clock;
        slot.source.clear();
        slot.source.push_str(source);
        slot.target.clear();
        slot.target.push_str(target);
        slot.findings.clear();
        slot.findings.extend(findings.iter().map(|finding| Finding {
            span: finding.span.start.wrapping_sub(offset)..finding.span.end.wrapping_sub(offset),
            segment: None,
            ..finding.clone()
        }));
    }

    /// The first slot of the set of `hash`.
    fn set(&self, hash: u64) -> usize {
        // The high bits: the multiplication mixes every byte into them.
        ((hash >> 32) as usize % self.sets) * WAYS
    }
}

/// A hash of a segment's key (FxHash's mixing, eight bytes at a time): a lookup hashes both
/// sides of every segment, and the strings are compared on a match, so speed counts, not
/// resistance to collisions.
fn hash(locale: usize, source: &str, target: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let add = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let bytes = |mut hash: u64, text: &str| {
        let mut chunks = text.as_bytes().chunks_exact(8);
        for chunk in &mut chunks {
            hash = add(
                hash,
                u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
            );
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        add(hash, u64::from_le_bytes(last))
    };
    let hash = add(0, locale as u64);
    let hash = add(bytes(hash, source), source.len() as u64);
    add(bytes(hash, target), target.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Check;

    fn finding(span: std::ops::Range<usize>, message: &str) -> Finding {
        Finding {
            check: Check::Number,
            span,
            segment: Some(3),
            message: message.into(),
            suggestion: None,
            certain: false,
        }
    }

    #[test]
    fn a_segment_is_found_by_its_sides_and_locale_with_spans_from_its_target() {
        let config = Config::default();
        let mut memo = SegmentMemo::new(&config);
        let (zh, fr) = (Locale::new("zh-TW"), Locale::new("fr-FR"));
        let (zh, fr) = (memo.locale(Some(&zh)), memo.locale(Some(&fr)));
        assert_ne!(zh, fr);
        assert_eq!(memo.locale(None), 2);
        assert_eq!(memo.find(zh, "One", "一"), None);
        memo.store(zh, "One", "一", 100, &[finding(101..103, "m")]);
        let moved = Finding {
            segment: None,
            ..finding(1..3, "m")
        };
        assert_eq!(memo.find(zh, "One", "一"), Some(&[moved][..]));
        assert_eq!(memo.find(fr, "One", "一"), None);
        assert_eq!(memo.find(zh, "One", "二"), None);
        assert_eq!(memo.find(zh, "On", "e一"), None);
    }

    #[test]
    fn it_holds_a_bounded_number_of_segments_and_keeps_the_recent_ones() {
        let config = Config::default();
        let mut memo = SegmentMemo::new(&config);
        let locale = memo.locale(None);
        let kept = "a segment used all along";
        memo.store(locale, kept, "x", 0, &[]);
        for n in 0..10 * SETS * WAYS {
            memo.store(locale, &n.to_string(), "t", 0, &[]);
            assert!(memo.find(locale, kept, "x").is_some(), "after {n}");
        }
        assert_eq!(memo.slots.len(), SETS * WAYS);
        let recent = (9 * SETS * WAYS..10 * SETS * WAYS)
            .filter(|n| memo.find(locale, &n.to_string(), "t").is_some())
            .count();
        assert!(recent > SETS * WAYS / 2, "{recent}");
    }

    #[test]
    fn an_unused_memo_remembers_nothing() {
        let config = Config::default();
        let mut memo = SegmentMemo::unused(&config);
        let locale = memo.locale(None);
        memo.store(locale, "One", "一", 0, &[finding(0..1, "m")]);
        assert_eq!(memo.find(locale, "One", "一"), None);
        assert!(memo.slots.is_empty());
    }
}
