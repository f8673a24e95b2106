//! The WebSocket (tokio-tungstenite over rustls) and the shared HTTP client (reqwest), both on one
//! rustls configuration: ring provider, webpki roots, certificates verified.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use crate::core::config::is_loopback_host;
use crate::core::error::{Error, ErrorCode, Result};

pub(crate) type WsStream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Read buffer per socket. tungstenite's default (128 KiB) would be allocated for every idle
/// connection; chat frames are small and larger ones are simply read in several chunks.
const READ_BUFFER: usize = 2 * 1024;
/// Frames are written at once (no write batching): requests are latency-bound, not throughput-bound.
const WRITE_BUFFER: usize = 0;
/// Largest frame/message accepted from the server.
const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// The rustls configuration shared by the socket and the HTTP client.
pub(crate) fn tls_config() -> Result<Arc<rustls::ClientConfig>> {
    static CONFIG: OnceLock<std::result::Result<Arc<rustls::ClientConfig>, String>> =
        OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .map(|builder| Arc::new(builder.with_root_certificates(roots).with_no_client_auth()))
            .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| Error::internal(format!("Could not set up TLS: {e}")))
}

/// The process-wide HTTP client (token grant, check_goals, uploads). Cookies are not kept here:
/// the token provider keeps its own jar, so the client is shared by every SDK instance.
pub(crate) fn http_client() -> Result<reqwest::Client> {
    static CLIENT: OnceLock<std::result::Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .use_preconfigured_tls((*tls_config().map_err(|e| e.message)?).clone())
                .connect_timeout(Duration::from_secs(10))
                // Token grants are rare; a few idle connections are plenty for any number of clients.
                .pool_max_idle_per_host(4)
                .user_agent(concat!(
                    "livechat-customer-sdk-rust/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| Error::internal(format!("Could not build the HTTP client: {e}")))
}

/// `<origin>/v3.3/customer` (the docs' customer API base).
pub(crate) fn api_base_url(origin: &str) -> String {
    format!("{}/v3.3/customer", origin.trim_end_matches('/'))
}

/// `ws(s)://.../v3.3/customer/rtm/ws?license_id=N` for an API origin.
pub(crate) fn rtm_url(origin: &str, license_id: u64) -> Result<Url> {
    let mut url = Url::parse(&format!("{}/rtm/ws", api_base_url(origin)))
        .map_err(|e| Error::invalid_argument(format!("Bad API origin {origin:?}: {e}")))?;
    let scheme = match url.scheme() {
        "https" | "wss" => "wss",
        "http" | "ws" => "ws",
        other => {
            return Err(Error::invalid_argument(format!(
                "Unsupported scheme {other:?}."
            )))
        }
    };
    url.set_scheme(scheme)
        .map_err(|_| Error::invalid_argument("Cannot build the WebSocket URL."))?;
    url.query_pairs_mut()
        .append_pair("license_id", &license_id.to_string());
    Ok(url)
}

/// Opens the customer RTM socket. Plain `ws://` only to loopback or with `allow_insecure`.
pub(crate) async fn open(url: &Url, allow_insecure: bool) -> Result<WsStream> {
    let connector = match url.scheme() {
        "wss" => Connector::Rustls(tls_config()?),
        "ws" if allow_insecure || is_loopback_host(url) => Connector::Plain,
        _ => {
            return Err(Error::invalid_argument(format!(
                "Refusing an unencrypted WebSocket to a non-loopback host ({url})."
            )))
        }
    };
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE));
    let (stream, _response) = tokio_tungstenite::connect_async_tls_with_config(
        url.as_str(),
        Some(config),
        true,
        Some(connector),
    )
    .await
    .map_err(|e| Error::new(ErrorCode::ConnectionLost, format!("Could not connect: {e}")))?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtm_urls_follow_the_docs() {
        assert_eq!(
            rtm_url("https://api-fra.livechatinc.com", 123)
                .unwrap()
                .as_str(),
            "wss://api-fra.livechatinc.com/v3.3/customer/rtm/ws?license_id=123"
        );
        assert_eq!(
            rtm_url("http://127.0.0.1:8080/fra/", 5).unwrap().as_str(),
            "ws://127.0.0.1:8080/fra/v3.3/customer/rtm/ws?license_id=5"
        );
    }

    #[test]
    fn tls_and_http_clients_build() {
        assert!(!tls_config()
            .unwrap()
            .alpn_protocols
            .iter()
            .any(|p| p == b"h2"));
        assert!(http_client().is_ok());
    }
}
