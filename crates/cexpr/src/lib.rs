//! Values of C integer constant expressions as Win32 documentation and C headers write them
//! (`0x80070057L`, `(HRESULT)0x8007000EL`, `(WSABASEERR + 35)`,
//! `HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)`), and the object-like `#define`s of a header.
//!
//! Value cells and headers are input nobody here controls, so nothing recurses on it: the
//! tokenizer is a loop, [`evaluate`] is a shunting-yard over two explicit stacks holding at most
//! [`MAX_DEPTH`] pending operators, and [`values`] follows chains of defines on a heap stack.
//!
//! Arithmetic is C's on Windows (LLP64: `long` is 32 bits): every value carries its C type
//! (`int`, `unsigned int`, `long long`, `unsigned long long`), a literal takes the first type of
//! C's list that holds it, operands meet in the usual arithmetic conversions, unsigned results
//! wrap as C defines, and a signed result that does not fit is [`ErrorKind::TooWide`] (C calls
//! it undefined). So `~0x80000000` is `0x7FFFFFFF`, as a compiler says, not a negative `i64`.

mod header;

use std::fmt;

pub use header::{Define, defines, values};

/// The most operators and parentheses waiting for their right-hand side at once. Real values
/// nest a few levels; 257 open parentheses, or 257 `~` in a row, are [`ErrorKind::TooDeep`].
pub const MAX_DEPTH: usize = 256;

/// Why an expression has no value, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// Byte offset in the evaluated text of the offending token (the operator whose result
    /// overflowed, the unclosed `(`, the macro given too few arguments); 0 when only the final
    /// result is outside `i64`.
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Nothing but whitespace.
    Empty,
    /// A token that starts like a number but is no C integer literal (`1.5`, `08`, `0x`, `1e5`).
    NotANumber(String),
    /// A name the caller does not know, or a function-like macro this crate does not fold.
    UnknownName(String),
    /// A token where it cannot stand: a string, `sizeof`, `=`, a second operand, a stray `)`.
    Unexpected(String),
    /// The text ends where a value was still needed (`1 +`).
    UnexpectedEnd,
    /// A `(` never closed; the offset is the `(`.
    Unclosed,
    /// A `?` never followed by its `:`; the offset is the `?`.
    NoColon,
    /// More than [`MAX_DEPTH`] operators or parentheses open at once.
    TooDeep,
    /// A literal over 64 bits, a signed overflow, or a result outside `i64`.
    TooWide,
    DivisionByZero,
    /// A shift by a negative count, or by the left operand's width or more (undefined in C).
    BadShift {
        count: i64,
        bits: u32,
    },
    /// A folded macro given the wrong number of arguments.
    Arguments {
        name: String,
        expected: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match &self.kind {
            Empty => write!(f, "the expression is empty"),
            NotANumber(t) => write!(f, "`{t}` is not a C integer literal"),
            UnknownName(t) => write!(f, "`{t}` is not a code of this set or a known macro"),
            Unexpected(t) => write!(f, "`{t}` cannot stand here in a constant expression"),
            UnexpectedEnd => write!(f, "the expression ends where a value was expected"),
            Unclosed => write!(f, "this `(` is never closed"),
            NoColon => write!(f, "this `?` has no matching `:`"),
            TooDeep => write!(f, "more than {MAX_DEPTH} operators or `(` are open at once"),
            TooWide => write!(f, "the value overflows its C type (or 64 bits)"),
            DivisionByZero => write!(f, "division by zero"),
            BadShift { count, bits } => {
                write!(f, "a {bits}-bit value cannot be shifted by {count}")
            }
            Arguments { name, expected: 1 } => write!(f, "`{name}` takes 1 argument"),
            Arguments { name, expected } => write!(f, "`{name}` takes {expected} arguments"),
        }
    }
}

impl std::error::Error for Error {}

/// `value` as the 32 bits a Win32 code is stored in, when it has a 32-bit reading: negative
/// values from `i32::MIN` (a signed `HRESULT`) and positive ones up to `u32::MAX` (a `DWORD`).
pub fn fits_32_bits(value: i64) -> Option<u32> {
    let range = i64::from(i32::MIN)..=i64::from(u32::MAX);
    range.contains(&value).then_some(value as u32)
}

/// Evaluates `text` as a C compiler folds a constant expression, calling `name` for identifiers
/// (other codes of the same set, or another `#define`). Result in `i64`; the caller checks the
/// width (see [`fits_32_bits`]).
///
/// Reads integer literals with any C or MSVC suffix, C's operators with C's precedence, casts
/// to Win32 integer types, and winerror.h's macros (`HRESULT_FROM_WIN32`, `HRESULT_FROM_NT`,
/// `MAKE_HRESULT`, `MAKE_SCODE`, `_HRESULT_TYPEDEF_`, `_NDIS_ERROR_TYPEDEF_`, `__MSABI_LONG`)
/// folded natively, as their definitions are written for a compiler. An operand that `&&`,
/// `||` or `?:` skips may divide by zero or overflow, as in C; names and syntax are checked
/// everywhere. A name's value is typed as a hex literal of it would be (`int`, `unsigned int`,
/// `long long`). Linear in `text`.
pub fn evaluate(text: &str, name: &mut dyn FnMut(&str) -> Option<i64>) -> Result<i64, Error> {
    let mut lex = Lexer { text, pos: 0 };
    let mut ops: Vec<(Op, usize)> = Vec::new();
    // Arithmetic errors wait on the stack: an operand that `&&`, `||` or `?:` skips is harmless.
    let mut vals: Vec<Result<Val, Error>> = Vec::new();
    let mut want_operand = true;
    loop {
        let (at, tok) = lex.next();
        let unexpected = |s: &str| err(ErrorKind::Unexpected(s.into()), at);
        let op = if want_operand {
            match tok {
                Tok::Num(s) => {
                    vals.push(Ok(literal(s).or_else(|kind| err(kind, at))?));
                    want_operand = false;
                    continue;
                }
                Tok::Ident("sizeof") => return unexpected("sizeof"),
                Tok::Ident(s) if lex.clone().next().1 == Tok::Punct("(") => {
                    let Some(&m) = MACROS.iter().find(|m| **m == s) else {
                        return err(ErrorKind::UnknownName(s.into()), at);
                    };
                    lex.next();
                    Op::Call(m, 0)
                }
                Tok::Ident(s) => {
                    let Some(n) = name(s).map(i128::from) else {
                        return err(ErrorKind::UnknownName(s.into()), at);
                    };
                    let ty = [I32, U32].into_iter().find(|&ty| wrap(n, ty) == n);
                    vals.push(Ok(Val::new(n, ty.unwrap_or(I64))));
                    want_operand = false;
                    continue;
                }
                Tok::Punct("(") => match cast(&lex) {
                    Some((ty, after)) => {
                        lex.pos = after;
                        Op::Cast(ty)
                    }
                    None => Op::Paren,
                },
                Tok::Punct(p @ ("-" | "+" | "~" | "!")) => Op::Prefix(p),
                Tok::Punct(")") if matches!(ops.last(), Some((Op::Call(..), _))) => {
                    return arguments(ops[ops.len() - 1]);
                }
                Tok::End if ops.is_empty() => return err(ErrorKind::Empty, at),
                Tok::End => return err(ErrorKind::UnexpectedEnd, at),
                Tok::Punct(s) | Tok::Other(s) => return unexpected(s),
            }
        } else {
            let p = match tok {
                Tok::Punct(p) => p,
                Tok::End => "",
                Tok::Num(s) | Tok::Ident(s) | Tok::Other(s) => return unexpected(s),
            };
            want_operand = true;
            if let Some(prec) = precedence(p) {
                reduce(&mut ops, &mut vals, prec);
                Op::Binary(p, prec)
            } else if p == "?" {
                // Right-associative: a `?` or `:` waiting on the stack stays for this one.
                reduce(&mut ops, &mut vals, 1);
                Op::Question
            } else {
                // `:`, `,`, `)` and the end close everything back to the innermost `?`, `(` or
                // macro call.
                reduce(&mut ops, &mut vals, 0);
                let last = ops.len().saturating_sub(1);
                match (p, ops.last().copied()) {
                    (":", Some((Op::Question, q))) => ops[last] = (Op::Colon, q),
                    (_, Some((Op::Question, q))) => return err(ErrorKind::NoColon, q),
                    (")", Some((Op::Paren, _))) => {
                        ops.pop();
                        want_operand = false;
                    }
                    (",", Some((Op::Call(m, done), c))) if done + 1 < arity(m) => {
                        ops[last] = (Op::Call(m, done + 1), c);
                    }
                    (")", Some((Op::Call(m, done), _))) if done + 1 == arity(m) => {
                        ops.pop();
                        let args = vals.split_off(vals.len() - arity(m));
                        let args: Result<Vec<Val>, Error> = args.into_iter().collect();
                        vals.push(args.map(|args| fold(m, &args)));
                        want_operand = false;
                    }
                    (")" | ",", Some(call @ (Op::Call(..), _))) => return arguments(call),
                    ("", Some((_, open))) => return err(ErrorKind::Unclosed, open),
                    ("", None) => {
                        let v = vals.pop().unwrap_or_else(|| err(ErrorKind::Empty, 0))?;
                        return i64::try_from(v.n).or_else(|_| err(ErrorKind::TooWide, 0));
                    }
                    _ => return unexpected(p),
                }
                continue;
            }
        };
        if ops.len() >= MAX_DEPTH {
            return err(ErrorKind::TooDeep, at);
        }
        ops.push((op, at));
    }
}

fn err<T>(kind: ErrorKind, offset: usize) -> Result<T, Error> {
    Err(Error { kind, offset })
}

fn arguments<T>((call, at): (Op, usize)) -> Result<T, Error> {
    let Op::Call(name, _) = call else {
        unreachable!("only called on a call")
    };
    let (name, expected) = (name.to_owned(), arity(name));
    err(ErrorKind::Arguments { name, expected }, at)
}

/// An operator waiting on the stack for its operands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Prefix(&'static str),
    Cast(Ty),
    /// An operator of [`LEVELS`] and its precedence.
    Binary(&'static str, u8),
    Question,
    /// A `?` that has met its `:`: reduces to `a ? b : c`.
    Colon,
    Paren,
    /// A macro of [`MACROS`] and how many of its arguments are complete.
    Call(&'static str, usize),
}

/// C's binary operators by precedence, from the loosest (1) to the tightest; `?:` binds looser
/// still (0), prefix operators and casts tighter than all.
const LEVELS: &str = "|| ; && ; | ; ^ ; & ; == != ; < <= > >= ; << >> ; + - ; * / %";

fn precedence(p: &str) -> Option<u8> {
    let level = LEVELS
        .split(" ; ")
        .position(|level| level.split(' ').any(|op| op == p))?;
    Some(level as u8 + 1)
}

/// Applies the operators on top of the stack that bind at least as tightly as `min` (prefix
/// operators and casts always do; `?:` only for `min == 0`); stops at `(`, a call and a `?`.
/// Only called after an operand, so every operator finds its operands.
fn reduce(ops: &mut Vec<(Op, usize)>, vals: &mut Vec<Result<Val, Error>>, min: u8) {
    let pop = |vals: &mut Vec<Result<Val, Error>>| vals.pop().expect("an operand per operator");
    while let Some(&(op, at)) = ops.last() {
        let fail = |kind| Error { kind, offset: at };
        let result = match op {
            Op::Prefix(p) => pop(vals).and_then(|a| prefix(p, a).map_err(fail)),
            Op::Cast(ty) => pop(vals).map(|a| a.cast(ty)),
            Op::Binary(p, prec) if prec >= min => {
                let (b, a) = (pop(vals), pop(vals));
                match (p, a) {
                    (_, Err(e)) => Err(e),
                    ("&&", Ok(a)) if a.n == 0 => Ok(Val::int(false)),
                    ("||", Ok(a)) if a.n != 0 => Ok(Val::int(true)),
                    ("&&" | "||", Ok(_)) => b.map(|b| Val::int(b.n != 0)),
                    (p, Ok(a)) => b.and_then(|b| binary(p, a, b).map_err(fail)),
                }
            }
            Op::Colon if min == 0 => {
                let (c, b, a) = (pop(vals), pop(vals), pop(vals));
                a.and_then(|a| {
                    let (taken, other) = if a.n != 0 { (b, c) } else { (c, b) };
                    match (taken, other) {
                        (Ok(taken), Ok(other)) => Ok(taken.to(taken.ty.common(other.ty))),
                        (taken, _) => taken,
                    }
                })
            }
            _ => return,
        };
        ops.pop();
        vals.push(result);
    }
}

/// A C integer type. Values are always `int` or wider (C promotes narrower ones); casts may name
/// 8- and 16-bit types.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Ty {
    bits: u32,
    unsigned: bool,
}

const I32: Ty = Ty::new(32, false);
const U32: Ty = Ty::new(32, true);
const I64: Ty = Ty::new(64, false);
const U64: Ty = Ty::new(64, true);

impl Ty {
    const fn new(bits: u32, unsigned: bool) -> Ty {
        Ty { bits, unsigned }
    }

    /// The usual arithmetic conversions: the wider type wins; at equal width, unsigned wins.
    fn common(self, other: Ty) -> Ty {
        let unsigned = (self.unsigned && self.bits >= other.bits)
            || (other.unsigned && other.bits >= self.bits);
        Ty::new(self.bits.max(other.bits), unsigned)
    }
}

/// `n` modulo 2^bits read as `ty`, as C converts to a type.
fn wrap(n: i128, ty: Ty) -> i128 {
    let low = n & ((1 << ty.bits) - 1);
    if !ty.unsigned && low >> (ty.bits - 1) != 0 {
        low - (1 << ty.bits)
    } else {
        low
    }
}

/// A value and its C type. `n` is always in the type's range, so C's 64-bit arithmetic is exact
/// in `i128` and only the way back into the type needs care.
#[derive(Clone, Copy, Debug)]
struct Val {
    n: i128,
    ty: Ty,
}

impl Val {
    fn new(n: i128, ty: Ty) -> Val {
        Val { n, ty }
    }

    fn int(b: bool) -> Val {
        Val::new(b.into(), I32)
    }

    fn to(self, ty: Ty) -> Val {
        Val::new(wrap(self.n, ty), ty)
    }

    /// `(type)self`; a type narrower than `int` promotes back to `int`.
    fn cast(self, ty: Ty) -> Val {
        Val::new(wrap(self.n, ty), if ty.bits < 32 { I32 } else { ty })
    }

    /// An exact result `n` in `ty`: unsigned types wrap, as C defines; signed overflow is
    /// undefined in C, so it is an error rather than a guess.
    fn exact(n: i128, ty: Ty) -> Result<Val, ErrorKind> {
        let v = Val::new(n, ty).to(ty);
        if ty.unsigned || v.n == n {
            Ok(v)
        } else {
            Err(ErrorKind::TooWide)
        }
    }
}

fn prefix(p: &str, a: Val) -> Result<Val, ErrorKind> {
    match p {
        "-" => Val::exact(-a.n, a.ty),
        "~" => Ok(Val::new(!a.n, a.ty).to(a.ty)),
        "!" => Ok(Val::int(a.n == 0)),
        _ => Ok(a),
    }
}

fn binary(p: &str, a: Val, b: Val) -> Result<Val, ErrorKind> {
    if let "<<" | ">>" = p {
        return shift(p, a, b.n);
    }
    let ty = a.ty.common(b.ty);
    let (x, y) = (a.to(ty).n, b.to(ty).n);
    let n = match p {
        "*" if ty.unsigned => i128::from((x as u64).wrapping_mul(y as u64)),
        "*" => x * y,
        "/" | "%" if y == 0 => return Err(ErrorKind::DivisionByZero),
        "/" => x / y,
        "%" => x % y,
        "+" => x + y,
        "-" => x - y,
        "&" => x & y,
        "^" => x ^ y,
        "|" => x | y,
        "<" => return Ok(Val::int(x < y)),
        "<=" => return Ok(Val::int(x <= y)),
        ">" => return Ok(Val::int(x > y)),
        ">=" => return Ok(Val::int(x >= y)),
        "==" => return Ok(Val::int(x == y)),
        "!=" => return Ok(Val::int(x != y)),
        _ => unreachable!("`{p}` is not in LEVELS"),
    };
    Val::exact(n, ty)
}

/// The result has the left operand's type; the count has only to be in its range.
fn shift(p: &str, a: Val, count: i128) -> Result<Val, ErrorKind> {
    let ty = a.ty;
    if !(0..i128::from(ty.bits)).contains(&count) {
        let count = count.clamp(i64::MIN.into(), i64::MAX.into()) as i64;
        return Err(ErrorKind::BadShift {
            count,
            bits: ty.bits,
        });
    }
    // Exact: |a| < 2^64 and count < 64.
    let n = if p == ">>" {
        a.n >> count
    } else {
        a.n << count
    };
    // `1 << 31`: compilers (and C++20) shift into the sign bit; only losing bits is overflow.
    let into_sign = a.n >= 0 && n <= wrap(-1, Ty::new(ty.bits, true));
    if ty.unsigned || into_sign {
        Ok(Val::new(n, ty).to(ty))
    } else {
        Val::exact(n, ty)
    }
}

/// A C integer literal: digits in its radix, then a suffix of C (`u`, `l`, `ll` in any case and
/// order) or MSVC (`i32`, `ui32`, `i64`, `ui64`). Its type is the first of C's list for the
/// radix and suffix that holds the value; an unsuffixed decimal too large for `long long` is
/// `unsigned long long`, as GCC reads it. (MSVC reads decimals up to `u32::MAX` as `unsigned
/// long`, C89's rule; the value is the same, only `~` or `-` on it differ.)
fn literal(token: &str) -> Result<Val, ErrorKind> {
    let (radix, digits) = match token.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &token[2..]),
        [b'0', ..] => (8, token),
        _ => (10, token),
    };
    let suffix = digits.trim_start_matches(|c: char| c.is_digit(radix));
    let digits = &digits[..digits.len() - suffix.len()];
    let types: &[Ty] = match (suffix.to_ascii_lowercase().as_str(), radix == 10) {
        ("" | "l", true) => &[I32, I64, U64],
        ("" | "l", false) => &[I32, U32, I64, U64],
        ("i32", true) => &[I32],
        ("i32", false) => &[I32, U32],
        ("ui32", _) => &[U32],
        ("u" | "ul" | "lu", _) => &[U32, U64],
        ("ll" | "i64", _) => &[I64, U64],
        ("ull" | "llu" | "ui64", _) => &[U64],
        _ => &[],
    };
    if digits.is_empty() || types.is_empty() {
        return Err(ErrorKind::NotANumber(token.into()));
    }
    let mut n: i128 = 0;
    for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
        n = n * i128::from(radix) + i128::from(d);
        if n > u64::MAX.into() {
            return Err(ErrorKind::TooWide);
        }
    }
    let Some(&ty) = types.iter().find(|&&ty| wrap(n, ty) == n) else {
        return Err(ErrorKind::TooWide);
    };
    Ok(Val::new(n, ty))
}

/// The integer types a cast may name, by width and signedness on 64-bit Windows.
const TYPES: [(Ty, &str); 8] = [
    (
        I32,
        "HRESULT, SCODE, NTSTATUS, LONG, SECURITY_STATUS, BOOL, INT, LSTATUS, INT32, LONG32, \
         int, long, signed, signed int, long int, signed long, __LONG32",
    ),
    (
        U32,
        "DWORD, ULONG, UINT, DWORD32, UINT32, ULONG32, unsigned, unsigned int, unsigned long, \
         unsigned long int, unsigned __LONG32",
    ),
    (
        I64,
        "LONGLONG, LONG64, INT64, LONG_PTR, INT_PTR, LRESULT, LPARAM, SSIZE_T, __int64, \
         long long, signed long long",
    ),
    (
        U64,
        "ULONGLONG, ULONG64, DWORD64, UINT64, DWORD_PTR, ULONG_PTR, UINT_PTR, WPARAM, SIZE_T, \
         size_t, unsigned __int64, unsigned long long",
    ),
    (Ty::new(16, false), "SHORT, INT16, short"),
    (Ty::new(16, true), "WORD, USHORT, UINT16, unsigned short"),
    (Ty::new(8, false), "CHAR, char, signed char"),
    (Ty::new(8, true), "BYTE, UCHAR, unsigned char"),
];

/// After a `(` in operand position: a known type name and `)` make a cast. Returns the type and
/// the offset after the `)`. Looks at most five tokens ahead.
fn cast(lex: &Lexer) -> Option<(Ty, usize)> {
    let mut look = lex.clone();
    let mut words = String::new();
    for _ in 0..4 {
        let Tok::Ident(word) = look.next().1 else {
            return None;
        };
        words = if words.is_empty() {
            word.to_owned()
        } else {
            format!("{words} {word}")
        };
        if look.clone().next().1 == Tok::Punct(")") {
            look.next();
            let (ty, _) = TYPES
                .iter()
                .find(|(_, names)| names.split(", ").any(|n| n == words))?;
            return Some((*ty, look.pos));
        }
    }
    None
}

/// winerror.h's function-like macros, folded here because their definitions lean on casts,
/// inline functions and token pasting.
const MACROS: &[&str] = &[
    "HRESULT_FROM_WIN32",
    "__HRESULT_FROM_WIN32",
    "HRESULT_FROM_NT",
    "MAKE_HRESULT",
    "MAKE_SCODE",
    "_HRESULT_TYPEDEF_",
    "_NDIS_ERROR_TYPEDEF_",
    "__MSABI_LONG",
];

fn arity(m: &str) -> usize {
    if m.starts_with("MAKE_") { 3 } else { 1 }
}

/// winerror.h's `HRESULT_FROM_WIN32(x)`: `x` itself when it is 0 or negative as an `i32`, else
/// its low 16 bits with facility 7 (`FACILITY_WIN32`) and the severity bit.
pub fn hresult_from_win32(x: i64) -> i64 {
    i64::try_from(win32_hresult(i128::from(x))).expect("32 bits or `x` itself")
}

fn win32_hresult(x: i128) -> i128 {
    if wrap(x, I32) <= 0 {
        x
    } else {
        (x & 0xFFFF) | (7 << 16) | 0x8000_0000
    }
}

fn fold(m: &str, a: &[Val]) -> Val {
    let hresult = |n| Val::new(n, I64).cast(I32);
    let x = a[0].n;
    match m {
        "HRESULT_FROM_WIN32" | "__HRESULT_FROM_WIN32" => hresult(win32_hresult(x)),
        "HRESULT_FROM_NT" => hresult(x | 0x1000_0000),
        "MAKE_HRESULT" | "MAKE_SCODE" => {
            let [sev, fac, code] = [0, 1, 2].map(|i| wrap(a[i].n, U32));
            hresult((sev << 31) | (fac << 16) | code)
        }
        "_HRESULT_TYPEDEF_" => hresult(x),
        "_NDIS_ERROR_TYPEDEF_" => a[0].cast(U32),
        _ => a[0],
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok<'a> {
    Num(&'a str),
    Ident(&'a str),
    Punct(&'static str),
    /// Anything else: a string or character literal, or one character.
    Other(&'a str),
    End,
}

const PUNCTS: &[&str] = &[
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&", "^",
    "|", "!", "~", "?", ":", "(", ")", ",",
];

#[derive(Clone)]
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// The next token and its byte offset. Any Unicode space separates tokens, as a page's
    /// no-break spaces do.
    fn next(&mut self) -> (usize, Tok<'a>) {
        let rest = self.text[self.pos..].trim_start();
        let at = self.text.len() - rest.len();
        let b = rest.as_bytes();
        let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
        let (len, tok): (usize, fn(&'a str) -> Tok<'a>) = match b.first() {
            None => return (at, Tok::End),
            Some(b'0'..=b'9') => (number_len(b), Tok::Num),
            Some(b'.') if b.get(1).is_some_and(u8::is_ascii_digit) => (number_len(b), Tok::Num),
            Some(c) if word(c) => (b.iter().take_while(|c| word(c)).count(), Tok::Ident),
            Some(&quote @ (b'"' | b'\'')) => {
                let mut i = 1;
                while i < b.len() && b[i] != quote {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                ((i + 1).min(b.len()), Tok::Other)
            }
            Some(_) => match PUNCTS.iter().find(|p| rest.starts_with(**p)) {
                Some(p) => {
                    self.pos = at + p.len();
                    return (at, Tok::Punct(p));
                }
                None => (rest.chars().next().map_or(1, char::len_utf8), Tok::Other),
            },
        };
        self.pos = at + len;
        (at, tok(&rest[..len]))
    }
}

/// The length of a C preprocessing number: digits, letters, `_`, `.`, and a sign after an
/// exponent (`e` in decimal, `p` in hex, so that `0xE+1` stays the sum people mean).
fn number_len(b: &[u8]) -> usize {
    let exponent: &[u8] = if b.starts_with(b"0x") || b.starts_with(b"0X") {
        b"pP"
    } else {
        b"eE"
    };
    let mut i = 1;
    while let Some(&c) = b.get(i) {
        let sign = matches!(c, b'+' | b'-') && exponent.contains(&b[i - 1]);
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || sign) {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> Result<i64, Error> {
        let names = [
            ("TAG_TYPE_LIST", 0x8000_0000),
            ("WSABASEERR", 10000),
            ("ERROR_ACCESS_DENIED", 5),
        ];
        evaluate(text, &mut |name| {
            names.iter().find(|n| n.0 == name).map(|n| n.1)
        })
    }

    /// The cases of a table: `expression => want`, separated by new lines or `; `.
    fn cases(table: &str) -> impl Iterator<Item = (&str, &str)> {
        table
            .lines()
            .flat_map(|l| l.split("; "))
            .filter_map(|case| case.split_once(" => "))
    }

    /// The first 60 characters, for messages about 400 KB expressions.
    fn start(text: &str) -> &str {
        text.char_indices()
            .nth(60)
            .map_or(text, |(i, _)| &text[..i])
    }

    /// `expression => value`; a value is decimal, `0x` hex, or `i32:0x…` (a negative `HRESULT`
    /// written as its bits).
    fn check_values(table: &str) {
        for (text, want) in cases(table) {
            let (negative, digits) = want.strip_prefix('-').map_or((false, want), |d| (true, d));
            let want = match digits.split_once("0x") {
                Some(("i32:", hex)) => i64::from(u32::from_str_radix(hex, 16).unwrap() as i32),
                Some(("", hex)) => i64::from_str_radix(hex, 16).unwrap(),
                _ => digits.parse().unwrap(),
            };
            let got = eval(text).unwrap_or_else(|e| panic!("{}: {e} at {}", start(text), e.offset));
            assert_eq!(got, if negative { -want } else { want }, "{}", start(text));
        }
    }

    /// `expression => @offset message`.
    fn check_errors(table: &str) {
        for (text, want) in cases(table) {
            let e = eval(text).expect_err(start(text));
            assert_eq!(format!("@{} {e}", e.offset), want, "{}", start(text));
        }
    }

    #[test]
    fn literals_in_every_radix_with_every_suffix() {
        check_values(
            "0 => 0; 0L => 0; 42 => 42; 0x2A => 42; 0X2a => 42; 052 => 42; 0u => 0; 42u => 42
42U => 42; 42l => 42; 42UL => 42; 42lu => 42; 42LU => 42; 42uL => 42; 42LL => 42
42ull => 42; 42LLU => 42; 42i64 => 42; 42I64 => 42; 42ui64 => 42; 42i32 => 42; 42ui32 => 42
0x80070057L => 0x80070057; 9223372036854775807 => 0x7FFFFFFFFFFFFFFF; 0xE+1 => 15
18446744073709551615 - 18446744073709551614 => 1
0xFFFFFFFFFFFFFFFF >> 1 => 0x7FFFFFFFFFFFFFFF",
        );
        check_errors(
            "1.5 => @0 `1.5` is not a C integer literal; 08 => @0 `08` is not a C integer literal
0x => @0 `0x` is not a C integer literal; 1e+5 => @0 `1e+5` is not a C integer literal
42q => @0 `42q` is not a C integer literal; 42lul => @0 `42lul` is not a C integer literal
.5 => @0 `.5` is not a C integer literal; 0b101 => @0 `0b101` is not a C integer literal
18446744073709551616 => @0 the value overflows its C type (or 64 bits)
0xFFFFFFFFFFFFFFFF => @0 the value overflows its C type (or 64 bits)
4294967296i32 => @0 the value overflows its C type (or 64 bits)",
        );
    }

    #[test]
    fn operators_bind_as_in_c() {
        check_values(
            "1 | 2 << 3 => 17; 2 + 3 * 4 => 14; (2 + 3) * 4 => 20; 10 - 4 - 3 => 3
100 / 10 / 5 => 2; -7 / 2 => -3; -7 % 2 => -1; 1 + 2 == 3 => 1; 1 < 2 == 2 > 1 => 1
6 & 3 ^ 1 | 8 => 11; 1 || 0 && 0 => 1; !0 + !5 => 1; 1 <= 1 => 1; 2 >= 3 => 0; 2 != 3 => 1
-1 => -1; +1 => 1; - -1 => 1; 1 ? 2 : 3 => 2; 0 ? 2 : 0 ? 3 : 4 => 4; 1 ? 0 ? 5 : 6 : 7 => 6
1 + 1 ? 8 : 9 => 8; 0 && 1 / 0 => 0; 1 || 1 / 0 => 1; 1 ? 2 : 1 / 0 => 2; 0 ? 1 / 0 : 3 => 3
(WSABASEERR + 35) => 10035; (0x1 | TAG_TYPE_LIST) => 0x80000001; \u{a0}( 1 )\t => 1",
        );
    }

    #[test]
    fn thirty_two_bit_values_wrap_as_c_reads_them() {
        check_values(
            "~0 => -1; ~0u => 0xFFFFFFFF; ~0x80000000 => 0x7FFFFFFF; -1u => 0xFFFFFFFF
0u - 1 => 0xFFFFFFFF; -1 < 0u => 0; ~0u >> 4 => 0x0FFFFFFF; -16 >> 2 => -4
-0x80000000 => 0x80000000; ~TAG_TYPE_LIST => 0x7FFFFFFF; 1 << 31 => i32:0x80000000
65536LL * 65536 => 0x100000000; 1LL << 63 >> 63 => -1; 0xFFFFFFFFu * 0xFFFFFFFFu => 1",
        );
        check_errors(
            "0x7FFFFFFF + 1 => @11 the value overflows its C type (or 64 bits)
-(-2147483647 - 1) => @0 the value overflows its C type (or 64 bits)
65536 * 65536 => @6 the value overflows its C type (or 64 bits)
3 << 31 => @2 the value overflows its C type (or 64 bits)
0x7FFFFFFFFFFFFFFF + 1 => @19 the value overflows its C type (or 64 bits)",
        );
        assert_eq!(fits_32_bits(eval("~0u").unwrap()), Some(0xFFFF_FFFF));
        assert_eq!(fits_32_bits(eval("~0").unwrap()), Some(0xFFFF_FFFF));
        assert_eq!(fits_32_bits(eval("-1").unwrap()), Some(0xFFFF_FFFF));
        assert_eq!(fits_32_bits(0x8000_0000), Some(0x8000_0000));
        assert_eq!(fits_32_bits(i64::from(i32::MIN) - 1), None);
        assert_eq!(fits_32_bits(1 << 32), None);
    }

    #[test]
    fn casts_to_win32_types() {
        check_values(
            "(HRESULT)0x80070057 => i32:0x80070057; (DWORD)-1 => 0xFFFFFFFF; (LONG)0xFFFFFFFF => -1
(ULONG)-2 => 0xFFFFFFFE; (NTSTATUS)0xC0000005L => i32:0xC0000005; (long)-1 => -1
(SCODE)0x80000000 => i32:0x80000000; (int)4294967295 => -1; (UINT)-1 => 0xFFFFFFFF
(unsigned long)-1 => 0xFFFFFFFF; (unsigned int)-1 => 0xFFFFFFFF; (WORD)0x12345 => 0x2345
(USHORT)-1 => 0xFFFF; (SHORT)0xFFFF => -1; (BYTE)-1 => 255; (BOOL)1 => 1; (LRESULT)-1 => -1
(SECURITY_STATUS)0x80090300 => i32:0x80090300; (DWORD_PTR)1 << 40 => 0x10000000000
( HRESULT ) ( 0x8000FFFF ) => i32:0x8000FFFF; (HRESULT)0x80000000 | 1 => i32:0x80000001
-(DWORD)1 => 0xFFFFFFFF; (LONG)(DWORD)-1 => -1; (unsigned __int64)-1 >> 1 => 0x7FFFFFFFFFFFFFFF",
        );
    }

    #[test]
    fn winerror_macros_fold() {
        check_values(
            "HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) => i32:0x80070005; HRESULT_FROM_WIN32(0) => 0
HRESULT_FROM_WIN32(0x80004005) => i32:0x80004005; __HRESULT_FROM_WIN32(5L) => i32:0x80070005
HRESULT_FROM_NT(0xC0000005) => i32:0xD0000005; MAKE_HRESULT(1, 7, 5) => i32:0x80070005
MAKE_SCODE(0, 4, 0x200) => 0x40200; _HRESULT_TYPEDEF_(0x80070057L) => i32:0x80070057
_NDIS_ERROR_TYPEDEF_(0xC0230001) => 0xC0230001; __MSABI_LONG(5) => 5
MAKE_HRESULT(1, (7), HRESULT_FROM_WIN32(5) & 0xFFFF) + 0 => i32:0x80070005",
        );
        check_errors(
            "MAKE_HRESULT(1, 2) => @0 `MAKE_HRESULT` takes 3 arguments
1 + MAKE_SCODE(1, 2, 3, 4) => @4 `MAKE_SCODE` takes 3 arguments
HRESULT_FROM_WIN32() => @0 `HRESULT_FROM_WIN32` takes 1 argument
__MINGW_NAME_AW(5) => @0 `__MINGW_NAME_AW` is not a code of this set or a known macro
(1, 2) => @2 `,` cannot stand here in a constant expression",
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        check_errors(
            " => @0 the expression is empty
  FOO + 1 => @2 `FOO` is not a code of this set or a known macro
(HANDLE)-1 => @1 `HANDLE` is not a code of this set or a known macro
1 + 0x1.5 => @4 `0x1.5` is not a C integer literal
1 + => @3 the expression ends where a value was expected
1 2 => @2 `2` cannot stand here in a constant expression
\"a)\" + 1 => @0 `\"a)\"` cannot stand here in a constant expression
sizeof(int) => @0 `sizeof` cannot stand here in a constant expression
1 = 1 => @2 `=` cannot stand here in a constant expression
(DWORD) * 2 => @8 `*` cannot stand here in a constant expression
1 ) => @2 `)` cannot stand here in a constant expression
1 : 2 => @2 `:` cannot stand here in a constant expression
1 + (2 * (3) => @4 this `(` is never closed
1 ? 2 => @2 this `?` has no matching `:`; (1 ? 2) => @3 this `?` has no matching `:`
4 / (2 - 2) => @2 division by zero; 4 % 0 => @2 division by zero
1 << 64 => @2 a 32-bit value cannot be shifted by 64
1 << 32 => @2 a 32-bit value cannot be shifted by 32
1LL >> -1 => @4 a 64-bit value cannot be shifted by -1",
        );
    }

    #[test]
    fn hostile_inputs_fail_fast_without_recursion() {
        let too_deep = "more than 256 operators or `(` are open at once";
        let parens = format!("{}1{}", "(".repeat(200_000), ")".repeat(200_000));
        check_errors(&format!("{parens} => @{MAX_DEPTH} {too_deep}"));
        check_errors(&format!(
            "{}0 => @{MAX_DEPTH} {too_deep}",
            "~".repeat(400_000)
        ));
        let questions = format!("{}1", "1 ? ".repeat(100_000));
        check_errors(&format!("{questions} => @{} {too_deep}", 4 * MAX_DEPTH + 2));
        let digits = "9".repeat(10_000);
        check_errors(&format!(
            "{digits} => @0 the value overflows its C type (or 64 bits)"
        ));
        // Up to the limit, prefix operators and parentheses fold as C folds them.
        let deep = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        let sum = format!("0{}", " + 1".repeat(100_000));
        let tildes = format!("{}0", "~".repeat(MAX_DEPTH));
        check_values(&format!(
            "{deep} => 1\n{sum} => 100000\n{tildes} => 0\n{} => -1",
            &tildes[1..]
        ));
    }

    #[test]
    fn random_token_soup_never_panics() {
        let atoms = "1 0x80000000 - ~ ! ( ) (DWORD) (HRESULT) ? : , << >> * / % && || == \
                     MAKE_HRESULT( HRESULT_FROM_WIN32( TAG_TYPE_LIST 63 FOO \" ' é 0u 1LL \
                     9223372036854775807";
        let atoms: Vec<&str> = atoms.split(' ').collect();
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        let mut random = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let (mut values, mut errors) = (0, 0);
        for _ in 0..20_000 {
            let text: Vec<&str> = (0..random() % 12)
                .map(|_| atoms[random() % atoms.len()])
                .collect();
            let text = text.join(" ");
            match eval(&text) {
                Ok(_) => values += 1,
                Err(e) => {
                    assert!(
                        e.offset <= text.len() && !e.to_string().is_empty(),
                        "{text}: {e:?}"
                    );
                    errors += 1;
                }
            }
        }
        assert!(
            values > 200 && errors > 10_000,
            "{values} values, {errors} errors"
        );
    }
}
