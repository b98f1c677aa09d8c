package org.rhythm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading PEM files, with errors that name the file. */
final class KeyFiles {
  /** Where rhythm_api keeps its keys, relative to the working directory. */
  static final Path PUBLIC = Path.of("keys", "auth.pub");

  static final Path PRIVATE = Path.of("keys", "auth.key");

  private KeyFiles() {}

  static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new UsageException(
          what + " " + file + " does not exist (make a pair with 'rhythm keys')");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + what + " " + file + " failed", e);
    }
  }
}
