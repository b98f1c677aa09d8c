package org.rhythm.app.http;

import static java.util.Objects.requireNonNull;

import java.security.interfaces.RSAPublicKey;

/**
 * Where the REST API listens and whom it lets in: host and port (0: any free port), the public key
 * bearer tokens are checked with, their issuer, and the largest request body taken.
 */
public record HttpSettings(
    String host, int port, RSAPublicKey publicKey, String issuer, int maxBodyBytes) {
  /** Only this machine, as DESIGN.md §8 asks. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** rhythm_api's port. */
  public static final int DEFAULT_PORT = 5001;

  /** rhythm_api's issuer outside production. */
  public static final String DEFAULT_ISSUER = "localhost";

  /** Room for a workflow of many steps with kwargs, far below what would strain memory. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;

  public HttpSettings {
    requireNonNull(host, "host");
    requireNonNull(publicKey, "publicKey (the PEM file bearer tokens are checked with)");
    requireNonNull(issuer, "issuer");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the host to listen on is not blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("the port is between 0 and 65535, not " + port);
    }
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("the token issuer is not blank");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit is positive, not " + maxBodyBytes);
    }
  }

  /** The defaults, with this public key. */
  public static HttpSettings of(RSAPublicKey publicKey) {
    return new HttpSettings(
        DEFAULT_HOST, DEFAULT_PORT, publicKey, DEFAULT_ISSUER, DEFAULT_MAX_BODY_BYTES);
  }

  public HttpSettings withPort(int value) {
    return new HttpSettings(host, value, publicKey, issuer, maxBodyBytes);
  }

  public HttpSettings withHost(String value) {
    return new HttpSettings(value, port, publicKey, issuer, maxBodyBytes);
  }

  public HttpSettings withIssuer(String value) {
    return new HttpSettings(host, port, publicKey, value, maxBodyBytes);
  }

  public HttpSettings withMaxBodyBytes(int value) {
    return new HttpSettings(host, port, publicKey, issuer, value);
  }
}
