//! Numbers as documentation writes them: `0x80090331`, `0x88990025L`, `87`, `-1`,
//! `2150121473 (0x80284001)`.

use std::fmt;

use doccodes_cexpr::ErrorKind;

/// Why a text is not a code's value. Callers branch on it: a name cell's second line that is
/// not a number is a note, a value column's is a defect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    NotANumber(String),
    TooWide(String),
    /// Under a `Bit` header, no bit of a 32-bit value: `32`, `0x1`.
    NotABit(String),
    /// `0xA000-0xAFFF`: the bounds of a range of values, not one value.
    Range(String),
    /// `1 (0x2)`: a decimal and a hex spelling that disagree.
    TwoValues(String),
    /// `HRESULT_FROM_WIN32(ERROR_X)` where `ERROR_X` is no code of the set.
    UnknownName {
        text: String,
        name: String,
    },
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::NotANumber(text) => write!(f, "`{text}` is not a number"),
            ValueError::NotABit(text) => write!(f, "`{text}` is not a bit number (0 to 31)"),
            ValueError::Range(text) => write!(f, "`{text}` is a range of values, not one value"),
            ValueError::TooWide(text) => write!(f, "`{text}` does not fit in 32 bits"),
            ValueError::TwoValues(text) => write!(f, "`{text}` gives two different values"),
            ValueError::UnknownName { text, name } => {
                write!(f, "`{text}` names `{name}`, which is no code of this set")
            }
        }
    }
}

impl std::error::Error for ValueError {}

/// The 32-bit value `text` denotes (negative numbers as two's complement), or why it denotes none.
pub fn parse_value(text: &str) -> Result<u32, ValueError> {
    value_of(text, Radix::Any, &mut |_| None)
}

/// How bare digits read: as C reads them, or as hex under a `Hex` header (`8007000E`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Radix {
    Any,
    Hex,
}

/// The value of `text` as a C compiler folds it (`0L`, `~0`, `(0x1 | TAG_TYPE_LIST)`,
/// `HRESULT_FROM_WIN32(5)`), with `names` giving the values of the set's other codes. Also the
/// docs' own forms: `2150121473 (0x80284001)`, a decimal with its hex spelling, and a `//`
/// comment after the value.
pub fn value_of(
    text: &str,
    radix: Radix,
    names: &mut dyn FnMut(&str) -> Option<i64>,
) -> Result<u32, ValueError> {
    let text = text.split("//").next().unwrap_or(text).trim();
    if radix == Radix::Hex && !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return value_of(&format!("0x{text}"), Radix::Any, names);
    }
    if range_of(text).is_some() {
        return Err(ValueError::Range(text.to_owned()));
    }
    let whole = match doccodes_cexpr::evaluate(text, names) {
        Ok(value) => return fits(value, text),
        Err(error) => error,
    };
    if let Some((decimal, rest)) = text.split_once('(')
        && !decimal.trim().is_empty()
        && let Some(hex) = rest.trim_end().strip_suffix(')')
        && let (Ok(decimal), Ok(hex)) = (parse_value(decimal), parse_value(hex))
    {
        return if decimal == hex {
            Ok(hex)
        } else {
            Err(ValueError::TwoValues(text.to_owned()))
        };
    }
    Err(match whole.kind {
        ErrorKind::TooWide => ValueError::TooWide(text.to_owned()),
        ErrorKind::UnknownName(name) if text != name => ValueError::UnknownName {
            text: text.to_owned(),
            name,
        },
        _ => ValueError::NotANumber(text.to_owned()),
    })
}

/// The bounds of a range of values, `1 - 5` or `0xA000-0xAFFF`: two numbers, the first not
/// above the second, joined by a dash. Never a difference: a page that means one writes a
/// value, and `0x8000-1` (a larger number first) stays one.
pub fn range_of(text: &str) -> Option<(u32, u32)> {
    let (low, high) = text.split_once('-')?;
    let number = |text: &str| {
        let text = text.trim();
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| parse_value(text).ok())
            .flatten()
    };
    let (low, high) = (number(low)?, number(high)?);
    (low <= high).then_some((low, high))
}

fn fits(value: i64, text: &str) -> Result<u32, ValueError> {
    doccodes_cexpr::fits_32_bits(value).ok_or_else(|| ValueError::TooWide(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dash_between_two_rising_numbers_is_a_range() {
        assert_eq!(range_of("0xA000-0xAFFF"), Some((0xA000, 0xAFFF)));
        assert_eq!(range_of("1 - 5"), Some((1, 5)));
        assert_eq!(range_of("-1"), None);
        assert_eq!(range_of("0x8000-1"), None);
        assert_eq!(parse_value("0x8000-1"), Ok(0x7FFF));
        assert_eq!(
            parse_value("0x00000001-0x7FFFFFFF"),
            Err(ValueError::Range("0x00000001-0x7FFFFFFF".into()))
        );
    }

    #[test]
    fn reads_the_forms_the_pages_use() {
        assert_eq!(parse_value("0x80090331"), Ok(0x8009_0331));
        assert_eq!(parse_value("0x88990025L"), Ok(0x8899_0025));
        assert_eq!(parse_value("0x80880252 // v2.0"), Ok(0x8088_0252));
        assert_eq!(parse_value("87"), Ok(87));
        assert_eq!(parse_value("-1"), Ok(u32::MAX));
        assert_eq!(parse_value("2150121473 (0x80284001)"), Ok(0x8028_4001));
        assert_eq!(parse_value("0 (0x0)"), Ok(0));
        assert_eq!(parse_value("0L"), Ok(0));
        assert_eq!(parse_value("~0"), Ok(u32::MAX));
        assert_eq!(parse_value("0x10UL"), Ok(16));
        assert_eq!(parse_value("1i64 << 4"), Ok(16));
        assert_eq!(parse_value("HRESULT_FROM_WIN32(5)"), Ok(0x8007_0005));
        assert_eq!(
            parse_value("_HRESULT_TYPEDEF_(0x80004005L)"),
            Ok(0x8000_4005)
        );
        assert_eq!(parse_value("MAKE_HRESULT(1, 4, 0x200)"), Ok(0x8004_0200));
    }

    #[test]
    fn other_codes_of_the_set_and_hex_columns() {
        let mut names = |name: &str| (name == "TAG_TYPE_LIST").then_some(0x7000);
        assert_eq!(
            value_of("(0x1 | TAG_TYPE_LIST)", Radix::Any, &mut names),
            Ok(0x7001)
        );
        assert_eq!(
            parse_value("HRESULT_FROM_WIN32(ERROR_X)")
                .unwrap_err()
                .to_string(),
            "`HRESULT_FROM_WIN32(ERROR_X)` names `ERROR_X`, which is no code of this set"
        );
        assert_eq!(
            value_of("8007000E", Radix::Hex, &mut |_| None),
            Ok(0x8007_000E)
        );
        assert_eq!(value_of("10", Radix::Hex, &mut |_| None), Ok(16));
        assert_eq!(value_of("10", Radix::Any, &mut |_| None), Ok(10));
        assert!(parse_value("0x80041068 - 0x80041099").is_err());
    }

    #[test]
    fn hostile_values_are_a_clear_error_in_linear_time() {
        let nested = format!("{}1{}", "(".repeat(200_000), ")".repeat(200_000));
        assert!(parse_value(&nested).is_err());
        let digits = "9".repeat(10_000);
        assert_eq!(
            parse_value(&digits).unwrap_err(),
            ValueError::TooWide(digits.clone())
        );
        let tildes = format!("{}0", "~".repeat(400_000));
        assert!(parse_value(&tildes).is_err());
    }

    #[test]
    fn refuses_what_is_not_a_32_bit_number() {
        let message = |text: &str| parse_value(text).unwrap_err().to_string();
        assert_eq!(
            message("0x100000000"),
            "`0x100000000` does not fit in 32 bits"
        );
        assert_eq!(
            message("4294967296"),
            "`4294967296` does not fit in 32 bits"
        );
        assert_eq!(
            message("-2147483649"),
            "`-2147483649` does not fit in 32 bits"
        );
        assert_eq!(message("0xZZ"), "`0xZZ` is not a number");
        assert_eq!(message("SEC_E_OK"), "`SEC_E_OK` is not a number");
        assert_eq!(
            parse_value("1 (0x2)"),
            Err(ValueError::TwoValues("1 (0x2)".into()))
        );
    }
}
