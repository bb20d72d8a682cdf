//! HTTP: the JSON API under `/api/v1` and the server-rendered pages, over the use cases of
//! `jinguo_app`. Errors are mapped once (`error`), languages chosen once (`i18n`).

mod api;
mod cookies;
pub mod error;
mod extract;
pub mod i18n;
mod openapi;
pub mod pages;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use jinguo_app::App;
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest request body accepted by default (imports raise it on their own routes).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Uploaded rosters waiting for their confirmation.
    pub imports: std::sync::Arc<pages::import::ImportJobs>,
    /// Rate limits of the public (no sign-in) case forms.
    pub public_limits: std::sync::Arc<jinguo_app::cases::public::PublicLimits>,
}

pub fn router(app: App) -> Router {
    let state = AppState {
        app,
        imports: Default::default(),
        public_limits: Default::default(),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api/v1", api::routes())
        .merge(pages::routes())
        .layer(axum::middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(state)
}

pub(crate) use jinguo_app::auth::constant_time_eq;
