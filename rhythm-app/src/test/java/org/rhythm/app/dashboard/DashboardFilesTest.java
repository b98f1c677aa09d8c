package org.rhythm.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as the server sends them: open without a token, with their content types, a
 * content-hashed address for each asset and the caching that goes with it.
 */
class DashboardFilesTest {
  private static final Pattern SCRIPT =
      Pattern.compile("src=\"(dashboard/dashboard\\.js\\?v=\\w+)\"");

  private final DashboardServer server = new DashboardServer();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void thePageIsOpenToAllAndRevalidatedEachTime() throws Exception {
    HttpResponse<String> page = get("", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("script-src 'self'", "connect-src 'self'");
    assertThat(page.body()).contains("<title>Rhythm</title>").doesNotContain("{{");
  }

  @Test
  void anAssetAskedForByItsHashIsKeptForAYear() throws Exception {
    String script = scriptAddress();

    HttpResponse<String> answer = get(script, null);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("text/javascript;charset=utf-8");
    assertThat(answer.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(answer.body()).contains("textContent");
  }

  @Test
  void anAssetAskedForByAnotherHashIsRevalidated() throws Exception {
    HttpResponse<String> answer = get("dashboard/dashboard.css?v=old", null);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-cache");
  }

  @Test
  void anAssetTheBrowserHoldsIsNotSentAgain() throws Exception {
    String etag = get("dashboard/dashboard.css", null).headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> answer = get("dashboard/dashboard.css", etag);

    assertThat(answer.statusCode()).isEqualTo(304);
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void anUnknownAssetIs404() throws Exception {
    HttpResponse<String> answer = get("dashboard/secrets.txt", null);

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).isEqualTo("{\"detail\":\"Not Found\"}");
  }

  @Test
  void theApiStillNeedsAToken() throws Exception {
    HttpResponse<String> answer = get("workflows", null);

    assertThat(answer.statusCode()).isEqualTo(401);
  }

  private String scriptAddress() throws IOException, InterruptedException {
    Matcher matcher = SCRIPT.matcher(get("", null).body());
    assertThat(matcher.find()).as("the page names its script with a hash").isTrue();
    return matcher.group(1);
  }

  private HttpResponse<String> get(String path, String ifNoneMatch)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
