package io.berth.rm.vsphere.soap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * How Berth decides to trust the endpoint's TLS certificate. At most one of: a CA file (PEM), a pinned thumbprint,
 * or {@code insecure}; with none, the JDK's trusted CAs. Verification is on unless insecure is asked for by name.
 */
public record TrustSettings(Path caFile, Thumbprint thumbprint, boolean insecure) {

    public TrustSettings {
        int chosen = (caFile != null ? 1 : 0) + (thumbprint != null ? 1 : 0) + (insecure ? 1 : 0);
        if (chosen > 1) throw new IllegalArgumentException("choose one of a CA file, a certificate thumbprint or insecure");
    }

    public static TrustSettings systemCas() {
        return new TrustSettings(null, null, false);
    }

    public static TrustSettings pinned(Thumbprint thumbprint) {
        return new TrustSettings(null, thumbprint, false);
    }

    /** For people and logs: what is trusted. */
    public String describe() {
        if (insecure) return "nothing verified (insecure)";
        if (thumbprint != null) return "the certificate with " + thumbprint;
        if (caFile != null) return "certificates signed by the CAs in " + caFile;
        return "certificates signed by the JDK's trusted CAs";
    }

    public SSLContext sslContext() throws GeneralSecurityException, IOException {
        TrustManager manager;
        if (insecure) manager = new TrustAll();
        else if (thumbprint != null) manager = new Pinned(thumbprint);
        else if (caFile != null) manager = fromCas(caFile);
        else return SSLContext.getDefault();
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{manager}, null);
        return ctx;
    }

    private static TrustManager fromCas(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(file)) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (cas.isEmpty()) throw new CertificateException("no certificate in " + file);
        int i = 0;
        for (Certificate ca : cas) store.setCertificateEntry("ca-" + i++, ca);
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers()[0]; // checks the chain and the host name, like the defaults
    }

    /**
     * Trusts exactly one certificate, by fingerprint. The host name is not checked: a pinned certificate is
     * stronger than a name match, and ESX hosts' self-signed certificates often name "localhost.localdomain".
     * Being an {@link X509ExtendedTrustManager}, it replaces (rather than adds to) the JDK's own identity check.
     */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final Thumbprint expected;

        Pinned(Thumbprint expected) {
            this.expected = expected;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the endpoint sent no certificate");
            if (!expected.matches(chain[0])) {
                throw new CertificateException("the endpoint's certificate has " + Thumbprint.of(chain[0], expected.algorithm())
                        + ", not the pinned " + expected);
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    /** Only ever in use when an operator set "insecure" by name. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
