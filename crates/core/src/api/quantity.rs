//! Resource quantities (`1Gi`, `500m`, `2e3`) as the API server reads them: which texts are
//! quantities at all, and the error each other text gets. Mirrors `parseQuantityString` and the
//! suffix table of `k8s.io/apimachinery/pkg/api/resource` (`quantity.go`, `suffix.go`).

use serde_json::Value;

/// The text `ParseQuantity` fails with when the text is not shaped like a quantity.
pub const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// The text it fails with when the shape is right but the suffix is not one it knows.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

/// Why `text` is not a quantity, or `None` when it is.
pub fn parse_error(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some(ERR_FORMAT_WRONG);
    }
    if text == "0" {
        return None;
    }
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut pos = 0;
    if matches!(bytes[0], b'-' | b'+') {
        pos += 1;
    }
    let digits = |mut i: usize| {
        while i < end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    // The numerator (leading zeros included), then an optional fraction: an input made only of
    // these is a plain number.
    pos = digits(pos);
    if pos == end {
        return None;
    }
    if bytes[pos] == b'.' {
        pos = digits(pos + 1);
        if pos == end {
            return None;
        }
    }
    // The suffix: letters from the suffix alphabet, then an optional signed exponent.
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&bytes[pos]) {
        pos += 1;
    }
    if pos < end && matches!(bytes[pos], b'-' | b'+') {
        pos += 1;
    }
    if digits(pos) != end {
        return Some(ERR_FORMAT_WRONG);
    }
    if known_suffix(&text[suffix_start..]) {
        None
    } else {
        Some(ERR_SUFFIX)
    }
}

/// The suffixes `quantitySuffixer.interpret` accepts: binary (`Ki`…`Ei`), decimal SI (`n`…`E`)
/// and a decimal exponent (`e3`, `E-2`).
fn known_suffix(suffix: &str) -> bool {
    const NAMED: &[&str] = &[
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    if NAMED.contains(&suffix) {
        return true;
    }
    let Some(exponent) = suffix.strip_prefix(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Why a JSON value is not a quantity (`Quantity.UnmarshalJSON`): `null` is the zero
/// quantity, a number or string is parsed as written, anything else fails on its JSON text.
pub fn value_error(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => None,
        Value::String(s) => parse_error(s.trim()),
        Value::Number(n) => parse_error(&n.to_string()),
        other => parse_error(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_not_quantities_as_the_api_server_reads_them() {
        for ok in [
            "0", "1", "1Gi", "500m", "1.5", ".5", "1.", "2e3", "1E-2", "+1k", "-1Mi", "100Ki",
            "1e+3", "007",
        ] {
            assert_eq!(parse_error(ok), None, "{ok}");
        }
        for bad in [
            "",
            "lots",
            "1Gb",
            "1 Gi",
            "1Q",
            "1.2.3",
            "{\"a\":1}",
            "true",
        ] {
            assert_eq!(parse_error(bad), Some(ERR_FORMAT_WRONG), "{bad}");
        }
        for odd in ["1kk", "1iG", "1mi", "1e3Ki", "Gi1", "1e"] {
            assert!(parse_error(odd).is_some(), "{odd}");
        }
        for suffix_error in ["1kk", "Gi1", "1e"] {
            assert_eq!(
                parse_error(suffix_error),
                Some(ERR_SUFFIX),
                "{suffix_error}"
            );
        }
        assert_eq!(
            value_error(&serde_json::json!({"a": 1})),
            Some(ERR_FORMAT_WRONG)
        );
        assert_eq!(value_error(&serde_json::json!(2)), None);
        assert_eq!(value_error(&Value::Null), None);
    }
}
