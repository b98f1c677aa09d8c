package org.rhythm.app.http;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

/** Key pairs for the tests' tokens, made once per JVM. */
final class TestKeys {
  static final String ISSUER = "rhythm-test";
  static final KeyPair SERVER = generate();
  static final KeyPair STRANGER = generate();

  private TestKeys() {}

  static RSAPublicKey publicKey() {
    return (RSAPublicKey) SERVER.getPublic();
  }

  /** A valid token for the test server. */
  static String token() {
    return token(SERVER, ISSUER, "bioloop-dev.sca.iu.edu", null, Instant.now());
  }

  static String token(
      KeyPair keys, String issuer, String subject, Duration expiresIn, Instant issuedAt) {
    return BearerTokens.issue(
        (RSAPrivateKey) keys.getPrivate(), issuer, subject, expiresIn, issuedAt);
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
