//! Numbers as documentation writes them: `0x80090331`, `0x88990025L`, `87`, `-1`,
//! `2150121473 (0x80284001)`.

use std::fmt;

/// Why a text is not a code's value. Callers branch on it: a name cell's second line that is
/// not a number is a note, a value column's is a defect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    NotANumber(String),
    TooWide(String),
    /// `1 (0x2)`: a decimal and a hex spelling that disagree.
    TwoValues(String),
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::NotANumber(text) => write!(f, "`{text}` is not a number"),
            ValueError::TooWide(text) => write!(f, "`{text}` does not fit in 32 bits"),
            ValueError::TwoValues(text) => write!(f, "`{text}` gives two different values"),
        }
    }
}

impl std::error::Error for ValueError {}

/// The 32-bit value `text` denotes (negative numbers as two's complement), or why it denotes none.
pub fn parse_value(text: &str) -> Result<u32, ValueError> {
    // `0x80880252 // v2.0`: a C comment after the value says when it came.
    let text = text.split("//").next().unwrap_or(text).trim();
    if let Some((decimal, rest)) = text.split_once('(') {
        let hex = rest
            .trim_end()
            .strip_suffix(')')
            .ok_or_else(|| not_a_number(text))?;
        let (decimal, hex) = (parse_value(decimal)?, parse_value(hex)?);
        return if decimal == hex {
            Ok(hex)
        } else {
            Err(ValueError::TwoValues(text.to_owned()))
        };
    }
    let wide = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        let digits = hex.trim_end_matches(['L', 'l', 'U', 'u']);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(not_a_number(text));
        }
        let digits = digits.trim_start_matches('0');
        if digits.len() > 8 {
            return Err(too_wide(text));
        }
        i64::from_str_radix(if digits.is_empty() { "0" } else { digits }, 16)
            .map_err(|_| not_a_number(text))?
    } else {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number(text));
        }
        text.parse::<i64>().map_err(|_| too_wide(text))?
    };
    if wide < i64::from(i32::MIN) || wide > i64::from(u32::MAX) {
        return Err(too_wide(text));
    }
    Ok(wide as u32)
}

fn not_a_number(text: &str) -> ValueError {
    ValueError::NotANumber(text.to_owned())
}

fn too_wide(text: &str) -> ValueError {
    ValueError::TooWide(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_the_pages_use() {
        assert_eq!(parse_value("0x80090331"), Ok(0x8009_0331));
        assert_eq!(parse_value("0x88990025L"), Ok(0x8899_0025));
        assert_eq!(parse_value("0x80880252 // v2.0"), Ok(0x8088_0252));
        assert_eq!(parse_value("87"), Ok(87));
        assert_eq!(parse_value("-1"), Ok(u32::MAX));
        assert_eq!(parse_value("2150121473 (0x80284001)"), Ok(0x8028_4001));
        assert_eq!(parse_value("0 (0x0)"), Ok(0));
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
