//! The generated header, compiled warning-free as C99 and as C++11 by gcc and run: every macro
//! has the facts' value, the lookups give the model's names and messages, and the header
//! accepts earlier definitions of its macros, as <winerror.h> makes them.

use std::fmt::Write;
use std::fs;
use std::path::Path;
use std::process::Command;

use doccodes_inline::plain_text;
use doccodes_model::Model;

use crate::support::{facts, read, run, workspace};

const C_FLAGS: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];
const CXX_FLAGS: &[&str] = &["-std=c++11", "-Wall", "-Wextra", "-Werror"];

/// Compiles `program` with the header's folder on the include path, as C and as C++, runs
/// both and returns their (equal) output.
pub fn compile_and_run(program: &str, include: &Path, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (compiler, flags, file) in [("gcc", C_FLAGS, "test.c"), ("g++", CXX_FLAGS, "test.cpp")] {
        let source = dir.path().join(file);
        fs::write(&source, program).unwrap();
        let binary = dir.path().join(format!("{file}.out"));
        run(Command::new(compiler)
            .args(flags)
            .args(extra)
            .arg("-I")
            .arg(include)
            .arg(&source)
            .arg("-o")
            .arg(&binary));
        outputs.push(run(&mut Command::new(&binary)));
    }
    assert_eq!(outputs[0], outputs[1], "C and C++ agree");
    outputs.pop().unwrap()
}

fn model() -> Model {
    let path = "generated/model/sspi-status-codes.yaml";
    Model::from_yaml(path, &read(&workspace().join(path))).unwrap()
}

#[test]
fn every_macro_has_its_value_and_every_lookup_its_text() {
    if !crate::support::has_shared() {
        return;
    }
    let model = model();
    let mut program = String::from(
        "#include <stdio.h>\n#include \"sspi_status.h\"\n\
         static void show(const char *macro, HRESULT hr) {\n    \
         const char *name = sspi_status_name(hr);\n    \
         const char *zh = sspi_status_message_in(hr, \"zh-tw\");\n    \
         printf(\"%s 0x%08lX %s|%s|%s\\n\", macro, (unsigned long)(uint32_t)hr, name ? name : \"(null)\",\n           \
         sspi_status_message(hr), zh ? zh : \"(null)\");\n}\n\
         int main(void) {\n",
    );
    let mut expected = String::new();
    for (name, value, alias_of) in facts() {
        let _ = writeln!(program, "    show(\"{name}\", {name});");
        let named = alias_of.as_deref().unwrap_or(&name);
        let entry = model.entry(named).unwrap();
        let english = plain_text(&entry.meaning_in("en-US").unwrap(), " ");
        let chinese = plain_text(&entry.meaning_in("zh-TW").unwrap(), " ");
        let _ = writeln!(expected, "{name} 0x{value:08X} {named}|{english}|{chinese}");
    }
    program.push_str(
        "    printf(\"%s %s %s\\n\", sspi_status_name(0x12345678) ? \"?\" : \"(null)\",\n           \
         sspi_status_message_in(SEC_E_OK, \"fr-FR\") ? \"?\" : \"(null)\",\n           \
         sspi_status_message_in(SEC_E_OK, NULL) ? \"?\" : \"(null)\");\n    return 0;\n}\n",
    );
    expected.push_str("(null) (null) (null)\n");
    let output = compile_and_run(&program, &workspace().join("generated/c"), &[]);
    assert_eq!(output, expected);
}

#[test]
fn earlier_definitions_of_the_same_macros_are_kept() {
    // What <winnt.h> and mingw-w64's <winerror.h> define before this header is included.
    let program = "#include <stdio.h>\n#include <stdint.h>\n\
        typedef int32_t HRESULT;\n#define _HRESULT_DEFINED\n\
        #define _HRESULT_TYPEDEF_(_sc) ((HRESULT)_sc)\n\
        #define SEC_E_OK ((HRESULT)0x00000000)\n\
        #define SEC_E_ALGORITHM_MISMATCH _HRESULT_TYPEDEF_(0x80090331)\n\
        #define SEC_E_UNSUPPORTED_FUNCTION _HRESULT_TYPEDEF_(0x80090302)\n\
        #define SEC_E_NOT_SUPPORTED SEC_E_UNSUPPORTED_FUNCTION\n\
        #include \"sspi_status.h\"\n\
        #include \"sspi_status.h\"\n\
        int main(void) {\n    printf(\"%s %s %s\\n\", sspi_status_name(SEC_E_OK), sspi_status_name(SEC_E_ALGORITHM_MISMATCH),\n           \
        sspi_status_name(SEC_E_NOT_SUPPORTED));\n    return 0;\n}\n";
    let output = compile_and_run(program, &workspace().join("generated/c"), &[]);
    assert_eq!(
        output,
        "SEC_E_OK SEC_E_ALGORITHM_MISMATCH SEC_E_UNSUPPORTED_FUNCTION\n"
    );
}

/// With mingw-w64's real <winerror.h> (Debian's mingw-w64-x86-64-dev) included first. CI
/// installs it and sets DOCCODES_REQUIRE_MINGW so that this cannot pass by skipping there.
#[test]
fn the_header_follows_mingw_winerror_h() {
    let Some(include) = crate::support::mingw_include() else {
        return;
    };
    // Only winerror.h and what it includes: the whole mingw include folder would shadow libc.
    let headers = tempfile::tempdir().unwrap();
    for name in ["winerror.h", "fltwinerror.h"] {
        fs::copy(include.join(name), headers.path().join(name)).unwrap();
    }
    let program = "#include <stdio.h>\n#include <stdint.h>\n\
        typedef int32_t HRESULT;\n#define _HRESULT_DEFINED\n#define __MSABI_LONG(x) x##l\n\
        #include <winerror.h>\n#include \"sspi_status.h\"\n\
        int main(void) {\n    printf(\"%s %s %d\\n\", sspi_status_name(SEC_E_NOT_SUPPORTED), sspi_status_name(SEC_I_RENEGOTIATE),\n           \
        SEC_E_NOT_SUPPORTED == (HRESULT)0x80090302L);\n    return 0;\n}\n";
    let isystem = format!("-isystem{}", headers.path().display());
    let output = compile_and_run(program, &workspace().join("generated/c"), &[&isystem]);
    assert_eq!(output, "SEC_E_UNSUPPORTED_FUNCTION SEC_I_RENEGOTIATE 1\n");
}
