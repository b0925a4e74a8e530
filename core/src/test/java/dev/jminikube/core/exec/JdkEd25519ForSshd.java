package dev.jminikube.core.exec;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.config.keys.PublicKeyEntryDecoder;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.apache.sshd.common.util.security.eddsa.generic.GenericEd25519PublicKeyDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericOpenSSHEd25519PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericSignatureEd25519;

/**
 * Teaches Apache MINA sshd 2.20 to verify ssh-ed25519 client keys with the JDK's own Ed25519 (SunEC).
 *
 * <p>Why this exists: sshd 2.20 knows ed25519 only through Bouncy Castle or net.i2p eddsa, neither of
 * which this project depends on, yet the machines' keys are ed25519 and the SSH runner tests must
 * log in with exactly such a key. sshd reads the set of EdDSA providers when its key classes
 * initialise, so {@link #install()} must run before any other sshd class is touched.
 */
final class JdkEd25519ForSshd {
    private static volatile boolean installed;

    private JdkEd25519ForSshd() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        if (!SecurityUtils.isEDDSACurveSupported()) {
            SecurityUtils.registerSecurityProvider(new Registrar());
        }
        if (!SecurityUtils.isEDDSACurveSupported()) {
            throw new IllegalStateException("could not enable ed25519 in the embedded sshd");
        }
        installed = true;
    }

    private static final class Registrar extends AbstractSecurityProviderRegistrar {
        private final Support support = new Support();

        Registrar() {
            super("JdkEd25519");
        }

        @Override
        public Provider getSecurityProvider() {
            return Security.getProvider("SunEC");
        }

        @Override
        public String getProviderName() {
            return "SunEC"; // sshd looks the JCA provider up by this name, not by the registrar's
        }

        @Override
        public boolean isSupported() {
            return getSecurityProvider() != null;
        }

        @Override
        public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
            // Only Ed25519: everything else stays with sshd's usual providers.
            return "Ed25519".equalsIgnoreCase(name) || SecurityUtils.EDDSA.equalsIgnoreCase(name);
        }

        @Override
        public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
            return Optional.of(support);
        }
    }

    private static final class Support implements EdDSASupport<EdECPublicKey, EdECPrivateKey> {
        // DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows.
        private static final byte[] PKCS8_PREFIX = {
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
        };

        @Override
        public PublicKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getEDDSAPublicKeyEntryDecoder() {
            return new GenericEd25519PublicKeyDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this);
        }

        @Override
        public PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getOpenSSHEDDSAPrivateKeyEntryDecoder() {
            return new GenericOpenSSHEd25519PrivateKeyEntryDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this);
        }

        @Override
        public Signature getEDDSASigner() {
            return new GenericSignatureEd25519("Ed25519");
        }

        @Override
        public int getEDDSAKeySize(Key key) {
            return key instanceof EdECKey ? KEY_SIZE : -1;
        }

        @Override
        public Class<EdECPublicKey> getEDDSAPublicKeyType() {
            return EdECPublicKey.class;
        }

        @Override
        public Class<EdECPrivateKey> getEDDSAPrivateKeyType() {
            return EdECPrivateKey.class;
        }

        @Override
        public boolean compareEDDSAPPublicKeys(PublicKey k1, PublicKey k2) {
            return k1 instanceof EdECPublicKey && k2 instanceof EdECPublicKey
                    && Arrays.equals(k1.getEncoded(), k2.getEncoded());
        }

        @Override
        public boolean compareEDDSAPrivateKeys(PrivateKey k1, PrivateKey k2) {
            return k1 instanceof EdECPrivateKey && k2 instanceof EdECPrivateKey
                    && Arrays.equals(k1.getEncoded(), k2.getEncoded());
        }

        @Override
        public EdECPublicKey recoverEDDSAPublicKey(PrivateKey key) throws GeneralSecurityException {
            // Only the server's view of client keys is needed here.
            throw new InvalidKeyException("recovering an ed25519 public key is not supported in tests");
        }

        @Override
        public EdECPublicKey generateEDDSAPublicKey(byte[] seed) throws GeneralSecurityException {
            return (EdECPublicKey) KeyFactory.getInstance("Ed25519").generatePublic(EdDSAUtils.createPublicKeySpec(seed));
        }

        @Override
        public EdECPrivateKey generateEDDSAPrivateKey(byte[] seed) throws GeneralSecurityException, IOException {
            byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + seed.length);
            System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, seed.length);
            return (EdECPrivateKey) KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        }

        @Override
        public <B extends Buffer> B putRawEDDSAPublicKey(B buffer, PublicKey key) {
            buffer.putBytes(getPublicKeyData((EdECPublicKey) key));
            return buffer;
        }

        @Override
        public <B extends Buffer> B putEDDSAKeyPair(B buffer, PublicKey pubKey, PrivateKey prvKey) {
            throw new UnsupportedOperationException("not needed by the embedded test server");
        }

        @Override
        public KeySpec createPublicKeySpec(EdECPublicKey publicKey) {
            return new X509EncodedKeySpec(publicKey.getEncoded());
        }

        @Override
        public KeySpec createPrivateKeySpec(EdECPrivateKey privateKey) {
            return new PKCS8EncodedKeySpec(privateKey.getEncoded());
        }

        @Override
        public byte[] getPublicKeyData(EdECPublicKey publicKey) {
            try {
                return EdDSAUtils.getBytes(publicKey);
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public byte[] getPrivateKeyData(EdECPrivateKey privateKey) throws IOException {
            try {
                return EdDSAUtils.getBytes(privateKey);
            } catch (InvalidKeyException e) {
                throw new IOException(e);
            }
        }

        @Override
        public String getKeyFactoryAlgorithm() {
            return "Ed25519";
        }
    }
}
