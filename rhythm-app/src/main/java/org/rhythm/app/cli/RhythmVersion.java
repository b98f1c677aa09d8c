package org.rhythm.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: Rhythm's version, from the build, and the JVM's. */
final class RhythmVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "rhythm " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = RhythmVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "(unknown version)";
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading Rhythm's version failed", e);
    }
    return properties.getProperty("version", "(unknown version)");
  }
}
