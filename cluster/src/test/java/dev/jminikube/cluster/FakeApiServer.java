package dev.jminikube.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.jminikube.addons.ApplyingMockApiServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The API server of a fake node, as the host sees it through the driver's forward: TLS with the certificate the
 * bootstrap generated and put into the node (read from the node's files when a client connects, so nothing answers
 * before the bootstrap wrote it), {@code /readyz} answered here, everything else passed to fabric8's CRUD mock
 * server (with server-side apply), where the node object, the add-ons' objects and the labels end up.
 */
final class FakeApiServer implements AutoCloseable {
    private final ApplyingMockApiServer backend = new ApplyingMockApiServer();
    private final HttpsServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI backendUrl;

    /**
     * @param certificatePem the API server's certificate, as the node has it (null until written)
     * @param keyPem         its private key
     */
    FakeApiServer(Supplier<String> certificatePem, Supplier<String> keyPem) throws Exception {
        try (var client = backend.client()) {
            backendUrl = URI.create(client.getMasterUrl().toString());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {new NodeKeyManager(certificatePem, keyPem)}, null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A client of the CRUD backend, to see and change what the cluster holds. */
    io.fabric8.kubernetes.client.KubernetesClient backendClient() {
        return backend.client();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/readyz")) {
                respond(exchange, 200, "text/plain", "ok".getBytes());
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(backendUrl.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        backend.close();
    }

    /** Serves the node's API server certificate, read when a handshake asks for it. */
    private static final class NodeKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "apiserver";
        private final Supplier<String> certificatePem;
        private final Supplier<String> keyPem;

        NodeKeyManager(Supplier<String> certificatePem, Supplier<String> keyPem) {
            this.certificatePem = certificatePem;
            this.keyPem = keyPem;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        /** The alias when the node has its certificate and its key is of the kind the handshake asks for. */
        private String aliasFor(String keyType) {
            if (certificatePem.get() == null || keyPem.get() == null) {
                return null;
            }
            return getPrivateKey(ALIAS).getAlgorithm().equals(keyType) ? ALIAS : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            try (InputStream in = new ByteArrayInputStream(certificatePem.get().getBytes())) {
                return new X509Certificate[] {
                        (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)};
            } catch (Exception e) {
                throw new IllegalStateException("the node's API server certificate: " + e, e);
            }
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            try (PEMParser parser = new PEMParser(new StringReader(keyPem.get()))) {
                Object parsed = parser.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                return parsed instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                        : converter.getPrivateKey((PrivateKeyInfo) parsed);
            } catch (IOException e) {
                throw new IllegalStateException("the node's API server key: " + e, e);
            }
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
