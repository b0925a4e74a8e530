package dev.jminikube.bootstrap.api;

import dev.jminikube.bootstrap.pki.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A few raw calls to the API server from the host (readiness, node status, a label patch), over the
 * 127.0.0.1 forward with the admin client certificate. The CA is the cluster's own: nothing else is
 * trusted. Add-ons and users go through fabric8 or kubectl; the bootstrapper needs only this much.
 */
public final class ApiServerClient {
    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    public ApiServerClient(URI base, String caPem, String clientCertPem, String clientKeyPem) {
        this(base, caPem, clientCertPem, clientKeyPem, Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    /** With shorter limits for callers that must answer quickly whatever the server does ({@code status}). */
    public ApiServerClient(URI base, String caPem, String clientCertPem, String clientKeyPem, Duration connectTimeout,
                           Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext(caPem, clientCertPem, clientKeyPem))
                .connectTimeout(connectTimeout)
                .build();
    }

    public URI base() {
        return base;
    }

    /** GET {@code path}; the status code and body, whatever the status. */
    public Response get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** PATCH {@code path} with a JSON merge patch. */
    public Response mergePatch(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    static SSLContext sslContext(String caPem, String certPem, String keyPem) {
        try {
            X509Certificate ca = Pem.readCertificate(caPem);
            X509Certificate cert = Pem.readCertificate(certPem);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            char[] password = "jminikube".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", Pem.readPrivateKey(keyPem), password, new Certificate[]{cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the TLS context from the cluster certificates: " + e, e);
        }
    }
}
