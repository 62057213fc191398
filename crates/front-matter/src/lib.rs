//! A page's front matter, in one place: the block found in a page's text ([`find`]), its
//! top-level scalars read ([`FrontMatter`]), and the page's locale with the one set of locale
//! rules ([`Locale`]). The page reader finds the block here, and the translation checks, the
//! English site's `ms.assetid` index and the extractor take keys and locales from here: none of
//! them needs the codes model for it.

mod locale;
mod scalars;

pub use locale::Locale;
pub use scalars::FrontMatter;

/// The YAML between the opening and closing `---` lines.
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    pub yaml: &'a str,
    /// Where the YAML starts in the page.
    pub offset: usize,
}

/// The front matter of `text` without parsing the rest: for reading many pages' metadata (an
/// `ms.assetid` index of a whole site) at the cost of a line scan, and for pages the translation
/// checks read without pulldown-cmark. The same block pulldown-cmark finds (the page crate's
/// property test holds the two equal): a `---` line opening the page, a first line neither blank
/// nor closing, and a closing `---` or `...` line (spaces after it allowed).
pub fn find(text: &str) -> Option<Block<'_>> {
    let bytes = text.as_bytes();
    let opening = bytes.strip_prefix(b"---")?;
    let opening_line = line_length(opening);
    if !opening[..opening_line].iter().all(u8::is_ascii_whitespace) || opening_line == opening.len()
    {
        return None;
    }
    let start = 3 + opening_line;
    let closing = |line: &[u8]| {
        let marks = line
            .strip_prefix(b"---")
            .or_else(|| line.strip_prefix(b"..."));
        marks.is_some_and(|rest| {
            let rest = &rest[rest.iter().take_while(|&&b| b == b' ').count()..];
            matches!(rest, [] | [b'\n', ..] | [b'\r', ..])
        })
    };
    let blank = |line: &[u8]| {
        let rest = &line[line
            .iter()
            .take_while(|&&b| matches!(b, b'\t' | 0x0b | 0x0c | b' '))
            .count()..];
        matches!(rest, [] | [b'\n', ..] | [b'\r', ..])
    };
    let first = &bytes[start..];
    if closing(first) || blank(first) {
        return None;
    }
    let mut at = start;
    while at < bytes.len() {
        if closing(&bytes[at..]) {
            return Some(Block {
                yaml: &text[start..at],
                offset: start,
            });
        }
        at += line_length(&bytes[at..]);
    }
    None
}

/// The length of the line `bytes` starts with, with its `\n`.
fn line_length(bytes: &[u8]) -> usize {
    memchr::memchr(b'\n', bytes).map_or(bytes.len(), |at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_opens_the_page_and_closes_on_its_own_line() {
        let block = find("---\ntitle: T\n---\n# x\n").unwrap();
        assert_eq!((block.yaml, block.offset), ("title: T\n", 4));
        assert_eq!(
            find("---\r\na: 1\r\n... \r\nbody").unwrap().yaml,
            "a: 1\r\n"
        );
        for text in [
            "# x\n---\na: 1\n---\n",
            "---\n\na: 1\n---\n",
            "---\na: 1\n",
            "---",
        ] {
            assert!(find(text).is_none(), "{text:?}");
        }
    }
}
