package org.rhythm.app.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code --name value} and {@code --flag} options of one command, checked against what it
 * accepts.
 */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  static Options parse(List<String> args, Set<String> valued, Set<String> flagNames) {
    Options options = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      if (name != null && name.contains("=")) {
        String key = name.substring(0, name.indexOf('='));
        options.put(key, name.substring(name.indexOf('=') + 1), valued);
      } else if (name != null && flagNames.contains(name)) {
        options.flags.add(name);
      } else if (name != null && valued.contains(name)) {
        if (i + 1 >= args.size()) {
          throw new UsageException("--" + name + " needs a value");
        }
        options.put(name, args.get(++i), valued);
      } else {
        throw new UsageException("unknown option '" + arg + "'");
      }
    }
    return options;
  }

  private void put(String name, String value, Set<String> valued) {
    if (!valued.contains(name)) {
      throw new UsageException("unknown option '--" + name + "'");
    }
    values.put(name, value);
  }

  int integer(String name, int otherwise) {
    String value = values.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " is a whole number, not '" + value + "'");
    }
  }

  String text(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }
}
