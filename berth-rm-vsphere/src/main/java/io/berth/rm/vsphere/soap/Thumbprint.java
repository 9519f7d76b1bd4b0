package io.berth.rm.vsphere.soap;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate's fingerprint as vSphere shows it: SHA-1 (20 bytes, what older vCenter and ESX screens show) or
 * SHA-256 (32 bytes), hex with or without colons, any case. Which digest it is follows from its length.
 */
public record Thumbprint(String algorithm, byte[] digest) {

    public static Thumbprint parse(String text) {
        String hex = text.replace(":", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a certificate thumbprint is hex digits (AA:BB:...), not '" + text + "'");
        }
        return switch (bytes.length) {
            case 20 -> new Thumbprint("SHA-1", bytes);
            case 32 -> new Thumbprint("SHA-256", bytes);
            default -> throw new IllegalArgumentException("a certificate thumbprint is a SHA-1 (20 bytes) or SHA-256 (32 bytes) digest, not "
                    + bytes.length + " bytes");
        };
    }

    public static Thumbprint of(X509Certificate certificate, String algorithm) {
        try {
            return new Thumbprint(algorithm, MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate with " + algorithm, e);
        }
    }

    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(digest, of(certificate, algorithm).digest);
    }

    @Override
    public String toString() {
        return algorithm + " " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thumbprint t && t.algorithm.equals(algorithm) && MessageDigest.isEqual(t.digest, digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }
}
