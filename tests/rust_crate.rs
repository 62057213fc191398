//! The generated crate `sspi-status`, for all 77 codes: values equal to the facts and to
//! windows-sys to the bit, lookups that agree with the model.

use std::str::FromStr;

use doccodes_inline::plain_text;
use doccodes_model::Model;
use sspi_status::{SspiStatusCodes, UnknownSspiStatusCodes};

use crate::support::{facts, read, workspace};

/// `(name, windows-sys value, sspi-status value)` for every code, by name at compile time.
macro_rules! both {
    ($($name:ident)*) => {
        [$((stringify!($name), windows_sys::Win32::Foundation::$name, sspi_status::$name)),*]
    };
}

const CODES: [(&str, i32, i32); 77] = both! {
    SEC_E_ALGORITHM_MISMATCH SEC_E_BAD_BINDINGS SEC_E_BAD_PKGID SEC_E_BUFFER_TOO_SMALL
    SEC_E_CANNOT_INSTALL SEC_E_CANNOT_PACK SEC_E_CERT_EXPIRED SEC_E_CERT_UNKNOWN
    SEC_E_CERT_WRONG_USAGE SEC_E_CONTEXT_EXPIRED SEC_E_CROSSREALM_DELEGATION_FAILURE
    SEC_E_CRYPTO_SYSTEM_INVALID SEC_E_DECRYPT_FAILURE SEC_E_DELEGATION_REQUIRED
    SEC_E_DOWNGRADE_DETECTED SEC_E_ENCRYPT_FAILURE SEC_E_ILLEGAL_MESSAGE
    SEC_E_INCOMPLETE_CREDENTIALS SEC_E_INCOMPLETE_MESSAGE SEC_E_INSUFFICIENT_MEMORY
    SEC_E_INTERNAL_ERROR SEC_E_INVALID_HANDLE SEC_E_INVALID_TOKEN SEC_E_ISSUING_CA_UNTRUSTED
    SEC_E_ISSUING_CA_UNTRUSTED_KDC SEC_E_KDC_CERT_EXPIRED SEC_E_KDC_CERT_REVOKED
    SEC_E_KDC_INVALID_REQUEST SEC_E_KDC_UNABLE_TO_REFER SEC_E_KDC_UNKNOWN_ETYPE
    SEC_E_LOGON_DENIED SEC_E_MAX_REFERRALS_EXCEEDED SEC_E_MESSAGE_ALTERED
    SEC_E_MULTIPLE_ACCOUNTS SEC_E_MUST_BE_KDC SEC_E_NO_AUTHENTICATING_AUTHORITY
    SEC_E_NO_CREDENTIALS SEC_E_NO_IMPERSONATION SEC_E_NO_IP_ADDRESSES SEC_E_NO_KERB_KEY
    SEC_E_NO_PA_DATA SEC_E_NO_S4U_PROT_SUPPORT SEC_E_NO_TGT_REPLY SEC_E_NOT_OWNER
    SEC_E_NOT_SUPPORTED SEC_E_OK SEC_E_OUT_OF_SEQUENCE SEC_E_PKINIT_CLIENT_FAILURE
    SEC_E_PKINIT_NAME_MISMATCH SEC_E_QOP_NOT_SUPPORTED SEC_E_REVOCATION_OFFLINE_C
    SEC_E_REVOCATION_OFFLINE_KDC SEC_E_SECPKG_NOT_FOUND SEC_E_SECURITY_QOS_FAILED
    SEC_E_SHUTDOWN_IN_PROGRESS SEC_E_SMARTCARD_CERT_EXPIRED SEC_E_SMARTCARD_CERT_REVOKED
    SEC_E_SMARTCARD_LOGON_REQUIRED SEC_E_STRONG_CRYPTO_NOT_SUPPORTED SEC_E_TARGET_UNKNOWN
    SEC_E_TIME_SKEW SEC_E_TOO_MANY_PRINCIPALS SEC_E_UNFINISHED_CONTEXT_DELETED
    SEC_E_UNKNOWN_CREDENTIALS SEC_E_UNSUPPORTED_FUNCTION SEC_E_UNSUPPORTED_PREAUTH
    SEC_E_UNTRUSTED_ROOT SEC_E_WRONG_CREDENTIAL_HANDLE SEC_E_WRONG_PRINCIPAL
    SEC_I_COMPLETE_AND_CONTINUE SEC_I_COMPLETE_NEEDED SEC_I_CONTEXT_EXPIRED
    SEC_I_CONTINUE_NEEDED SEC_I_INCOMPLETE_CREDENTIALS SEC_I_LOCAL_LOGON SEC_I_NO_LSA_CONTEXT
    SEC_I_RENEGOTIATE
};

fn model() -> Model {
    let path = "generated/model/sspi-status-codes.yaml";
    Model::from_yaml(path, &read(&workspace().join(path))).unwrap()
}

#[test]
fn every_constant_equals_the_facts_and_windows_sys() {
    if !crate::support::has_shared() {
        return;
    }
    let facts = facts();
    assert_eq!(facts.len(), CODES.len());
    for ((name, windows, ours), (fact_name, value, _)) in CODES.iter().zip(&facts) {
        assert_eq!(name, fact_name);
        assert_eq!(*ours as u32, *value, "{name}");
        assert_eq!(ours, windows, "{name}");
    }
}

#[test]
fn every_code_round_trips_through_every_lookup() {
    if !crate::support::has_shared() {
        return;
    }
    let model = model();
    for (name, value, alias_of) in facts() {
        let hresult = value as i32;
        let named = alias_of.as_deref().unwrap_or(&name);
        let status = SspiStatusCodes::from_hresult(hresult).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(status.name(), named);
        assert_eq!(status.hresult(), hresult);
        assert_eq!(i32::from(status), hresult);
        assert_eq!(SspiStatusCodes::try_from(hresult), Ok(status));
        assert_eq!(
            SspiStatusCodes::from_str(&name),
            Ok(status),
            "{name} parses, aliases too"
        );
        assert_eq!(status.is_error(), hresult < 0, "{name}");

        let entry = model.entry(named).unwrap();
        let english = plain_text(&entry.meaning_in("en-US").unwrap(), " ");
        let chinese = plain_text(&entry.meaning_in("zh-TW").unwrap(), " ");
        assert_eq!(status.message(), english);
        assert_eq!(status.message_in("en-US"), Some(english.as_str()));
        assert_eq!(status.message_in("zh-TW"), Some(chinese.as_str()));
        assert_eq!(status.message_in("ZH-tw"), Some(chinese.as_str()));
        assert_eq!(status.message_in("fr-FR"), None);
        assert_eq!(
            status.to_string(),
            format!("{named} (0x{value:08X}): {english}")
        );
    }
    assert_eq!(SspiStatusCodes::ALL.len(), 76, "77 names, one alias");
    assert_eq!(SspiStatusCodes::LOCALES, ["en-US", "zh-TW"]);
}

#[test]
fn codes_that_differ_only_in_severity_stay_apart() {
    let error = SspiStatusCodes::from_hresult(sspi_status::SEC_E_CONTEXT_EXPIRED).unwrap();
    let information = SspiStatusCodes::from_hresult(sspi_status::SEC_I_CONTEXT_EXPIRED).unwrap();
    assert_ne!(error, information);
    assert!(error.is_error() && !information.is_error());
    assert_eq!(error, SspiStatusCodes::SecEContextExpired);
    assert_eq!(information, SspiStatusCodes::SecIContextExpired);
    assert!(
        !SspiStatusCodes::SecEOk.is_error(),
        "SEC_E_OK is success despite its name"
    );
    assert_eq!(
        SspiStatusCodes::SecENotSupported,
        SspiStatusCodes::SecEUnsupportedFunction
    );
}

#[test]
fn unknown_values_and_names_are_errors_that_say_so() {
    assert_eq!(SspiStatusCodes::from_hresult(0x1234), None);
    let unknown = SspiStatusCodes::try_from(-1).unwrap_err();
    assert_eq!(unknown, UnknownSspiStatusCodes(-1));
    assert_eq!(
        unknown.to_string(),
        "0xFFFFFFFF is not one of the SSPI Status Codes"
    );
    let parse = SspiStatusCodes::from_str("SEC_E_NOPE").unwrap_err();
    assert_eq!(
        parse.to_string(),
        "`SEC_E_NOPE` is not the name of one of the SSPI Status Codes"
    );
    let error: Box<dyn std::error::Error> = Box::new(SspiStatusCodes::SecETimeSkew);
    assert!(
        error
            .to_string()
            .starts_with("SEC_E_TIME_SKEW (0x80090324): ")
    );
}

#[test]
fn doc_links_are_absolute() {
    let source = read(&workspace().join("crates/sspi-status/src/codes.rs"));
    let links: Vec<&str> = source
        .match_indices("](")
        .map(|(at, _)| &source[at + 2..][..source[at + 2..].find(')').unwrap()])
        .filter(|destination| !destination.starts_with("Self::"))
        .collect();
    assert!(links.len() >= 3, "{links:?}");
    for link in links {
        assert!(
            link.starts_with("https://learn.microsoft.com/en-us/windows/"),
            "{link}"
        );
    }
}

/// The `windows` and `windows-sys` features (on for these tests), compiled and run on Linux.
#[test]
fn windows_and_windows_sys_hresults_convert_both_ways() {
    for code in SspiStatusCodes::ALL {
        let hresult = windows_result::HRESULT::from(code);
        assert_eq!(hresult.0, code.hresult());
        assert_eq!(SspiStatusCodes::try_from(hresult), Ok(code));
        assert!(code == hresult);
        assert_eq!(
            SspiStatusCodes::from_windows_sys(code.hresult()),
            Some(code)
        );
    }
    let denied = windows_sys::Win32::Foundation::SEC_E_LOGON_DENIED;
    assert_eq!(
        SspiStatusCodes::from_windows_sys(denied),
        Some(SspiStatusCodes::SecELogonDenied)
    );
    assert_eq!(
        SspiStatusCodes::try_from(windows_result::HRESULT(-1)),
        Err(UnknownSspiStatusCodes(-1))
    );
    assert!(windows_result::HRESULT::from(SspiStatusCodes::SecEOk).is_ok());
    assert!(windows_result::HRESULT::from(SspiStatusCodes::SecETimeSkew).is_err());
}
