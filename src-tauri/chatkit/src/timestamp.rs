//! Wire timestamps and the injectable clock.
//!
//! The reference SDK writes naive local times (`2026-01-01T00:00:00`, microseconds only when
//! non-zero); JavaScript parses an RFC 3339 UTC value with `Z` less ambiguously. [`Timestamp`]
//! therefore emits `Z` by default, accepts both forms on input, remembers which form it was
//! given, and can be switched to the naive form (the conformance fixtures pin a naive clock).
//! [`Clock`] is injectable so tests and golden runs get deterministic `created_at` values.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, SubsecRound, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A point in time plus the textual form it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    utc: DateTime<Utc>,
    naive: bool,
}

impl Timestamp {
    /// The current time (microsecond precision, like the reference), written as RFC 3339 UTC with `Z`.
    pub fn now() -> Self {
        Self::from_utc(Utc::now().trunc_subsecs(6))
    }

    /// A UTC instant, written with `Z`.
    pub fn from_utc(utc: DateTime<Utc>) -> Self {
        Self { utc, naive: false }
    }

    /// A naive instant (interpreted as UTC), written without offset like the reference SDK.
    pub fn from_naive(naive: NaiveDateTime) -> Self {
        Self {
            utc: naive.and_utc(),
            naive: true,
        }
    }

    /// Same instant, written in the naive form (`true`) or with `Z` (`false`).
    pub fn with_naive_format(self, naive: bool) -> Self {
        Self { naive, ..self }
    }

    /// Whether this value is written without an offset.
    pub fn is_naive(&self) -> bool {
        self.naive
    }

    /// The instant in UTC.
    pub fn as_utc(&self) -> DateTime<Utc> {
        self.utc
    }

    /// Parse either form: RFC 3339 with an offset (normalized to UTC), or the naive
    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]` form the reference SDK writes.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        match DateTime::parse_from_rfc3339(text) {
            Ok(dt) => Ok(Self::from_utc(dt.with_timezone(&Utc))),
            Err(rfc_err) => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .map(Self::from_naive)
                .map_err(|_| rfc_err),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.naive {
            // Python's isoformat: microsecond precision, fraction omitted when zero.
            let n = self.utc.naive_utc();
            write!(f, "{}", n.format("%Y-%m-%dT%H:%M:%S"))?;
            let micros = n.nanosecond() / 1000 % 1_000_000;
            if micros != 0 {
                write!(f, ".{micros:06}")?;
            }
            Ok(())
        } else {
            f.write_str(&self.utc.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text)
            .map_err(|e| serde::de::Error::custom(format!("invalid timestamp {text:?}: {e}")))
    }
}

/// Source of `created_at` values for threads and items.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The wall clock (RFC 3339 UTC with `Z`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always returns the same instant (tests, golden fixtures).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_round_trip_keeps_form() {
        for text in ["2026-01-01T00:00:00", "2026-11-23T19:29:58.900906"] {
            let ts = Timestamp::parse(text).unwrap();
            assert!(ts.is_naive());
            assert_eq!(ts.to_string(), text);
        }
    }

    #[test]
    fn utc_form_uses_z() {
        let ts = Timestamp::parse("2026-01-01T01:00:00+01:00").unwrap();
        assert_eq!(ts.to_string(), "2026-01-01T00:00:00Z");
        assert_eq!(
            ts.with_naive_format(true).to_string(),
            "2026-01-01T00:00:00"
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }
}
