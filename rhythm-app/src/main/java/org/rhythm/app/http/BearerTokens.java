package org.rhythm.app.http;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * rhythm_api's bearer tokens (rhythm-api-contract.md §1.1): RS256 JWTs signed by the holder of the
 * private key, whose {@code iss} is the configured issuer and whose {@code sub} is not empty; an
 * {@code exp}, when present, is enforced with a minute of leeway, as jwcrypto does.
 */
public final class BearerTokens {
  static final Duration LEEWAY = Duration.ofSeconds(60);

  private final JWSVerifier verifier;
  private final String issuer;
  private final Clock clock;

  public BearerTokens(RSAPublicKey publicKey, String issuer, Clock clock) {
    this.verifier = new RSASSAVerifier(requireNonNull(publicKey, "publicKey"));
    this.issuer = requireNonNull(issuer, "issuer");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * The subject of the token in this {@code Authorization} header value.
   *
   * @throws Unauthorized saying what is wrong with it
   */
  String subject(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new Unauthorized("Invalid token");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(authorization.substring("Bearer ".length()).trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Unauthorized("Invalid token: not a signed JWT (" + e.getMessage() + ")");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new Unauthorized(
          "Invalid token: signed with " + jwt.getHeader().getAlgorithm() + ", not RS256");
    }
    try {
      if (!jwt.verify(verifier)) {
        throw new Unauthorized("Invalid token: the signature does not verify with the public key");
      }
    } catch (JOSEException e) {
      throw new Unauthorized("Invalid token: the signature cannot be checked: " + e.getMessage());
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new Unauthorized(
          "Invalid token: issuer '" + claims.getIssuer() + "' is not '" + issuer + "'");
    }
    if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
      throw new Unauthorized("Invalid token: the subject (sub) is empty");
    }
    Date expires = claims.getExpirationTime();
    if (expires != null && expires.toInstant().plus(LEEWAY).isBefore(clock.instant())) {
      throw new Unauthorized("Invalid token: expired at " + expires.toInstant());
    }
    return claims.getSubject();
  }

  /**
   * A token as rhythm_api's {@code issue_token} script makes it: {@code iat}, {@code iss}, {@code
   * sub}, {@code source: "microservice"}, and {@code exp} when {@code expiresIn} is not null.
   */
  public static String issue(
      RSAPrivateKey privateKey, String issuer, String subject, Duration expiresIn, Instant now) {
    requireNonNull(issuer, "issuer");
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a token needs a non-empty subject");
    }
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issueTime(Date.from(now))
            .issuer(issuer)
            .subject(subject)
            .claim("source", "microservice");
    if (expiresIn != null) {
      claims.expirationTime(Date.from(now.plus(expiresIn)));
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(com.nimbusds.jose.JOSEObjectType.JWT)
                .build(),
            claims.build());
    JWSSigner signer = new RSASSASigner(requireNonNull(privateKey, "privateKey"));
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("signing the token failed: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
