package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * PEM keys as openssl writes them (a test key pair made with {@code openssl genrsa -traditional}),
 * and tokens signed with one half checked with the other.
 */
class PemTest {

  @Test
  void readsOpensslsPkcs1AndSubjectPublicKeyInfoForms() {
    RSAPrivateKey key = Pem.privateKey(resource("openssl-pkcs1.key"));
    RSAPublicKey pkcs1 = Pem.publicKey(resource("openssl-pkcs1.pub"));
    RSAPublicKey spki = Pem.publicKey(resource("openssl-spki.pub"));

    assertThat(pkcs1).isEqualTo(spki);
    assertThat(pkcs1.getModulus()).isEqualTo(key.getModulus());
    assertThat(((RSAPrivateCrtKey) key).getPublicExponent()).isEqualTo(spki.getPublicExponent());
  }

  @Test
  void aTokenSignedWithTheOpensslKeyVerifiesWithItsPublicKey() {
    RSAPrivateKey key = Pem.privateKey(resource("openssl-pkcs1.key"));
    String token = BearerTokens.issue(key, "localhost", "bioloop", null, Instant.now());

    String subject =
        new BearerTokens(
                Pem.publicKey(resource("openssl-spki.pub")), "localhost", Clock.systemUTC())
            .subject("Bearer " + token);

    assertThat(subject).isEqualTo("bioloop");
  }

  @Test
  void writtenKeysReadBackEqual() {
    RSAPrivateKey key = Pem.privateKey(resource("openssl-pkcs1.key"));
    RSAPublicKey publicKey = Pem.publicKey(resource("openssl-spki.pub"));

    String privateText = Pem.of(key);
    String publicText = Pem.of(publicKey);

    assertThat(privateText).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Pem.privateKey(privateText)).isEqualTo(key);
    assertThat(publicText).isEqualTo(resource("openssl-spki.pub"));
  }

  @Test
  void textWithoutTheAskedKeyIsRefusedNamingWhatIsMissing() {
    String publicText = resource("openssl-spki.pub");

    assertThatThrownBy(() -> Pem.privateKey(publicText))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no PEM block of type PRIVATE KEY or RSA PRIVATE KEY was found");
  }

  private static String resource(String name) {
    try (InputStream in = PemTest.class.getResourceAsStream("/keys/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
