//! The command line of `shopdesk-server` (README, "Run as a ChatKit HTTP server"):
//!
//! ```text
//! shopdesk-server [--host 127.0.0.1] [--port 8000] [--data-dir DIR] [--allow-origin ORIGIN]…
//!                 [--token-file F] [--users-file F | --trust-user-header NAME]
//!                 [--stream-delay-ms N] [--drain-seconds N]
//!                 [--database postgres://…] [--db-pool-size N] [--db-statement-timeout-ms N]
//!                 [--db-migrations apply|verify] [--run-lease-ms N] [--run-wait-ms N]
//!                 [--stamp-events]
//! ```
//!
//! Parsed by hand (a dozen flags do not need a parser crate). The credential rules live here: a
//! host that is not loopback needs `--token-file` or `--users-file`, or the server refuses to
//! start (a trusted user header alone is no credential: anyone reaching the port could send
//! it); a users file and the shared token both want the `Authorization` header, so they
//! exclude each other, and so do the two sources of users. The database flags also come from
//! the environment (`SHOPDESK_DATABASE_URL`, `SHOPDESK_DB_*`); a flag wins.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use chatkit_postgres::{Migrations, PostgresConfig};

use crate::database::DatabaseChoice;
use crate::options::DEFAULT_ALLOWED_ORIGINS;

/// The usage text (`--help`).
pub const USAGE: &str = "\
usage: shopdesk-server [--host 127.0.0.1] [--port 8000] [--data-dir DIR]
                       [--allow-origin ORIGIN]... [--token-file FILE]
                       [--users-file FILE | --trust-user-header NAME]
                       [--stream-delay-ms N] [--drain-seconds N] [--stamp-events]

  --host HOST          address to listen on (default 127.0.0.1); anything but loopback
                       needs --token-file or --users-file
  --port PORT          port (default 8000; 0 = any free port)
  --data-dir DIR       threads, attachments and settings.json
                       (default $XDG_DATA_HOME/shopdesk-server)
  --allow-origin ORIGIN  a page origin allowed to call the server (CORS); repeat for more;
                       replaces the defaults http://localhost:3000, http://localhost:5173,
                       http://127.0.0.1:5173
  --token-file FILE    require `Authorization: Bearer <first line of FILE>` (chmod 600)
  --users-file FILE    users: one `user_id token` per line (chmod 600); a request's bearer
                       token names its user, whose threads and attachments only it sees
  --trust-user-header NAME  users: the user id a trusted reverse proxy puts in header NAME
                       (e.g. X-Forwarded-User); only when the proxy is the sole way in
  --stream-delay-ms N  pacing of the offline model and streamed widgets
                       (default: SHOPDESK_STREAM_DELAY_MS, else 120)
  --drain-seconds N    on SIGTERM / Ctrl-C, how long running streams may finish (default 10)
  --database URL       keep threads in PostgreSQL (postgres://user:pass@host:port/db) instead
                       of the SQLite file in --data-dir; several servers may share one
                       database (env SHOPDESK_DATABASE_URL)
  --db-pool-size N     PostgreSQL connections per process, 1 to 1000 (default 16;
                       env SHOPDESK_DB_POOL_SIZE)
  --db-statement-timeout-ms N  cancel a statement running longer (default 10000;
                       env SHOPDESK_DB_STATEMENT_TIMEOUT_MS)
  --db-migrations MODE apply: bring the schema up to date at start (default); verify: only
                       check it is this build's (env SHOPDESK_DB_MIGRATIONS)
  --run-lease-ms N     PostgreSQL: a thread's run lease, renewed every third of it while the
                       run lasts; a crashed server's threads are free after it (default 30000)
  --run-wait-ms N      how long a message to a thread busy with another run waits before it
                       gets a retryable error (default 30000)
  --stamp-events       start each streamed frame with an SSE comment `: at=<ms since epoch>`
                       (when it was sent), to measure the latency to the page; off by default
Model: SHOPDESK_PROVIDER, SHOPDESK_BASE_URL, SHOPDESK_MODEL, OPENAI_API_KEY (offline by default).
Logs: stderr, RUST_LOG (default info).";

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Cli {
    pub host: String,
    pub port: u16,
    pub data_dir: Option<PathBuf>,
    pub allowed_origins: Vec<String>,
    pub token_file: Option<PathBuf>,
    pub users_file: Option<PathBuf>,
    pub trust_user_header: Option<String>,
    pub stream_delay: Option<Duration>,
    pub drain: Duration,
    pub database: DatabaseChoice,
    pub run_wait: Duration,
    /// `--stamp-events`: [`crate::HttpOptions::stamp_events`].
    pub stamp_events: bool,
}

impl Default for Cli {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8000,
            data_dir: None,
            allowed_origins: DEFAULT_ALLOWED_ORIGINS.map(String::from).to_vec(),
            token_file: None,
            users_file: None,
            trust_user_header: None,
            stream_delay: None,
            drain: Duration::from_secs(10),
            database: DatabaseChoice::Sqlite,
            run_wait: chatkit::run_locks::DEFAULT_RUN_WAIT,
            stamp_events: false,
        }
    }
}

/// What to do.
#[derive(Debug, Clone, PartialEq)]
// Built once per process start; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    Serve(Cli),
    Help,
}

/// The database settings as given (flags over environment), checked once all are read.
#[derive(Default)]
struct DatabaseFlags {
    url: Option<String>,
    pool_size: Option<String>,
    statement_timeout_ms: Option<String>,
    migrations: Option<String>,
    lease_ms: Option<String>,
}

impl DatabaseFlags {
    fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        Self {
            url: var("SHOPDESK_DATABASE_URL"),
            pool_size: var("SHOPDESK_DB_POOL_SIZE"),
            statement_timeout_ms: var("SHOPDESK_DB_STATEMENT_TIMEOUT_MS"),
            migrations: var("SHOPDESK_DB_MIGRATIONS"),
            lease_ms: None,
        }
    }

    fn choice(self) -> Result<DatabaseChoice, String> {
        let Some(url) = self.url else {
            return Ok(DatabaseChoice::Sqlite);
        };
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            // Never echo the value: it may be a URL with a password in it.
            return Err("--database must be a postgres:// or postgresql:// URL".into());
        }
        let mut config = PostgresConfig::new(url);
        if let Some(v) = self.pool_size {
            config.pool_size = number(&v, 1, 1000, "--db-pool-size")? as usize;
        }
        if let Some(v) = self.statement_timeout_ms {
            config.statement_timeout =
                Duration::from_millis(number(&v, 1, 3_600_000, "--db-statement-timeout-ms")?);
        }
        if let Some(v) = self.migrations {
            config.migrations = Migrations::parse(&v)
                .ok_or_else(|| format!("--db-migrations must be apply or verify, got {v:?}"))?;
        }
        let lease_ttl = match self.lease_ms {
            Some(v) => Duration::from_millis(number(&v, 300, 3_600_000, "--run-lease-ms")?),
            None => chatkit_postgres::run_leases::DEFAULT_LEASE_TTL,
        };
        Ok(DatabaseChoice::Postgres { config, lease_ttl })
    }
}

/// `text` as a whole number from `min` to `max`, or an error naming `flag`.
fn number(text: &str, min: u64, max: u64, flag: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{flag} must be a number from {min} to {max}, got {text:?}"))
}

impl Cli {
    /// Parses the arguments after the program name, with the database settings the process
    /// environment gives. An error says what is wrong.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
        Self::parse_with_env(args, &|name| std::env::var(name).ok())
    }

    /// [`Cli::parse`] with `env` as the environment (tests pass their own).
    pub fn parse_with_env(
        args: impl IntoIterator<Item = String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Command, String> {
        let mut cli = Cli::default();
        let mut database = DatabaseFlags::from_env(env);
        let mut origins: Vec<String> = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(Command::Help);
            }
            if flag == "--stamp-events" {
                if inline.is_some() {
                    return Err("--stamp-events takes no value".into());
                }
                cli.stamp_events = true;
                continue;
            }
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--host" => cli.host = value()?,
                "--port" => {
                    let v = value()?;
                    cli.port = v.parse().map_err(|_| {
                        format!("--port must be a number from 0 to 65535, got {v:?}")
                    })?;
                }
                "--data-dir" => cli.data_dir = Some(PathBuf::from(value()?)),
                "--allow-origin" => origins.push(origin(&value()?)?),
                "--token-file" => cli.token_file = Some(PathBuf::from(value()?)),
                "--users-file" => cli.users_file = Some(PathBuf::from(value()?)),
                "--trust-user-header" => {
                    let v = value()?;
                    if axum::http::HeaderName::from_bytes(v.as_bytes()).is_err() {
                        return Err(format!(
                            "--trust-user-header needs a header name, got {v:?}"
                        ));
                    }
                    cli.trust_user_header = Some(v);
                }
                "--stream-delay-ms" => {
                    let v = value()?;
                    let max = shop::model::config::MAX_STREAM_DELAY_MS;
                    let ms: u64 = v.parse().ok().filter(|ms| *ms <= max).ok_or_else(|| {
                        format!("--stream-delay-ms must be from 0 to {max}, got {v:?}")
                    })?;
                    cli.stream_delay = Some(Duration::from_millis(ms));
                }
                "--drain-seconds" => {
                    let v = value()?;
                    let s: u64 = v.parse().ok().filter(|s| *s <= 3600).ok_or_else(|| {
                        format!("--drain-seconds must be from 0 to 3600, got {v:?}")
                    })?;
                    cli.drain = Duration::from_secs(s);
                }
                "--database" => database.url = Some(value()?),
                "--db-pool-size" => database.pool_size = Some(value()?),
                "--db-statement-timeout-ms" => database.statement_timeout_ms = Some(value()?),
                "--db-migrations" => database.migrations = Some(value()?),
                "--run-lease-ms" => database.lease_ms = Some(value()?),
                "--run-wait-ms" => {
                    let v = value()?;
                    cli.run_wait =
                        Duration::from_millis(number(&v, 0, 3_600_000, "--run-wait-ms")?);
                }
                other => return Err(format!("unknown argument {other:?} (see --help)")),
            }
        }
        if !origins.is_empty() {
            cli.allowed_origins = origins;
        }
        cli.database = database.choice()?;
        if cli.users_file.is_some() && cli.token_file.is_some() {
            return Err(
                "--users-file and --token-file both use the Authorization header: \
                        give one of them (each user's token is in the users file)"
                    .into(),
            );
        }
        if cli.users_file.is_some() && cli.trust_user_header.is_some() {
            return Err(
                "--users-file and --trust-user-header are two sources of users: \
                        give one of them"
                    .into(),
            );
        }
        if cli.token_file.is_none() && cli.users_file.is_none() && !is_loopback(&cli.host) {
            return Err(format!(
                "--host {} is not a loopback address: anyone who can reach it could use the \
                 server, so a bearer token is required (--token-file FILE or --users-file FILE)",
                cli.host
            ));
        }
        Ok(Command::Serve(cli))
    }
}

/// `localhost` or a loopback IP (`127.0.0.0/8`, `::1`).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An origin as browsers send it: `scheme://host[:port]`, no path.
fn origin(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("http://")
        .or_else(|| trimmed.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains('/') && !host.contains('*') => {
            Ok(trimmed.to_owned())
        }
        _ => Err(format!(
            "--allow-origin must be an origin like http://localhost:3000, got {raw:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Cli::parse_with_env(args.iter().map(|s| s.to_string()), &|_| None)
    }

    fn postgres(args: &[&str], env: &[(&str, &str)]) -> Result<(PostgresConfig, Duration), String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        match Cli::parse_with_env(args.iter().map(|s| s.to_string()), &lookup)? {
            Command::Serve(Cli {
                database: DatabaseChoice::Postgres { config, lease_ttl },
                ..
            }) => Ok((config, lease_ttl)),
            _ => Err("not postgres".into()),
        }
    }

    #[test]
    fn database_flags_and_environment() {
        let url = "postgres://shop:pw@db:5432/chat";
        let (config, lease) = postgres(&["--database", url], &[]).unwrap();
        assert_eq!(config.url, url);
        assert_eq!(config.pool_size, 16);
        assert_eq!(config.migrations, Migrations::Apply);
        assert_eq!(lease, Duration::from_secs(30));
        let env = [
            ("SHOPDESK_DATABASE_URL", url),
            ("SHOPDESK_DB_POOL_SIZE", "4"),
            ("SHOPDESK_DB_STATEMENT_TIMEOUT_MS", "2500"),
            ("SHOPDESK_DB_MIGRATIONS", "verify"),
        ];
        let (config, _) = postgres(&[], &env).unwrap();
        assert_eq!(config.pool_size, 4);
        assert_eq!(config.statement_timeout, Duration::from_millis(2500));
        assert_eq!(config.migrations, Migrations::Verify);
        // A flag wins over the environment.
        let (config, lease) =
            postgres(&["--db-pool-size=9", "--run-lease-ms", "900"], &env).unwrap();
        assert_eq!(config.pool_size, 9);
        assert_eq!(lease, Duration::from_millis(900));
        for bad in [
            &["--database", "mysql://secret@x/db"][..],
            &["--database", url, "--db-pool-size", "0"],
            &["--database", url, "--db-migrations", "later"],
            &["--database", url, "--run-lease-ms", "10"],
            &["--run-wait-ms", "-1"],
        ] {
            let e = parse(bad).unwrap_err();
            assert!(!e.contains("secret") && !e.contains("pw@"), "{e}");
        }
        assert_eq!(
            parse(&["--run-wait-ms", "0"]).map(|c| match c {
                Command::Serve(cli) => cli.run_wait,
                Command::Help => Duration::MAX,
            }),
            Ok(Duration::ZERO)
        );
    }

    #[test]
    fn defaults_flags_and_the_token_rule() {
        assert_eq!(parse(&[]).unwrap(), Command::Serve(Cli::default()));
        let Command::Serve(cli) = parse(&[
            "--port",
            "0",
            "--allow-origin",
            "http://localhost:3000/",
            "--allow-origin=https://shop.example",
            "--stream-delay-ms",
            "0",
            "--drain-seconds=2",
            "--data-dir",
            "/tmp/d",
            "--stamp-events",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(cli.port, 0);
        assert_eq!(
            cli.allowed_origins,
            ["http://localhost:3000", "https://shop.example"]
        );
        assert_eq!(cli.stream_delay, Some(Duration::ZERO));
        assert_eq!(cli.drain, Duration::from_secs(2));
        assert_eq!(cli.data_dir, Some(PathBuf::from("/tmp/d")));
        assert!(cli.stamp_events);
        assert!(parse(&["--stamp-events=yes"]).is_err());
        assert!(parse(&["--host", "0.0.0.0"])
            .unwrap_err()
            .contains("--token-file"));
        assert!(parse(&["--host", "192.168.1.2"]).is_err());
        assert!(parse(&["--host", "0.0.0.0", "--token-file", "/t"]).is_ok());
        for loopback in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"] {
            assert!(parse(&["--host", loopback]).is_ok(), "{loopback}");
        }
        assert!(parse(&["--port", "70000"]).is_err());
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--allow-origin", "http://x/path"]).is_err());
        assert!(parse(&["--allow-origin", "*"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        let Command::Serve(cli) = parse(&["--users-file", "/u", "--host", "0.0.0.0"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(cli.users_file, Some(PathBuf::from("/u")));
        let Command::Serve(cli) =
            parse(&["--trust-user-header=X-Forwarded-User", "--token-file", "/t"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(cli.trust_user_header.as_deref(), Some("X-Forwarded-User"));
        assert!(parse(&["--trust-user-header", "X-Forwarded-User"]).is_ok());
        let header_only = parse(&["--trust-user-header", "X-U", "--host", "0.0.0.0"]);
        assert!(header_only.unwrap_err().contains("--users-file"));
        assert!(parse(&["--users-file", "/u", "--token-file", "/t"]).is_err());
        assert!(parse(&["--users-file", "/u", "--trust-user-header", "X-U"]).is_err());
        assert!(parse(&["--trust-user-header", "bad header"]).is_err());
        assert_eq!(parse(&["--help"]).unwrap(), Command::Help);
    }
}
