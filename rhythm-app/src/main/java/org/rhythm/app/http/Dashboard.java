package org.rhythm.app.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The live dashboard: a page, its style sheet and its script module, read once from the classpath
 * and served at {@code /} and {@code /dashboard/{asset}}. The files hold no data, so anyone may
 * fetch them; the page asks for a bearer token and calls the API with it. The page names each asset
 * with its content hash, so a browser keeps an asset for a year yet never pairs a new page with an
 * old script.
 */
final class Dashboard {
  /** The route paths that need no token. */
  static final Set<String> OPEN = Set.of("/", "/dashboard/{asset}");

  private static final String FOLDER = "dashboard/";
  private static final String FOREVER = "public, max-age=31536000, immutable";

  /**
   * The page may run only its own script and style and talk only to this server: a token kept in
   * the page's session storage must not be readable by anything else.
   */
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Map<String, Asset> assets;
  private final Asset page;

  Dashboard() {
    Asset style = Asset.of("dashboard.css", read("dashboard.css"), "text/css;charset=utf-8");
    Asset script = Asset.of("dashboard.js", read("dashboard.js"), "text/javascript;charset=utf-8");
    assets = Map.of(style.name(), style, script.name(), script);
    String html =
        new String(read("index.html"), StandardCharsets.UTF_8)
            .replace("{{dashboard.css}}", style.address())
            .replace("{{dashboard.js}}", script.address());
    page = Asset.of("index.html", html.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8");
  }

  void route(Javalin app) {
    app.get("/", this::page);
    app.get("/dashboard/{asset}", this::asset);
  }

  private void page(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("Referrer-Policy", "no-referrer");
    send(ctx, page, "no-cache");
  }

  /** An asset asked for by its current hash is cached for good; any other request revalidates. */
  private void asset(Context ctx) {
    Asset asset = assets.get(ctx.pathParam("asset"));
    if (asset == null) {
      throw new NotFoundResponse();
    }
    send(ctx, asset, asset.hash().equals(ctx.queryParam("v")) ? FOREVER : "no-cache");
  }

  private static void send(Context ctx, Asset asset, String caching) {
    ctx.header("Cache-Control", caching);
    ctx.header("ETag", asset.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
    } else {
      ctx.contentType(asset.contentType()).result(asset.bytes());
    }
  }

  private static byte[] read(String file) {
    try (InputStream in = Dashboard.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard's " + file + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the dashboard's " + file + " failed", e);
    }
  }

  /** One served file with its content hash. */
  private record Asset(String name, byte[] bytes, String contentType, String hash) {
    static Asset of(String name, byte[] bytes, String contentType) {
      return new Asset(name, bytes, contentType, sha256(bytes).substring(0, 16));
    }

    /** The page's link to this asset, relative to {@code /}. */
    String address() {
      return FOLDER + name + "?v=" + hash;
    }

    String etag() {
      return "\"" + hash + "\"";
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM has no SHA-256", e);
      }
    }
  }
}
