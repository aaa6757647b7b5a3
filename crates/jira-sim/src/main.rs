//! `jira-sim`: run the simulated Jira site.

use clap::Parser;
use jira_sim::world::Store;
use jira_sim::{router, Sim};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// A local stand-in for Jira Cloud: the REST subset Ticklist uses (entity properties, myself,
/// mypermissions, assignable users), seeded users and permissions (HTTP Basic auth, user name =
/// account id), fault injection under /_sim/, and issue pages that load the app in an iframe.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on (loopback only by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// State file; all data is kept there across restarts. Without it, state is in memory.
    #[arg(long)]
    data: Option<PathBuf>,
    /// The built app (trunk's dist/), served under /app/.
    #[arg(long)]
    app_dir: Option<PathBuf>,
    /// Bundled host shims (fake-ap.js, host-page.js), served under /sim/.
    #[arg(long)]
    assets_dir: Option<PathBuf>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let store = args.data.clone().map_or(Store::Memory, Store::File);
    let (world, warning) = match store.load() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("jira-sim: {e}");
            std::process::exit(1);
        }
    };
    if let Some(w) = warning {
        eprintln!("jira-sim: warning: {w}");
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("jira-sim: cannot listen on {}: {e}", args.listen);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("bound address");
    let mut sim = Sim::new(world, store, format!("http://{addr}"));
    sim.app_dir = args.app_dir;
    sim.assets_dir = args.assets_dir;
    let app = router(Arc::new(sim));
    println!("jira-sim listening on http://{addr}");
    println!("Open an issue: http://{addr}/browse/TL-1");
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        eprintln!("jira-sim: {e}");
        std::process::exit(1);
    }
}
