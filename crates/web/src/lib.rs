//! HTTP: the JSON API under `/api/v1` and the server-rendered pages, over the use cases of
//! `jinguo_app`. Errors are mapped once (`error`), languages chosen once (`i18n`).

mod api;
mod cookies;
pub mod error;
mod extract;
mod files;
mod headers;
pub mod i18n;
mod openapi;
pub mod pages;
mod proxies;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use jinguo_app::App;
pub use proxies::TrustedProxies;

/// The largest request body accepted by default (imports raise it on their own routes).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Uploaded rosters waiting for their confirmation.
    pub imports: std::sync::Arc<pages::import::ImportJobs>,
    /// Checked uploads waiting for their confirmation (a cycle's signed sheet).
    pub held: std::sync::Arc<pages::import::HeldUploads>,
    /// Rate limits of the public (no sign-in) case forms.
    pub public_limits: std::sync::Arc<jinguo_app::cases::public::PublicLimits>,
}

/// The router of a server that no reverse proxy fronts (forwarding headers are ignored).
pub fn router(app: App) -> Router {
    router_behind(app, TrustedProxies::default())
}

/// The router of a server whose clients come through the reverse proxies of `proxies`.
pub fn router_behind(app: App, proxies: TrustedProxies) -> Router {
    let state = AppState {
        app,
        imports: Default::default(),
        held: Default::default(),
        public_limits: Default::default(),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api/v1", api::routes())
        .merge(pages::routes())
        .layer(axum::middleware::from_fn(pages::flash::carry))
        .layer(axum::middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(headers::protect))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(proxies),
            proxies::resolve,
        ))
        .with_state(state)
}

pub(crate) use jinguo_app::auth::constant_time_eq;
