//! Process-wide TLS setup for rustls-based clients (kube-rs).

/// Installs ring as rustls' default crypto provider once. rustls refuses to pick one itself
/// when more than one provider is compiled into the binary.
pub fn ensure_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // An error means another provider was installed first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
