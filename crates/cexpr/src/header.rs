//! The `#define`s of a C header, and their values.

use std::collections::{BTreeMap, HashMap};

use crate::evaluate;

/// One object-like macro: `#define NAME body`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Define {
    pub name: String,
    /// The replacement text, comments removed and each run of whitespace one space.
    pub body: String,
    /// 1-based line of the `#define`.
    pub line: usize,
}

/// Every object-like `#define NAME body` of a header, in order: line continuations joined,
/// `/* */` and `//` comments removed (not inside string literals), function-like macros
/// (`#define F(x)`) skipped, `#undef` honoured in order. A redefinition replaces the earlier one.
/// Conditionals (`#if`) are not evaluated: every branch's defines count, as a header's codes
/// are rarely conditional and a caller cannot know the configuration anyway.
pub fn defines(text: &str) -> Vec<Define> {
    let mut out: Vec<Option<Define>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (line, logical) in logical_lines(text) {
        let Some(directive) = logical.trim_start().strip_prefix('#') else {
            continue;
        };
        let directive = directive.trim_start();
        let (keyword, rest) = directive.split_at(ident_len(directive));
        let (name, rest) = rest.trim_start().split_at(ident_len(rest.trim_start()));
        if name.is_empty() || !matches!(keyword, "define" | "undef") {
            continue;
        }
        if let Some(i) = index.remove(name) {
            out[i] = None;
        }
        if keyword == "define" && !rest.starts_with('(') {
            let body = rest.split_whitespace().collect::<Vec<_>>().join(" ");
            index.insert(name.to_owned(), out.len());
            out.push(Some(Define {
                name: name.to_owned(),
                body,
                line,
            }));
        }
    }
    out.into_iter().flatten().collect()
}

fn ident_len(s: &str) -> usize {
    let b = s.as_bytes();
    if b.first().is_some_and(|c| c.is_ascii_digit()) {
        return 0;
    }
    b.iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count()
}

/// The header's logical lines with their first physical line: `\`-newline joined, comments
/// replaced by a space (a `/* */` spanning lines joins them, as in C's translation phases).
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    #[derive(PartialEq)]
    enum State {
        Code,
        Block,
        Line,
        Quote(u8),
    }
    let b = text.as_bytes();
    let (mut lines, mut cur, mut state) = (Vec::new(), Vec::new(), State::Code);
    let (mut i, mut line, mut start) = (0, 1, 1);
    while i < b.len() {
        let c = b[i];
        let splice = match (c, b.get(i + 1), b.get(i + 2)) {
            (b'\\', Some(b'\n'), _) => 2,
            (b'\\', Some(b'\r'), Some(b'\n')) => 3,
            _ => 0,
        };
        if splice > 0 {
            i += splice;
            line += 1;
            continue;
        }
        i += 1;
        match state {
            State::Block if c == b'*' && b.get(i) == Some(&b'/') => {
                i += 1;
                cur.push(b' ');
                state = State::Code;
            }
            State::Quote(q) if c == q => {
                cur.push(c);
                state = State::Code;
            }
            State::Quote(_) if c == b'\\' && b.get(i).is_some_and(|&n| n != b'\n') => {
                cur.extend_from_slice(&[c, b[i]]);
                i += 1;
            }
            _ if c == b'\n' => {
                line += 1;
                if state == State::Block {
                    continue;
                }
                lines.push((start, String::from_utf8_lossy(&cur).into_owned()));
                (cur, start, state) = (Vec::new(), line, State::Code);
            }
            State::Block | State::Line => {}
            State::Quote(_) => cur.push(c),
            State::Code => match (c, b.get(i)) {
                (b'/', Some(b'*')) => (i, state) = (i + 1, State::Block),
                (b'/', Some(b'/')) => (i, state) = (i + 1, State::Line),
                (b'"' | b'\'', _) => {
                    cur.push(c);
                    state = State::Quote(c);
                }
                _ => cur.push(c),
            },
        }
    }
    lines.push((start, String::from_utf8_lossy(&cur).into_owned()));
    lines
}

/// Evaluates every define whose body is a constant expression, resolving names through the
/// other defines; skips the rest (strings, types, empty bodies, unknown names, cycles). Chains
/// are followed on an explicit stack, so a header of a million chained defines cannot overflow
/// ours. Returns each name's value and the line of its `#define`.
pub fn values(defines: &[Define]) -> BTreeMap<String, (i64, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Todo,
        /// Evaluated once, waiting for the defines it names: naming it now is a cycle.
        Waiting,
        Done(Option<i64>),
    }
    let index: HashMap<&str, usize> = defines
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let mut state = vec![State::Todo; defines.len()];
    let mut out = BTreeMap::new();
    for (root, define) in defines.iter().enumerate() {
        if index[define.name.as_str()] != root {
            continue; // redefined further on
        }
        let mut stack = vec![root];
        while let Some(&top) = stack.last() {
            if let State::Done(_) = state[top] {
                stack.pop();
                continue;
            }
            state[top] = State::Waiting;
            // Names not yet evaluated read as 0 for now and are evaluated first; an error the
            // 0 causes (a division by it) only waits on the operand stack, so every name of the
            // body is seen in one pass.
            let mut missing = Vec::new();
            let result = evaluate(&defines[top].body, &mut |name| {
                let &i = index.get(name)?;
                match state[i] {
                    State::Done(v) => v,
                    State::Waiting => None,
                    State::Todo => {
                        missing.push(i);
                        Some(0)
                    }
                }
            });
            if missing.is_empty() {
                state[top] = State::Done(result.ok());
            } else {
                stack.extend(missing);
            }
        }
        if let State::Done(Some(v)) = state[root] {
            out.insert(define.name.clone(), (v, define.line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defines_join_lines_drop_comments_and_honour_undef() {
        let header = "#ifndef X_H\n#define X_H\n#define A 1 /* one */ + \\\n    2
  #  define B (A << 4) // sixteen times\n#define F(x) ((x) + 1)\n#define S \"a // b /* c\"
#define C /* spans\nlines */ 7\n#define GONE 5\n#undef GONE\n#define A2 A\n#undef A2
#define A2 (B | TAIL)\n#define TAIL 0x80000000UL\n#define LOOP1 LOOP2\n#define LOOP2 LOOP1
#define SELF (SELF + 1)\n#define T int\n#define\tTAB\t3\r\n#define EMPTY\n#endif\n";
        let got: Vec<_> = defines(header)
            .iter()
            .map(|d| format!("{} {}: {}", d.line, d.name, d.body))
            .collect();
        let want = "2 X_H: |3 A: 1 + 2|5 B: (A << 4)|7 S: \"a // b /* c\"|8 C: 7|14 A2: (B | TAIL)\
            |15 TAIL: 0x80000000UL|16 LOOP1: LOOP2|17 LOOP2: LOOP1|18 SELF: (SELF + 1)|19 T: int\
            |20 TAB: 3|21 EMPTY: ";
        assert_eq!(got.join("|"), want);
        let got: Vec<_> = values(&defines(header))
            .into_iter()
            .map(|(n, (v, l))| format!("{l} {n}={v:#x}"))
            .collect();
        assert_eq!(
            got.join(" "),
            "3 A=0x3 14 A2=0x80000030 5 B=0x30 8 C=0x7 20 TAB=0x3 15 TAIL=0x80000000"
        );
    }

    #[test]
    fn long_chains_resolve_without_recursion() {
        let mut header = String::from("#define D0 1\n");
        for i in 1..10_000 {
            header += &format!("#define D{i} (D{} + 1)\n", i - 1);
        }
        let chain = defines(&header);
        assert_eq!(values(&chain)["D9999"], (10_000, 10_000));
        let backwards: Vec<Define> = chain.into_iter().rev().collect();
        assert_eq!(
            values(&backwards)["D9999"],
            (10_000, 10_000),
            "each waits for the next"
        );
    }

    /// A header of mingw-w64, when installed; `DOCCODES_REQUIRE_MINGW=1` makes it a must.
    fn mingw_header(name: &str) -> Option<String> {
        let path = format!("/usr/x86_64-w64-mingw32/include/{name}");
        let text = std::fs::read_to_string(&path).ok();
        if text.is_none() && std::env::var_os("DOCCODES_REQUIRE_MINGW").is_some_and(|v| v == "1") {
            panic!("{path} is missing (apt-get install mingw-w64-x86-64-dev)");
        } else if text.is_none() {
            eprintln!("skipped: {path} not found (apt-get install mingw-w64-x86-64-dev)");
        }
        text
    }

    #[test]
    fn mingw_winerror_h() {
        let Some(text) = mingw_header("winerror.h") else {
            return;
        };
        let (defines, hresult) = (defines(&text), |v: u32| i64::from(v as i32));
        let values = values(&defines);
        for (name, value) in [
            ("ERROR_SUCCESS", 0),
            ("ERROR_ACCESS_DENIED", 5),
            ("WSAEWOULDBLOCK", 10035),
            ("E_INVALIDARG", hresult(0x8007_0057)),
            ("E_NOTIMPL", hresult(0x8000_4001)),
            ("SEC_E_OK", 0),
            ("NTE_BAD_UID", hresult(0x8009_0001)),
            ("E_NOT_SUFFICIENT_BUFFER", hresult(0x8007_007A)),
            ("DNS_ERROR_RCODE_LAST", 9018),
            ("XACT_E_FIRST", 0x8004_D000),
        ] {
            assert_eq!(values.get(name).map(|v| v.0), Some(value), "{name}");
        }
        // mingw-w64 10 (Debian 12, Ubuntu 24.04) has 3,634 `#define`s in winerror.h, 3,611 of
        // them object-like with a body; newer releases have more. Each body gets its value.
        assert!(values.len() >= 3_600, "{} values", values.len());
        let failed = defines
            .iter()
            .filter(|d| !d.body.is_empty() && !values.contains_key(&d.name));
        let failed: Vec<_> = failed.map(|d| format!("{}: {}", d.name, d.body)).collect();
        assert!(failed.is_empty(), "{failed:#?}");
    }

    #[test]
    fn mingw_ntstatus_h() {
        let Some(text) = mingw_header("ntstatus.h") else {
            return;
        };
        let values = values(&defines(&text));
        assert_eq!(
            values["STATUS_ACCESS_VIOLATION"].0,
            i64::from(0xC000_0005_u32 as i32)
        );
        assert_eq!(values["STATUS_SUCCESS"].0, 0);
        assert!(values.len() >= 1_800, "{} values", values.len());
    }
}
