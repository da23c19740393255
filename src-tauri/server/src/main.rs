//! `shopdesk-server`: Shopdesk's ChatKit core on `POST /chatkit` (see the library's docs and
//! the README, "Run as a ChatKit HTTP server"). Prints exactly one line to stdout once it
//! listens — `shopdesk-server listening on http://HOST:PORT` — and logs to stderr. Exits 0
//! after a drained SIGTERM / Ctrl-C, 2 for a bad command line, 1 when it cannot start.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use shopdesk_server::cli::{Cli, Command, USAGE};
use shopdesk_server::drain::Lifecycle;
use shopdesk_server::{shop_app, BearerToken, HttpOptions, ServeOptions, UserSource, UserTokens};

fn main() -> ExitCode {
    init_logging();
    let cli = match Cli::parse(std::env::args().skip(1)) {
        Ok(Command::Serve(cli)) => cli,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("shopdesk-server: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("shopdesk-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("shopdesk-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let token = cli
        .token_file
        .as_deref()
        .map(BearerToken::from_file)
        .transpose()?;
    let users = match (&cli.users_file, &cli.trust_user_header) {
        (Some(path), _) => Some(UserSource::Tokens(Arc::new(UserTokens::from_file(path)?))),
        (None, Some(name)) => {
            Some(UserSource::TrustedHeader(name.parse().map_err(|_| {
                format!("--trust-user-header {name:?} is not a header name")
            })?))
        }
        (None, None) => None,
    };
    let data_dir = cli
        .data_dir
        .clone()
        .or_else(shop_app::default_data_dir)
        .ok_or("no data directory: set --data-dir, XDG_DATA_HOME or HOME")?;
    let settings = shop_app::model_settings(&data_dir, cli.stream_delay)?;
    let listener = tokio::net::TcpListener::bind((cli.host.as_str(), cli.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cli.host, cli.port))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let base_url = format!("http://{address}");
    shop_app::ensure_private_dir(&data_dir)?;
    let database = cli.database.open(&data_dir).await?;
    let runs = shop_app::Runs {
        locks: database.run_locks,
        wait: cli.run_wait,
    };
    let (server, blobs) =
        shop_app::shop_server_on(&data_dir, &settings, &base_url, database.store, runs)?;
    let lifecycle = Arc::new(Lifecycle::default());
    let options = HttpOptions {
        allowed_origins: cli.allowed_origins.clone(),
        token,
        users,
        blobs: Some(blobs),
        lifecycle: lifecycle.clone(),
        store_kind: database.kind.into(),
        database: Some(database.probe),
        stamp_events: cli.stamp_events,
        ..HttpOptions::default()
    };
    let app = shopdesk_server::router(server, shop_app::shop_context, options);
    tracing::info!(
        data_dir = %data_dir.display(),
        store = database.kind,
        model = settings.provider.as_str(),
        origins = ?cli.allowed_origins,
        token = cli.token_file.is_some(),
        users = cli.users_file.is_some(),
        user_header = cli.trust_user_header.as_deref().unwrap_or("-"),
        "shopdesk-server ready"
    );
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "shopdesk-server listening on {base_url}");
        let _ = stdout.flush();
    }
    let serve = ServeOptions {
        drain_grace: cli.drain,
        lifecycle,
        ..ServeOptions::default()
    };
    shopdesk_server::serve(listener, app, serve, stop_signal())
        .await
        .map_err(|e| format!("the server failed: {e}"))?;
    tracing::info!("stopped; store closed");
    Ok(())
}

/// SIGTERM or Ctrl-C (SIGINT).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM"),
                    _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C"),
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot watch SIGTERM; Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// stderr, `RUST_LOG` (default `info`).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}
