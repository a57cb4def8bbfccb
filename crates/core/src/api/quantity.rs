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

/// A parsed quantity: its value in nano-units (rounded up, as `ParseQuantity` rounds anything
/// finer) and the format it was written in, which `String()` keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Format {
    #[default]
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

const NANO: i128 = 1_000_000_000;

impl Quantity {
    /// `resource.ParseQuantity`; `None` where [`parse_error`] gives a reason.
    pub fn parse(text: &str) -> Option<Quantity> {
        if parse_error(text).is_some() {
            return None;
        }
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let split = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (number, suffix) = body.split_at(split);
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        // The number as an integer over 10^scale; fractions longer than 18 digits only round.
        let mut digits: i128 = 0;
        let mut scale: u32 = 0;
        for b in whole.bytes().chain(fraction.bytes().take(18)) {
            digits = digits.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        scale += fraction.len().min(18) as u32;
        let rounds_up = fraction.bytes().skip(18).any(|b| b != b'0');
        let (format, numerator, exponent10): (Format, i128, i32) = match suffix {
            "" => (Format::DecimalSI, 1, 0),
            "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
                let k = "KMGTPE".find(&suffix[..1]).unwrap_or(0) as u32 + 1;
                (Format::BinarySI, 1024i128.pow(k), 0)
            }
            "n" => (Format::DecimalSI, 1, -9),
            "u" => (Format::DecimalSI, 1, -6),
            "m" => (Format::DecimalSI, 1, -3),
            "k" => (Format::DecimalSI, 1, 3),
            "M" => (Format::DecimalSI, 1, 6),
            "G" => (Format::DecimalSI, 1, 9),
            "T" => (Format::DecimalSI, 1, 12),
            "P" => (Format::DecimalSI, 1, 15),
            "E" => (Format::DecimalSI, 1, 18),
            exponent => (Format::DecimalExponent, 1, exponent[1..].parse().ok()?),
        };
        // value in nanos = digits * numerator * 10^(exponent10 + 9 - scale), rounded up.
        let power = exponent10 + 9 - scale as i32;
        let scaled = digits.checked_mul(numerator)?;
        let mut nanos = if power >= 0 {
            scaled.checked_mul(10i128.checked_pow(power as u32)?)?
        } else {
            let divisor = 10i128.checked_pow((-power) as u32)?;
            let q = scaled / divisor;
            q + i128::from(scaled % divisor != 0 || rounds_up)
        };
        if negative {
            nanos = -nanos;
        }
        Some(Quantity { nanos, format })
    }

    /// The quantity a JSON value holds (`null` and anything unparsable count as zero).
    pub fn of(value: &Value) -> Quantity {
        match value {
            Value::String(s) => Quantity::parse(s.trim()),
            Value::Number(n) => Quantity::parse(&n.to_string()),
            _ => None,
        }
        .unwrap_or_default()
    }

    /// `Add`: the sum keeps the receiver's format, except that a zero receiver takes the
    /// other's.
    pub fn plus(self, other: Quantity) -> Quantity {
        let format = if self == Quantity::default() {
            other.format
        } else {
            self.format
        };
        Quantity {
            nanos: self.nanos + other.nanos,
            format,
        }
    }

    /// `Value()`: whole units, rounded up.
    pub fn value(self) -> i64 {
        ceil_div(self.nanos, NANO) as i64
    }

    /// `MilliValue()`: thousandths, rounded up.
    pub fn milli_value(self) -> i64 {
        ceil_div(self.nanos, NANO / 1000) as i64
    }

    pub fn is_zero(self) -> bool {
        self.nanos == 0
    }
}

fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && a > 0 {
        q + 1
    } else {
        q
    }
}

/// `String()`: the canonical form. Binary quantities print with the largest `Ki`…`Ei` that
/// leaves a whole number, unless they are fractional or smaller than 1024 in size, which print
/// in decimal SI; decimal ones with the largest of `n`…`E` (or `eN`) that leaves a whole number.
impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.nanos;
        if n == 0 {
            return f.write_str("0");
        }
        if self.format == Format::BinarySI && n % NANO == 0 && n.abs() >= 1024 * NANO {
            let mut units = n / NANO;
            let mut k = 0;
            while k < 6 && units % 1024 == 0 {
                units /= 1024;
                k += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k];
            return write!(f, "{units}{suffix}");
        }
        // Decimal: the largest exponent (a multiple of 3, -9 to 18) that divides evenly.
        let mut mantissa = n;
        let mut exponent = -9;
        while exponent < 18 && mantissa % 1000 == 0 {
            mantissa /= 1000;
            exponent += 3;
        }
        if self.format == Format::DecimalExponent {
            return if exponent == 0 {
                write!(f, "{mantissa}")
            } else {
                write!(f, "{mantissa}e{exponent}")
            };
        }
        let suffix = match exponent {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => "",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        };
        write!(f, "{mantissa}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_print_in_their_canonical_form() {
        let text = |s: &str| Quantity::parse(s).unwrap().to_string();
        for (given, canonical) in [
            ("0", "0"),
            ("1Gi", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("1024", "1024"),
            ("2048Ki", "2Mi"),
            ("1000Ki", "1000Ki"),
            ("100m", "100m"),
            ("0.1", "100m"),
            ("1.5", "1500m"),
            ("1000", "1k"),
            ("1500", "1500"),
            ("1e3", "1e3"),
            ("4", "4"),
            ("8039536Ki", "8039536Ki"),
        ] {
            assert_eq!(text(given), canonical, "{given}");
        }
        let cpu = Quantity::parse("250m").unwrap();
        assert_eq!(cpu.milli_value(), 250);
        assert_eq!(cpu.value(), 1);
        let sum = Quantity::default()
            .plus(cpu)
            .plus(Quantity::parse("1").unwrap());
        assert_eq!(sum.to_string(), "1250m");
        let memory = Quantity::parse("64Mi")
            .unwrap()
            .plus(Quantity::parse("64Mi").unwrap());
        assert_eq!(memory.to_string(), "128Mi");
        assert_eq!(memory.value(), 134_217_728);
    }

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
