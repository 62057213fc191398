#![deny(warnings)]

mod codes {
    doccodes_macros::include_codes!("tests/ui/models/small.yaml");
}

use codes::SmallCodes;

fn main() {
    assert_eq!(codes::SMALL_E_FAIL as u32, 0x8000_4005);
    let code = SmallCodes::from_hresult(codes::SMALL_E_FAIL).unwrap();
    assert!(code.is_error());
    assert_eq!(code.name(), "SMALL_E_FAIL");
    assert_eq!(code.message_in("fr-fr"), Some("Échec."));
    assert_eq!(SmallCodes::SmallSOk.to_string(), "SMALL_S_OK (0x00000000): It worked.");
    assert_eq!("SMALL_S_OK".parse(), Ok(SmallCodes::SmallSOk));
}
