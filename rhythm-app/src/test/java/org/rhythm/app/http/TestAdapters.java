package org.rhythm.app.http;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The adapters the API suite runs on, as {@code rhythm server} chooses them: by its {@code
 * RHYTHM_*} configuration. Every {@link TestApi} takes a fresh {@link Place} from them, so that no
 * test sees another's workflows, messages or revocations.
 */
interface TestAdapters {

  /** A store, queue names and ids that no earlier place used. */
  Place next();

  /**
   * Where one API keeps its state: the configuration {@code rhythm server} would read, the real
   * name of each queue a test names, and the first 24 characters of the ids (UUID4 text) it hands
   * out, followed by a 12-digit number.
   */
  record Place(Map<String, String> configuration, UnaryOperator<String> queues, String idPrefix) {
    public Place {
      configuration = Map.copyOf(configuration);
      if (idPrefix.length() != 24) {
        throw new IllegalArgumentException("an id prefix has 24 characters, not " + idPrefix);
      }
    }

    String queue(String name) {
      return queues.apply(name);
    }
  }
}
