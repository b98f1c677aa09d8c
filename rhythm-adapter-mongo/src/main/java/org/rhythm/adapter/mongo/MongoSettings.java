package org.rhythm.adapter.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.ConnectionString;

/**
 * Where the store's MongoDB is: a connection string ({@code mongodb://} or {@code mongodb+srv://})
 * and the database holding {@code workflow_meta} and {@code celery_taskmeta}. Without a database
 * the one named in the connection string's path is used, as Celery's backend does, else {@value
 * #DEFAULT_DATABASE}.
 */
public record MongoSettings(String uri, String database) {
  /** Celery's and sca_rhythm's database when the connection string names none. */
  public static final String DEFAULT_DATABASE = "celery";

  private static final String FORBIDDEN_IN_DATABASE = "/\\. \"$\0";

  public MongoSettings {
    requireNonNull(uri, "uri");
    ConnectionString parsed;
    try {
      parsed = new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a MongoDB connection string: " + redact(uri) + " (" + e.getMessage() + ")", e);
    }
    if (database == null) {
      database = parsed.getDatabase() != null ? parsed.getDatabase() : DEFAULT_DATABASE;
    }
    checkDatabase(database);
  }

  /** The database the connection string names, else {@value #DEFAULT_DATABASE}. */
  public static MongoSettings of(String uri) {
    return new MongoSettings(uri, null);
  }

  /** The connection string with its password, if any, replaced by {@code ***}: for messages. */
  public String redactedUri() {
    return redact(uri);
  }

  private static void checkDatabase(String database) {
    if (database.isEmpty() || database.length() > 63) {
      throw new IllegalArgumentException(
          "a MongoDB database name has 1 to 63 characters: '" + database + "'");
    }
    for (char c : FORBIDDEN_IN_DATABASE.toCharArray()) {
      if (database.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "a MongoDB database name has none of / \\ . space \" $ NUL: '" + database + "'");
      }
    }
  }

  /**
   * {@code scheme://user:password@hosts/...} with the password replaced. The user information ends
   * at the last {@code @} before the options, so that a password with an unescaped {@code /} or
   * {@code @}, which the driver refuses, is still hidden in the error saying so.
   */
  private static String redact(String uri) {
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int options = uri.indexOf('?', start);
    int userEnd = uri.lastIndexOf('@', options < 0 ? uri.length() : options);
    int passwordStart = uri.indexOf(':', start);
    if (userEnd < start || passwordStart < 0 || passwordStart > userEnd) {
      return uri;
    }
    return uri.substring(0, passwordStart + 1) + "***" + uri.substring(userEnd);
  }
}
