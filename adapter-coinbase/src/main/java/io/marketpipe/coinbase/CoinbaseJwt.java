package io.marketpipe.coinbase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * Signs the JSON Web Tokens that authenticate Advanced Trade subscriptions: ES256 (ECDSA P-256
 * with SHA-256) with a Coinbase Developer Platform key. A token lives two minutes, the most
 * Coinbase accepts, so each subscribe message gets a fresh one.
 *
 * <p>The secret is the key's PEM, either SEC1 ({@code BEGIN EC PRIVATE KEY}, as Coinbase hands it
 * out) or PKCS#8 ({@code BEGIN PRIVATE KEY}); {@code \n} escapes, as in a one-line environment
 * variable, are accepted. {@link #toString()} never shows the secret.
 */
final class CoinbaseJwt
{
    static final long LIFETIME_SECONDS = 120;

    // DER prefix of a PKCS#8 PrivateKeyInfo for an EC key on P-256 (id-ecPublicKey, prime256v1),
    // up to the OCTET STRING that holds the SEC1 ECPrivateKey
    private static final byte[] EC_P256_ALGORITHM = {
            0x30, 0x13, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01,
            0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String keyName;
    private final PrivateKey key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keyName the key's name, {@code organizations/{org}/apiKeys/{id}}
     * @param pem the private key
     * @throws IllegalArgumentException when the secret is not an EC private key PEM; the message
     *         never quotes it
     */
    CoinbaseJwt(String keyName, String pem)
    {
        this.keyName = requireNonNull(keyName, "keyName is null");
        this.key = parse(requireNonNull(pem, "pem is null"));
    }

    /**
     * @param nowSeconds the current Unix time in seconds
     * @return a signed token: header {@code alg, kid, nonce, typ}, claims {@code iss = cdp, sub, nbf, exp}
     */
    String token(long nowSeconds)
    {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String header = "{\"alg\":\"ES256\",\"kid\":" + quote(keyName) + ",\"nonce\":\"" + HexFormat.of().formatHex(nonce) + "\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"cdp\",\"sub\":" + quote(keyName) + ",\"nbf\":" + nowSeconds + ",\"exp\":" + (nowSeconds + LIFETIME_SECONDS) + "}";
        String signingInput = encode(header) + "." + encode(claims);
        try {
            // P1363 gives r || s, 64 bytes, the JOSE form of an ES256 signature
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key, random);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an ES256 token: " + e.getMessage(), e);
        }
    }

    String keyName()
    {
        return keyName;
    }

    @Override
    public String toString()
    {
        return "CoinbaseJwt{keyName=" + keyName + ", secret=****}";
    }

    private static PrivateKey parse(String pem)
    {
        String text = pem.replace("\\n", "\n").trim();
        boolean sec1 = text.contains("BEGIN EC PRIVATE KEY");
        boolean pkcs8 = text.contains("BEGIN PRIVATE KEY");
        if (!sec1 && !pkcs8) {
            throw new IllegalArgumentException("not a PEM EC private key (expected a BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY block)");
        }
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM key body is not valid base64");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1 ? wrapSec1(der) : der));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the PEM key is not an EC P-256 private key");
        }
    }

    /**
     * Wraps a SEC1 ECPrivateKey into a PKCS#8 PrivateKeyInfo, which the JDK's key factory reads.
     */
    private static byte[] wrapSec1(byte[] sec1)
    {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(EC_P256_ALGORITHM);
        content.write(0x04);
        writeLength(content, sec1.length);
        content.writeBytes(sec1);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30);
        writeLength(info, content.size());
        info.writeBytes(content.toByteArray());
        return info.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length)
    {
        if (length < 0x80) {
            out.write(length);
        }
        else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        }
        else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }

    private static String encode(String json)
    {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
