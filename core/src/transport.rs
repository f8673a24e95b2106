//! The WebSocket (tokio-tungstenite over rustls) and the shared HTTP client (reqwest), both on one
//! rustls configuration: ring provider, webpki roots, certificates verified.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::generate_request;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::WebSocketStream;
use url::Url;

use crate::config::is_loopback_host;
use crate::error::{Error, ErrorCode, Result};

pub(crate) type WsStream = WebSocketStream<Stream>;

/// Read buffer per socket. tungstenite's default (128 KiB) would be allocated for every idle
/// connection; chat frames are small and larger ones are simply read in several chunks.
const READ_BUFFER: usize = 2 * 1024;
/// Frames are written at once (no write batching): requests are latency-bound, not throughput-bound.
const WRITE_BUFFER: usize = 0;
/// Largest frame/message accepted from the server.
const MAX_MESSAGE: usize = 16 * 1024 * 1024;
/// Largest HTTP upgrade response head accepted.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// The ring provider. rustls 0.23.48 deprecated its constructor because ring offers no
/// post-quantum key exchange, and gives ring no replacement; ring stays because it cross-builds
/// for every app target (Android, iOS) with a C compiler only (aws-lc-rs needs CMake there). Its
/// classical groups (X25519, P-256, P-384) interoperate with any TLS 1.2/1.3 server.
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// The rustls configuration shared by the socket and the HTTP client.
pub(crate) fn tls_config() -> Result<Arc<rustls::ClientConfig>> {
    static CONFIG: OnceLock<std::result::Result<Arc<rustls::ClientConfig>, String>> =
        OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
                .with_safe_default_protocol_versions()
                .map(|builder| {
                    Arc::new(builder.with_root_certificates(roots).with_no_client_auth())
                })
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
                // A redirect could lead to a host the config check refuses (`0.0.0.0`, a mapped
                // loopback address...): none of the SDK's endpoints redirects, so none is followed.
                .redirect(reqwest::redirect::Policy::none())
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

/// Most bytes read from any HTTP reply (token, upload, ticket): they are small JSON objects, and a
/// hostile or broken server must not make the SDK buffer without bound.
pub(crate) const MAX_REPLY_BYTES: usize = 256 * 1024;

/// Reads a reply body of at most [`MAX_REPLY_BYTES`]; beyond it `BAD_RESPONSE`, before buffering it.
pub(crate) async fn read_reply(mut response: reqwest::Response) -> Result<Vec<u8>> {
    let too_large = || {
        Error::bad_response(format!(
            "The server's reply is larger than {MAX_REPLY_BYTES} bytes."
        ))
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_REPLY_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|_| Error::new(ErrorCode::ConnectionLost, "The server's reply was cut off."))?
    {
        if body.len() + chunk.len() > MAX_REPLY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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
    let secure = match url.scheme() {
        "wss" => true,
        "ws" if allow_insecure || is_loopback_host(url) => false,
        _ => {
            return Err(Error::invalid_argument(format!(
                "Refusing an unencrypted WebSocket to a non-loopback host ({url})."
            )))
        }
    };
    let host = url
        .host_str()
        .ok_or_else(|| Error::invalid_argument(format!("No host in {url}")))?;
    let port = url
        .port_or_known_default()
        .unwrap_or(if secure { 443 } else { 80 });
    let tcp = TcpStream::connect((host.trim_matches(['[', ']']), port))
        .await
        .map_err(connect_failed)?;
    let _ = tcp.set_nodelay(true);
    let mut stream = if secure {
        let name = rustls::pki_types::ServerName::try_from(host.to_owned())
            .map_err(|e| Error::invalid_argument(format!("Bad host {host:?}: {e}")))?;
        let tls = tokio_rustls::TlsConnector::from(tls_config()?)
            .connect(name, tcp)
            .await
            .map_err(connect_failed)?;
        Stream::Tls(Box::new(tls))
    } else {
        Stream::Plain(tcp)
    };
    let tail = upgrade(&mut stream, url).await?;
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE));
    Ok(WebSocketStream::from_partially_read(stream, tail, Role::Client, Some(config)).await)
}

/// Why the socket could not be opened, as the one error every step of `open` reports.
fn connect_failed(what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::ConnectionLost,
        format!("Could not connect: {what}"),
    )
}

/// The HTTP upgrade, with tungstenite's request and accept key. Done here rather than by
/// tungstenite's handshake, whose 4 KiB response buffer would become the socket's read buffer for
/// good; this one reads the response head into a small buffer and hands over only what follows it.
async fn upgrade(stream: &mut Stream, url: &Url) -> Result<Vec<u8>> {
    let request = url.as_str().into_client_request().map_err(connect_failed)?;
    let (request, key) = generate_request(request).map_err(connect_failed)?;
    stream.write_all(&request).await.map_err(connect_failed)?;
    let mut head = Vec::with_capacity(512);
    loop {
        if head.len() > MAX_RESPONSE_HEAD {
            return Err(connect_failed("the upgrade response is too long"));
        }
        let mut chunk = [0u8; 512];
        let read = stream.read(&mut chunk).await.map_err(connect_failed)?;
        if read == 0 {
            return Err(connect_failed(
                "the server closed the connection during the upgrade",
            ));
        }
        head.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut response = httparse::Response::new(&mut headers);
        let length = match response.parse(&head) {
            Ok(httparse::Status::Complete(length)) => length,
            Ok(httparse::Status::Partial) => continue,
            Err(e) => return Err(connect_failed(format!("bad upgrade response: {e}"))),
        };
        let header = |name: &str| {
            response
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
        };
        if response.code != Some(101) {
            return Err(connect_failed(format!(
                "HTTP {}",
                response.code.unwrap_or(0)
            )));
        }
        let upgraded = header("upgrade").is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
            && header("connection").is_some_and(|v| {
                v.split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("upgrade"))
            });
        if !upgraded || header("sec-websocket-accept") != Some(derive_accept_key(key.as_bytes())) {
            return Err(connect_failed(
                "the server did not accept the WebSocket upgrade",
            ));
        }
        // Frames the server sent right after the head (exact size: it seeds the read buffer).
        return Ok(head[length..].to_vec());
    }
}

/// The socket under the WebSocket. TLS is boxed so that a plain connection carries no room for a
/// TLS session (the idle-memory budget is a few KiB per client).
pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use tokio::net::TcpListener;

    /// A one-shot server on 127.0.0.1 that reads the upgrade request and answers with
    /// `reply(accept_key)`; returns the `ws://` URL.
    async fn server(reply: fn(&str) -> Vec<u8>) -> Url {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut tcp, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut chunk = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                let n = tcp.read(&mut chunk).await.unwrap();
                if n == 0 {
                    return;
                }
                request.extend_from_slice(&chunk[..n]);
            }
            let text = String::from_utf8_lossy(&request).to_string();
            let key = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Sec-WebSocket-Key: ")
                        .or_else(|| l.strip_prefix("sec-websocket-key: "))
                })
                .unwrap_or("")
                .trim()
                .to_owned();
            let _ = tcp
                .write_all(&reply(&derive_accept_key(key.as_bytes())))
                .await;
            let _ = tcp.shutdown().await;
        });
        Url::parse(&format!(
            "ws://127.0.0.1:{port}/v3.3/customer/rtm/ws?license_id=1"
        ))
        .unwrap()
    }

    fn switching(accept: &str) -> String {
        format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")
    }

    #[tokio::test]
    async fn the_upgrade_hands_over_frames_sent_right_after_the_response() {
        // A text frame "hi" in the same packet as the 101 response must not be lost.
        let url =
            server(|accept| [switching(accept).as_bytes(), &[0x81, 0x02, b'h', b'i']].concat())
                .await;
        let mut ws = open(&url, false).await.unwrap();
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("the frame after the response arrives")
            .unwrap()
            .unwrap();
        assert_eq!(message.into_text().unwrap().as_str(), "hi");
    }

    #[tokio::test]
    async fn a_refused_or_wrong_upgrade_is_a_typed_error() {
        let cases: [fn(&str) -> Vec<u8>; 4] = [
            |_| b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".to_vec(),
            |_| switching("not-the-key").into_bytes(),
            |_| b"HTTP/1.1 101 Switching".to_vec(), // closed mid-response
            |_| b"garbage\r\n\r\n".to_vec(),
        ];
        for reply in cases {
            let url = server(reply).await;
            let err = open(&url, false).await.err().expect("must fail");
            assert_eq!(err.code, ErrorCode::ConnectionLost, "{}", err.message);
            assert!(
                err.message.starts_with("Could not connect"),
                "{}",
                err.message
            );
        }
    }

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
