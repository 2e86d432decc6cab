package io.marketpipe.coinbase;

import io.marketpipe.toolkit.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseJwtTest
{
    private static final String KEY_NAME = "organizations/org-1/apiKeys/key-1";

    @Test
    void tokensAreES256SignedWithTheKeyAndNameIt()
            throws Exception
    {
        KeyPair pair = keyPair();
        CoinbaseJwt jwt = new CoinbaseJwt(KEY_NAME, sec1Pem(pair));

        String token = jwt.token(1_786_309_548L);

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        JsonObject header = JsonObject.parseObject(decode(parts[0]));
        JsonObject claims = JsonObject.parseObject(decode(parts[1]));
        assertEquals("ES256", header.string("alg"));
        assertEquals(KEY_NAME, header.string("kid"));
        assertEquals("cdp", claims.string("iss"));
        assertEquals(KEY_NAME, claims.string("sub"));
        assertEquals(1_786_309_548L, claims.longValue("nbf"));
        assertEquals(1_786_309_548L + CoinbaseJwt.LIFETIME_SECONDS, claims.longValue("exp"));

        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        assertEquals(64, signature.length, "JOSE r || s");
        assertTrue(verifier.verify(signature));

        byte[] tampered = Arrays.copyOf(signature, signature.length);
        tampered[10] ^= 1;
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertFalse(verifier.verify(tampered));
        assertNotEquals(token, jwt.token(1_786_309_548L), "a fresh nonce each time");
    }

    @Test
    void pkcs8KeysAndEscapedNewlinesAreReadAndTheSecretIsNeverShown()
            throws Exception
    {
        KeyPair pair = keyPair();
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()).replace("\r\n", "\\n") + "\\n-----END PRIVATE KEY-----\\n";
        CoinbaseJwt jwt = new CoinbaseJwt(KEY_NAME, pkcs8);

        assertEquals(3, jwt.token(1).split("\\.").length);
        assertFalse(jwt.toString().contains("PRIVATE"), jwt.toString());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new CoinbaseJwt(KEY_NAME, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"));
        assertFalse(bad.getMessage().contains("AAAA"), bad.getMessage());
    }

    static KeyPair keyPair()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /**
     * The SEC1 form Coinbase hands keys out in: the PKCS#8 encoding's inner OCTET STRING.
     */
    static String sec1Pem(KeyPair pair)
    {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // the JDK writes SEQUENCE { INTEGER 0, AlgorithmIdentifier (21 bytes), OCTET STRING { ECPrivateKey } } with short lengths for P-256
        int offset = 2 + 3 + 21;
        int length = pkcs8[offset + 1] & 0xff;
        byte[] sec1 = Arrays.copyOfRange(pkcs8, offset + 2, offset + 2 + length);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static String decode(String part)
    {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
