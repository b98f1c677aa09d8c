package org.rhythm.app.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.adapter.kafka.KafkaSettings;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.app.wiring.AmqpModule;
import org.rhythm.app.wiring.CoreModule;
import org.rhythm.app.wiring.InMemoryBrokerModule;
import org.rhythm.app.wiring.InMemoryStoreModule;
import org.rhythm.app.wiring.KafkaModule;
import org.rhythm.app.wiring.MongoModule;

/**
 * Which adapters Rhythm runs on, and their settings: one set of {@code RHYTHM_*} values, read from
 * a properties file (optional) and overridden by the environment variables of the same names.
 *
 * <ul>
 *   <li>{@value #BROKER}: {@code memory}, {@code amqp} or {@code kafka}. When unset: {@code amqp}
 *       if {@code RHYTHM_AMQP_URL} is set, else {@code kafka} if {@code RHYTHM_KAFKA_BOOTSTRAP} is
 *       set, else {@code memory}.
 *   <li>{@value #STORE}: {@code memory} or {@code mongo}. When unset: {@code mongo} if {@value
 *       #MONGO_URI} is set, else {@code memory}.
 *   <li>{@value #MONGO_URI} (the database is the connection string's, default {@code celery}),
 *       {@code RHYTHM_AMQP_URL}, {@code RHYTHM_AMQP_MAX_PRIORITY}, {@code RHYTHM_KAFKA_BOOTSTRAP}
 *       and the other settings each adapter reads.
 * </ul>
 *
 * With nothing set, everything runs in this process on the in-memory adapters.
 */
public final class RhythmConfig {
  public static final String BROKER = "RHYTHM_BROKER";
  public static final String STORE = "RHYTHM_STORE";
  public static final String MONGO_URI = "RHYTHM_MONGO_URI";
  public static final String MEMORY = "memory";
  public static final String AMQP = "amqp";
  public static final String KAFKA = "kafka";
  public static final String MONGO = "mongo";

  private final Map<String, String> values;
  private final String broker;
  private final String store;

  private RhythmConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
    this.broker = choose(BROKER, defaultBroker(), List.of(MEMORY, AMQP, KAFKA));
    this.store = choose(STORE, has(MONGO_URI) ? MONGO : MEMORY, List.of(MEMORY, MONGO));
  }

  /** The configuration of these values alone. */
  public static RhythmConfig of(Map<String, String> values) {
    return new RhythmConfig(values);
  }

  /**
   * The values of {@code file} (a properties file; none when null), each overridden by the
   * environment variable of the same name.
   *
   * @throws IllegalArgumentException when the file cannot be read, naming it
   */
  public static RhythmConfig load(Path file, Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e);
      }
      properties
          .stringPropertyNames()
          .forEach(name -> values.put(name, properties.getProperty(name)));
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("RHYTHM_")) {
            values.put(name, value);
          }
        });
    return new RhythmConfig(values);
  }

  /** {@code memory}, {@code amqp} or {@code kafka}. */
  public String broker() {
    return broker;
  }

  /** {@code memory} or {@code mongo}. */
  public String store() {
    return store;
  }

  /** The Guice modules of this configuration: the core, the broker's and the store's. */
  public List<Module> modules() {
    return List.of(new CoreModule(), brokerModule(), storeModule());
  }

  /** One line naming the adapters, for a start-up message; no secrets. */
  public String describe() {
    String where =
        switch (store) {
          case MONGO -> "mongo " + MongoSettings.of(values.get(MONGO_URI)).redactedUri();
          default -> "memory";
        };
    return "broker " + broker + ", store " + where;
  }

  private Module brokerModule() {
    return switch (broker) {
      case AMQP -> new AmqpModule(AmqpSettings.fromEnvironment(values));
      case KAFKA -> new KafkaModule(KafkaSettings.fromEnvironment(values));
      default -> new InMemoryBrokerModule();
    };
  }

  private Module storeModule() {
    if (store.equals(MONGO)) {
      if (!has(MONGO_URI)) {
        throw new IllegalArgumentException(
            STORE + "=mongo needs " + MONGO_URI + ", such as mongodb://127.0.0.1:27017/celery");
      }
      return new MongoModule(MongoSettings.of(values.get(MONGO_URI)));
    }
    return new InMemoryStoreModule();
  }

  private String defaultBroker() {
    if (has(AmqpSettings.URL_VARIABLE)) {
      return AMQP;
    }
    return has(KafkaSettings.BOOTSTRAP_VARIABLE) ? KAFKA : MEMORY;
  }

  private String choose(String name, String fallback, List<String> allowed) {
    String value = has(name) ? values.get(name).trim() : fallback;
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(
          name + " is one of " + String.join(", ", allowed) + ", not '" + value + "'");
    }
    return value;
  }

  private boolean has(String name) {
    String value = values.get(requireNonNull(name));
    return value != null && !value.isBlank();
  }
}
