package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rhythm.app.http.ApiClient.Answer;

/**
 * Bearer-token auth as rhythm_api does it (rhythm-api-contract.md §1.1), on the adapters a subclass
 * names. The tests change no workflow, so they share one API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpAuthContract {
  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API. */
  protected abstract TestAdapters adapters();

  @AfterAll
  void close() {
    api.close();
  }

  @Test
  void healthNeedsNoToken() {
    Answer answer = api.client.send("GET", "/health", null, null);

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void healthStaysOpenWhateverTheToken() {
    Answer answer = api.client.send("GET", "/health", null, "not-a-jwt");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(Map.of("health", "OK"));
  }

  @Test
  void aPathNoRouteTakesIs404EvenWithoutAToken() {
    Answer answer = api.client.send("GET", "/nothing/here", null, null);

    assertThat(answer.status()).isEqualTo(404);
  }

  @Test
  void aValidTokenWithoutExpiryIsAccepted() {
    Answer answer = api.client.get("/workflows");

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void noTokenIs401InvalidToken() {
    Answer answer = api.client.send("GET", "/workflows", null, null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json()).isEqualTo(Map.of("detail", "Invalid token"));
  }

  @Test
  void aBearerWithoutATokenIs401() {
    Answer answer = api.client.send("GET", "/workflows", null, "");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(((Map<?, ?>) answer.json()).get("detail")).asString().startsWith("Invalid token");
  }

  @Test
  void anotherSchemeIs401InvalidToken() {
    Answer answer =
        api.client.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.api.url() + "/workflows"))
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .build());

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json()).isEqualTo(Map.of("detail", "Invalid token"));
  }

  @Test
  void garbageIs401() {
    assertUnauthorized("not-a-jwt", "Invalid token: not a signed JWT");
  }

  @Test
  void aTokenSignedWithAnotherKeyIs401() {
    String token = TestKeys.token(TestKeys.STRANGER, TestKeys.ISSUER, "sub", null, Instant.now());

    assertUnauthorized(token, "Invalid token: the signature does not verify with the public key");
  }

  @Test
  void aTokenOfAnotherIssuerIs401() {
    String token = TestKeys.token(TestKeys.SERVER, "rhythm_api", "sub", null, Instant.now());

    assertUnauthorized(token, "Invalid token: issuer 'rhythm_api' is not 'rhythm-test'");
  }

  @Test
  void aTokenWithAnEmptySubjectIs401() throws JOSEException {
    String empty = sign(new JWTClaimsSet.Builder().issuer(TestKeys.ISSUER).subject("").build());
    String none = sign(new JWTClaimsSet.Builder().issuer(TestKeys.ISSUER).build());

    assertUnauthorized(empty, "Invalid token: the subject (sub) is empty");
    assertUnauthorized(none, "Invalid token: the subject (sub) is empty");
  }

  @Test
  void anExpiredTokenIs401() {
    Instant issued = Instant.now().minus(Duration.ofHours(2));
    String token =
        TestKeys.token(TestKeys.SERVER, TestKeys.ISSUER, "sub", Duration.ofHours(1), issued);

    assertUnauthorized(token, "Invalid token: expired at ");
  }

  @Test
  void aTokenThatExpiresLaterIsAccepted() {
    String token =
        TestKeys.token(TestKeys.SERVER, TestKeys.ISSUER, "sub", Duration.ofHours(1), Instant.now());

    Answer answer = api.client.send("GET", "/workflows/counts_by_status", null, token);

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void everyEndpointButHealthNeedsAToken() {
    String[][] routes = {
      {"GET", "/workflows"},
      {"GET", "/workflows/counts_by_status"},
      {"GET", "/workflows/x"},
      {"POST", "/workflows"},
      {"POST", "/workflows/x/pause"},
      {"POST", "/workflows/x/resume"},
      {"DELETE", "/workflows/x"},
      {"GET", "/workflows/x/events"},
      {"GET", "/tasks/unique?app_id=a"}
    };

    for (String[] route : routes) {
      Answer answer = api.client.send(route[0], route[1], "{}", null);
      assertThat(answer.status()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(answer.json())
          .as(route[0] + " " + route[1])
          .isEqualTo(Map.of("detail", "Invalid token"));
    }
  }

  private void assertUnauthorized(String token, String detailStart) {
    Answer answer = api.client.send("GET", "/workflows", null, token);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(((Map<?, ?>) answer.json()).get("detail")).asString().startsWith(detailStart);
  }

  private static String sign(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(TestKeys.SERVER.getPrivate()));
    return jwt.serialize();
  }
}
