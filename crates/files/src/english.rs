//! Today's English pages for `l10n --source-root`: each localized page paired with the English
//! page it translates, by its path under the site or by its `ms.assetid`.
//!
//! The English site is walked once, when it is opened; its `ms.assetid`s are read once, the
//! first time a page's path names no English page, in parallel and from each page's front
//! matter only. Pairing a page then costs a lookup and one read of its English page.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use doccodes_diagnostic::Diagnostic;
use doccodes_front_matter::FrontMatter;
use rayon::prelude::*;

use crate::{markdown_files, read_text};

/// The English pages under a root, by path and by `ms.assetid`.
pub struct EnglishSite {
    root: PathBuf,
    /// Every page's path under the root, as its bytes: a `PathBuf` hashes component by
    /// component, and every page checked looks up a few.
    pages: HashSet<OsString>,
    by_assetid: OnceLock<HashMap<String, PathBuf>>,
}

impl EnglishSite {
    /// Walks `root` for its pages: an error when it is no folder or holds no `*.md`, which would
    /// leave every page without its English and the run's stale checks silently off.
    pub fn open(root: &Path) -> Result<EnglishSite, Vec<Diagnostic>> {
        if !root.is_dir() {
            return Err(vec![Diagnostic::error(format!(
                "`--source-root {}`: no such folder",
                root.display()
            ))]);
        }
        let mut found = Vec::new();
        let mut errors = Vec::new();
        markdown_files(root, &mut found, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        if found.is_empty() {
            return Err(vec![
                Diagnostic::error(format!(
                    "`--source-root {}`: no *.md under it",
                    root.display()
                ))
                .help("give the English site's folder, such as `win32/desktop-src`"),
            ]);
        }
        let pages = found
            .iter()
            .filter_map(|path| Some(path.strip_prefix(root).ok()?.as_os_str().to_owned()))
            .collect();
        Ok(EnglishSite {
            root: root.to_path_buf(),
            pages,
            by_assetid: OnceLock::new(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many English pages the root holds.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The text of the English page for the localized page at `path` whose text is `text`: the
    /// longest tail of its path that names an English page (a `.zh-tw` locale suffix dropped
    /// from the file name), unless both pages have an `ms.assetid` and they differ; then, and
    /// when no path matches, the page with the same `ms.assetid`. `None` when there is none.
    pub fn page_for(&self, path: &Path, text: &str) -> Result<Option<String>, Diagnostic> {
        let read = |relative: &Path| {
            let path = self.root.join(relative);
            read_text(&path, &path.display().to_string())
        };
        let assetid = assetid_of(text);
        if let Some(relative) = self.by_path(path) {
            let english = read(&relative)?;
            match (&assetid, assetid_of(&english)) {
                (Some(ours), Some(theirs)) if *ours != theirs => {}
                _ => return Ok(Some(english)),
            }
        }
        let Some(assetid) = assetid else {
            return Ok(None);
        };
        match self.by_assetid.get_or_init(|| self.index()).get(&assetid) {
            Some(relative) => read(relative).map(Some),
            None => Ok(None),
        }
    }

    /// The longest tail of `path` (folders dropped from the front) that is an English page's
    /// path under the root, trying the file name as it is and without its locale suffix.
    fn by_path(&self, path: &Path) -> Option<PathBuf> {
        let parts: Vec<&std::ffi::OsStr> = path
            .components()
            .filter_map(|component| match component {
                Component::Normal(part) => Some(part),
                _ => None,
            })
            .collect();
        let (file, dirs) = parts.split_last()?;
        let mut names = vec![PathBuf::from(file)];
        if let Some(stem) = file.to_str().and_then(|name| name.strip_suffix(".md"))
            && let Some((base, locale)) = stem.rsplit_once('.')
            && locale.contains('-')
        {
            names.push(PathBuf::from(format!("{base}.md")));
        }
        (0..=dirs.len()).find_map(|skip| {
            let folder: PathBuf = dirs[skip..].iter().collect();
            names
                .iter()
                .map(|name| folder.join(name))
                .find(|candidate| self.pages.contains(candidate.as_os_str()))
        })
    }

    /// Every English page by its `ms.assetid`, read from the front matter alone.
    fn index(&self) -> HashMap<String, PathBuf> {
        self.pages
            .par_iter()
            .filter_map(|relative| {
                let head = front_matter_head(&self.root.join(relative))?;
                Some((assetid_of(&head)?, PathBuf::from(relative)))
            })
            .collect()
    }
}

/// The start of the page at `path` up to the end of its front matter (the whole page when that
/// end is not in the first block read): an index of 50,000 pages reads a few kilobytes of each,
/// by one `read` where the page is longer, and checks their UTF-8 once.
fn front_matter_head(path: &Path) -> Option<String> {
    const BLOCK: usize = 4 * 1024;
    let mut file = std::fs::File::open(path).ok()?;
    let mut bytes = vec![0; BLOCK];
    let mut filled = 0;
    while filled < BLOCK {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    bytes.truncate(filled);
    // Front matter opens the page (after a byte order mark, if any), or there is none.
    if !bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&bytes)
        .starts_with(b"---")
    {
        return None;
    }
    if memchr::memmem::find(&bytes[3..], b"\n---").is_none() {
        file.read_to_end(&mut bytes).ok()?;
        return String::from_utf8(bytes).ok();
    }
    // A block may end inside a character; the front matter before it is whole.
    String::from_utf8(bytes)
        .or_else(|error| {
            let valid = error.utf8_error().valid_up_to();
            let mut bytes = error.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes)
        })
        .ok()
}

fn assetid_of(text: &str) -> Option<String> {
    FrontMatter::of(doccodes_front_matter::find(text))
        .value("ms.assetid")
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in pages {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const A: &str = "---\nms.assetid: aaa\ntitle: A\n---\n\n# A\n";
    const B: &str = "---\nms.assetid: bbb\ntitle: B\n---\n\n# B\n";

    #[test]
    fn a_page_is_paired_by_the_longest_tail_of_its_path() {
        let english = site(&[("SecAuthN/a.md", A), ("b.md", B)]);
        let site = EnglishSite::open(english.path()).unwrap();
        assert_eq!(site.len(), 2);
        let text = "---\nms.assetid: aaa\n---\n# 甲\n";
        let found = site.page_for(Path::new("/x/zh-tw/SecAuthN/a.md"), text);
        assert_eq!(found.unwrap().as_deref(), Some(A));
        // The locale suffix of a docs-src page is dropped.
        let found = site.page_for(Path::new("docs-src/b.zh-tw.md"), "# 乙\n");
        assert_eq!(found.unwrap().as_deref(), Some(B));
    }

    #[test]
    fn an_assetid_wins_over_a_path_that_names_another_page() {
        let english = site(&[("a.md", A), ("moved/b.md", B)]);
        let site = EnglishSite::open(english.path()).unwrap();
        // Named `a.md`, but the page translates `bbb`, now at moved/b.md.
        let text = "---\nms.assetid: bbb\n---\n# 乙\n";
        let found = site.page_for(Path::new("a.md"), text).unwrap();
        assert_eq!(found.as_deref(), Some(B));
        let text = "---\nms.assetid: ccc\n---\n# 丙\n";
        assert_eq!(site.page_for(Path::new("c.md"), text).unwrap(), None);
    }

    #[test]
    fn a_long_front_matter_is_read_whole_for_its_assetid() {
        let long = format!(
            "---\ndescription: {}\nms.assetid: long\n---\n# L\n",
            "é".repeat(20_000)
        );
        let english = site(&[("deep/l.md", &long)]);
        let site = EnglishSite::open(english.path()).unwrap();
        let text = "---\nms.assetid: long\n---\n# 長\n";
        let found = site.page_for(Path::new("elsewhere.md"), text).unwrap();
        assert_eq!(found.as_deref(), Some(long.as_str()));
    }

    #[test]
    fn a_head_cut_inside_a_character_keeps_its_front_matter() {
        // The first 4 KB end in the middle of a `é`, after the front matter.
        let front = "---\nms.assetid: cut\n---\n";
        let page = format!(
            "{front}{}{}",
            "a".repeat(4095 - front.len()),
            "é".repeat(10)
        );
        assert!(!page.is_char_boundary(4096));
        let english = site(&[("deep/c.md", &page)]);
        let site = EnglishSite::open(english.path()).unwrap();
        let found = site.page_for(Path::new("moved.md"), "---\nms.assetid: cut\n---\n# 切\n");
        assert_eq!(found.unwrap().as_deref(), Some(page.as_str()));
    }

    #[test]
    fn a_root_without_pages_is_an_error() {
        let empty = tempfile::tempdir().unwrap();
        let error = EnglishSite::open(empty.path()).err().unwrap();
        assert!(
            error[0].to_string().contains("no *.md under it"),
            "{}",
            error[0]
        );
        let error = EnglishSite::open(&empty.path().join("missing"))
            .err()
            .unwrap();
        assert!(
            error[0].to_string().contains("no such folder"),
            "{}",
            error[0]
        );
    }
}
