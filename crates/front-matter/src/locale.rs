//! Locales: the one set of rules for what a locale tag is, how it is written, which locale a
//! page is in, and what the translation checks ask of it.

use crate::FrontMatter;

/// A locale, its tag written as BCP 47 recommends (`zh-TW`, `sr-Latn-RS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// `zh-TW`.
    pub tag: String,
}

impl Locale {
    /// The locale `tag` names, in any case and with `-` or `_`: `zh-tw` → `zh-TW`,
    /// `sr_latn_rs` → `sr-Latn-RS`.
    pub fn new(tag: &str) -> Locale {
        let tag = tag
            .split(['-', '_'])
            .enumerate()
            .map(|(i, part)| match (i, part.len()) {
                (0, _) => part.to_ascii_lowercase(),
                (_, 2) => part.to_ascii_uppercase(),
                (_, 4) => part[..1].to_ascii_uppercase() + &part[1..].to_ascii_lowercase(),
                _ => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("-");
        Locale { tag }
    }

    /// True for a locale tag as the docs write them: `en-US`, `zh-TW`, `sr-Latn-RS`, `de`.
    /// Locales name generated files and directories, so nothing else is one.
    pub fn is_tag(text: &str) -> bool {
        let mut parts = text.split('-');
        let language = parts.next().unwrap_or("");
        (2..=3).contains(&language.len())
            && language.bytes().all(|b| b.is_ascii_alphabetic())
            && parts.all(|part| {
                (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    }

    /// The locale a part of a path names, as the localized repositories name them: a language,
    /// maybe a script, and a region (`zh-tw`, `de-de`, `zh-hant-tw`, `es-419`), nothing more. A
    /// file name's words are not one (`ink-on-the-web`, `wm-char`, `error-codes.old.md`).
    pub fn named(part: &str) -> Option<Locale> {
        let letters = |subtag: &str, count: usize| {
            subtag.len() == count && subtag.bytes().all(|b| b.is_ascii_alphabetic())
        };
        let region = |subtag: &str| {
            letters(subtag, 2) || (subtag.len() == 3 && subtag.bytes().all(|b| b.is_ascii_digit()))
        };
        let subtags: Vec<&str> = part.split('-').collect();
        let named = match subtags.as_slice() {
            [language, last] => (letters(language, 2) || letters(language, 3)) && region(last),
            [language, script, last] => {
                (letters(language, 2) || letters(language, 3)) && letters(script, 4) && region(last)
            }
            _ => false,
        };
        named.then(|| Locale::new(part))
    }

    /// The page's locale: `ms.contentlocale` in its front matter, else the last locale its path
    /// names (`x.zh-tw.md`, `zh-tw/desktop-src/x.md`).
    pub fn of(front_matter: &FrontMatter, path: &str) -> Option<Locale> {
        match front_matter.value("ms.contentlocale") {
            Some(tag) => Some(Locale::new(tag)),
            None => path.split(['/', '\\', '.']).rev().find_map(Locale::named),
        }
    }

    /// Whether the language subtag (`zh` of `zh-TW`) is one of `languages`; asked for each
    /// segment, so without a lowercased copy.
    pub fn language_in(&self, languages: &[&str]) -> bool {
        let language = self.tag.split(['-', '_']).next().unwrap_or("");
        languages.iter().any(|l| l.eq_ignore_ascii_case(language))
    }

    /// Scripts without Latin letters: an English word left in them is untranslated.
    pub fn non_latin(&self) -> bool {
        let non_latin = [
            "zh", "ja", "ko", "ru", "uk", "bg", "el", "he", "ar", "th", "hi", "kk", "mk", "be",
            "fa", "sr",
        ];
        self.language_in(&non_latin)
            && !self
                .tag
                .as_bytes()
                .windows(4)
                .any(|w| w.eq_ignore_ascii_case(b"latn"))
    }

    /// Writes `3,5` for three and a half.
    pub fn decimal_comma(&self) -> bool {
        !self.language_in(&["en", "zh", "ja", "ko", "th", "he", "hi", "ms", "fil"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> String {
        Locale::new(text).tag
    }

    #[test]
    fn tags_are_written_as_bcp_47_recommends() {
        assert_eq!(tag("zh-tw"), "zh-TW");
        assert_eq!(tag("sr_latn_rs"), "sr-Latn-RS");
        assert_eq!(tag("zh-hant-tw"), "zh-Hant-TW");
        assert_eq!(tag("EN-us"), "en-US");
    }

    #[test]
    fn a_tag_is_a_language_and_subtags() {
        for text in ["zh-TW", "sr-Latn-RS", "de", "en-US"] {
            assert!(Locale::is_tag(text), "{text}");
        }
        for text in ["z", "../../etc", "zh-", "1x-TW", "zh-TW-toolongtag"] {
            assert!(!Locale::is_tag(text), "{text}");
        }
    }

    #[test]
    fn paths_name_locales_with_a_region() {
        let named = |part: &str| Locale::named(part).map(|locale| locale.tag);
        assert_eq!(named("zh-tw").as_deref(), Some("zh-TW"));
        assert_eq!(named("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(named("sr-latn-rs").as_deref(), Some("sr-Latn-RS"));
        assert_eq!(named("es-419").as_deref(), Some("es-419"));
        for part in [
            "old",
            "de",
            "desktop-src",
            "com-error-codes-4",
            "api-reference",
            "ink-on-the-web",
            "wm-char",
            "sspi-status",
        ] {
            assert_eq!(named(part), None, "{part}");
        }
    }

    #[test]
    fn locales_come_from_front_matter_or_path() {
        let none = FrontMatter::default();
        let of = |front_matter: &FrontMatter, path: &str| {
            Locale::of(front_matter, path).map(|locale| locale.tag)
        };
        assert_eq!(of(&none, "docs/x.zh-tw.md").as_deref(), Some("zh-TW"));
        assert_eq!(
            of(&none, "de-de/desktop-src/x.md").as_deref(),
            Some("de-DE")
        );
        assert_eq!(of(&none, "docs/x.md"), None);
        let japanese = FrontMatter::read("ms.contentlocale: ja-jp\n");
        assert_eq!(of(&japanese, "docs/x.zh-tw.md").as_deref(), Some("ja-JP"));
    }

    #[test]
    fn what_the_checks_ask() {
        let locale = |tag: &str| Locale::new(tag);
        assert!(locale("ru-RU").non_latin());
        assert!(!locale("de-DE").non_latin());
        assert!(!locale("sr-Latn-RS").non_latin());
        assert!(locale("de-DE").decimal_comma());
        assert!(!locale("zh-TW").decimal_comma());
        assert!(locale("fr-FR").language_in(&["fr"]));
    }
}
