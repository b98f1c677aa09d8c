package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MongoSettingsTest {
  @Test
  void theDatabaseIsCeleryWhenNeitherTheSettingsNorTheUriNameOne() {
    MongoSettings settings = MongoSettings.of("mongodb://127.0.0.1:27017");

    assertThat(settings.database()).isEqualTo("celery");
  }

  @Test
  void theDatabaseIsTheOneTheUriNamesAsForCelerysBackend() {
    MongoSettings settings = MongoSettings.of("mongodb://u:p@db:27017/results?authSource=admin");

    assertThat(settings.database()).isEqualTo("results");
  }

  @Test
  void aDatabaseGivenWinsOverTheUris() {
    MongoSettings settings = new MongoSettings("mongodb://db/results", "other");

    assertThat(settings.database()).isEqualTo("other");
  }

  @Test
  void aUriThatIsNoMongoDbConnectionStringIsRefusedWithoutItsPassword() {
    assertThatThrownBy(() -> MongoSettings.of("http://user:s3cret@db/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a MongoDB connection string: http://user:***@db/")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void anInvalidDatabaseNameIsRefused() {
    assertThatThrownBy(() -> new MongoSettings("mongodb://db", "a.b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a.b'");
  }

  @Test
  void anEmptyDatabaseNameIsRefused() {
    assertThatThrownBy(() -> new MongoSettings("mongodb://db", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRedactedUriHidesOnlyThePassword() {
    MongoSettings settings =
        MongoSettings.of("mongodb://celery:p%40ss@mongo:27017/celery?authSource=admin");

    assertThat(settings.redactedUri())
        .isEqualTo("mongodb://celery:***@mongo:27017/celery?authSource=admin");
  }

  @Test
  void aUriWithoutPasswordIsShownAsItIs() {
    MongoSettings settings =
        MongoSettings.of(
            "mongodb://CN%3Dclient@mongo:27017,mongo2:27017/?authMechanism=MONGODB-X509");

    assertThat(settings.redactedUri())
        .isEqualTo("mongodb://CN%3Dclient@mongo:27017,mongo2:27017/?authMechanism=MONGODB-X509");
  }
}
