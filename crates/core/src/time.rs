//! Virtual time: instants and durations of the simulated cluster, and the ways kubectl prints
//! them. Nothing here reads a wall clock: the simulation starts at [`EPOCH`] and only moves when
//! the engine advances it.

use std::fmt;

/// Milliseconds since the Unix epoch, in virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub i64);

/// A span of virtual time in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

/// Where every simulation starts: 2025-01-01T00:00:00Z. Fixed, so histories are reproducible.
pub const EPOCH: Time = Time(1_735_689_600_000);

impl Duration {
    pub const ZERO: Duration = Duration(0);

    pub const fn millis(ms: i64) -> Duration {
        Duration(ms)
    }
    pub const fn seconds(s: i64) -> Duration {
        Duration(s * 1000)
    }
    pub const fn minutes(m: i64) -> Duration {
        Duration(m * 60_000)
    }
    pub fn as_millis(self) -> i64 {
        self.0
    }
    /// Whole seconds, truncated toward zero.
    pub fn whole_seconds(self) -> i64 {
        self.0 / 1000
    }

    /// Parses the durations kubectl and `sim` accept: `30s`, `5m`, `1h30m`, `250ms`, `2h`.
    /// A bare number is seconds.
    pub fn parse(text: &str) -> Option<Duration> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(seconds) = text.parse::<i64>() {
            return (seconds >= 0).then(|| Duration::seconds(seconds));
        }
        let mut total: i64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(rest.len());
            if digits == 0 {
                return None;
            }
            let number: f64 = rest[..digits].parse().ok()?;
            rest = &rest[digits..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                _ => return None,
            };
            rest = &rest[unit_len..];
            total = total.checked_add((number * factor).round() as i64)?;
        }
        Some(Duration(total))
    }
}

impl std::ops::Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(d.0))
    }
}

impl std::ops::Sub<Time> for Time {
    type Output = Duration;
    fn sub(self, other: Time) -> Duration {
        Duration(self.0 - other.0)
    }
}

impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, d: Duration) -> Duration {
        Duration(self.0.saturating_add(d.0))
    }
}

impl fmt::Display for Duration {
    /// Go's `time.Duration` style, as kubectl prints timeouts and back-offs: `10s`, `5m0s`,
    /// `1h2m3s`, `1.5s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms == 0 {
            return f.write_str("0s");
        }
        let sign = if ms < 0 { "-" } else { "" };
        let ms = ms.unsigned_abs();
        if ms < 1000 {
            return write!(f, "{sign}{ms}ms");
        }
        let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        let seconds = if frac == 0 {
            format!("{s}s")
        } else {
            let frac = format!("{frac:03}");
            format!("{s}.{}s", frac.trim_end_matches('0'))
        };
        if h > 0 {
            write!(f, "{sign}{h}h{m}m{seconds}")
        } else if m > 0 {
            write!(f, "{sign}{m}m{seconds}")
        } else {
            write!(f, "{sign}{seconds}")
        }
    }
}

/// A calendar date and time in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

impl Time {
    pub fn civil(self) -> Civil {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem / 60 % 60) as u32,
            second: (rem % 60) as u32,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// RFC 3339 in UTC with second precision, as the API server writes timestamps:
    /// `2025-01-01T00:00:00Z`.
    pub fn rfc3339(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// The time as a stored object gives it back: `metav1.Time` keeps whole seconds, so every
    /// age kubectl computes starts from one.
    pub fn as_stored(self) -> Time {
        Time(self.0 - self.0.rem_euclid(1000))
    }

    /// RFC 3339 with microseconds, as the API server writes a `MicroTime` (a Lease's
    /// `renewTime`): `2025-01-01T00:00:00.000000Z`.
    pub fn rfc3339_micro(self) -> String {
        let seconds = self.rfc3339();
        let micros = self.0.rem_euclid(1000) * 1000;
        format!("{}.{micros:06}Z", &seconds[..seconds.len() - 1])
    }

    /// RFC 1123 with a numeric zone, as `kubectl describe` prints timestamps:
    /// `Wed, 01 Jan 2025 00:00:00 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let c = self.civil();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            DAYS[c.weekday as usize],
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }
}

/// kubectl's AGE format (`duration.HumanDuration` in apimachinery): `45s`, `2m5s`, `10m`,
/// `3h5m`, `8h`, `2d5h`, `8d`, `3y45d`. Every part is truncated, never rounded.
pub fn human_duration(d: Duration) -> String {
    let seconds = d.0.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        let days = hours / 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = hours / 24;
        let (y, dy) = (days / 365, days % 365);
        return if dy == 0 {
            format!("{y}y")
        } else {
            format!("{y}y{dy}d")
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(seconds: i64) -> String {
        human_duration(Duration::seconds(seconds))
    }

    #[test]
    fn ages_follow_kubectl_human_duration() {
        let cases = [
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (121, "2m1s"),
            (125, "2m5s"),
            (599, "9m59s"),
            (600, "10m"),
            (179 * 60 + 59, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 5 * 60, "3h5m"),
            (7 * 3600 + 59 * 60 + 59, "7h59m"),
            (8 * 3600, "8h"),
            (47 * 3600, "47h"),
            (48 * 3600, "2d"),
            (53 * 3600, "2d5h"),
            (191 * 3600, "7d23h"),
            (192 * 3600, "8d"),
            (729 * 86400, "729d"),
            (730 * 86400, "2y"),
            (3 * 365 * 86400 + 45 * 86400, "3y45d"),
            (8 * 365 * 86400, "8y"),
        ];
        for (s, want) in cases {
            assert_eq!(age(s), want, "for {s}s");
        }
        assert_eq!(human_duration(Duration::millis(-500)), "0s");
        assert_eq!(human_duration(Duration::seconds(-5)), "<invalid>");
    }

    #[test]
    fn the_epoch_prints_as_new_year_2025() {
        assert_eq!(EPOCH.rfc3339(), "2025-01-01T00:00:00Z");
        assert_eq!(EPOCH.rfc1123z(), "Wed, 01 Jan 2025 00:00:00 +0000");
        let later = EPOCH + Duration::seconds(59 * 86400 + 3661);
        assert_eq!(later.rfc3339(), "2025-03-01T01:01:01Z");
        assert_eq!(later.rfc1123z(), "Sat, 01 Mar 2025 01:01:01 +0000");
    }

    #[test]
    fn durations_parse_and_print_like_go() {
        assert_eq!(Duration::parse("30s"), Some(Duration::seconds(30)));
        assert_eq!(Duration::parse("5m"), Some(Duration::minutes(5)));
        assert_eq!(Duration::parse("1h30m"), Some(Duration::minutes(90)));
        assert_eq!(Duration::parse("250ms"), Some(Duration::millis(250)));
        assert_eq!(Duration::parse("1.5s"), Some(Duration::millis(1500)));
        assert_eq!(Duration::parse("12"), Some(Duration::seconds(12)));
        assert_eq!(Duration::parse("5x"), None);
        assert_eq!(Duration::parse("s"), None);
        assert_eq!(Duration::parse("-3"), None);
        assert_eq!(Duration::seconds(10).to_string(), "10s");
        assert_eq!(Duration::minutes(5).to_string(), "5m0s");
        assert_eq!(Duration::seconds(3723).to_string(), "1h2m3s");
        assert_eq!(Duration::millis(1500).to_string(), "1.5s");
        assert_eq!(Duration::millis(5).to_string(), "5ms");
    }
}

impl Time {
    /// Parses the RFC 3339 timestamps the API server writes (`2025-01-01T00:00:00Z`, with
    /// optional fractional seconds and a numeric offset).
    pub fn parse_rfc3339(text: &str) -> Option<Time> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        let mut rest = &text[19..];
        let mut millis = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let ms = format!("{:0<3}", &frac[..digits.min(3)]);
            millis = ms.parse().ok()?;
            rest = &frac[digits..];
        }
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                let h: i64 = rest[1..3].parse().ok()?;
                let m: i64 = rest[4..6].parse().ok()?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (h * 60 + m)
            }
            _ => return None,
        };
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
        Some(Time(secs * 1000 + millis))
    }
}

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let text = String::deserialize(d)?;
        Time::parse_rfc3339(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"
            ))
        })
    }
}

#[cfg(test)]
mod rfc3339_tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        for t in [
            EPOCH,
            EPOCH + Duration::seconds(86_400 * 400 + 3723),
            Time(0),
        ] {
            assert_eq!(Time::parse_rfc3339(&t.rfc3339()), Some(t));
        }
        assert_eq!(
            Time::parse_rfc3339("2025-01-01T01:00:00+01:00"),
            Some(EPOCH)
        );
        assert_eq!(
            Time::parse_rfc3339("2025-01-01T00:00:00.5Z"),
            Some(Time(EPOCH.0 + 500))
        );
        assert_eq!(Time::parse_rfc3339("yesterday"), None);
    }
}
