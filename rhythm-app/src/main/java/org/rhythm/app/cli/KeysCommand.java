package org.rhythm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import org.rhythm.app.http.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rhythm keys}: writes a new 2048-bit RSA key pair as {@code auth.key} (PKCS#8, readable by
 * its owner only) and {@code auth.pub} into a directory, as rhythm_api keeps them. Never overwrites
 * a key.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Write a new RSA key pair for bearer tokens.",
      "",
      "Writes auth.key (private, readable by its owner only) and auth.pub. Never overwrites a key."
    })
final class KeysCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(names = "--dir", paramLabel = "DIR", description = "the directory to write them into")
  Path dir = KeyFiles.PUBLIC.getParent();

  KeysCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Path privateFile = dir.resolve("auth.key");
    Path publicFile = dir.resolve("auth.pub");
    for (Path file : List.of(privateFile, publicFile)) {
      if (Files.exists(file)) {
        throw new UsageException(file + " exists; keys are never overwritten");
      }
    }
    KeyPair pair = generate();
    try {
      Files.createDirectories(dir);
      writePrivate(privateFile, Pem.of((RSAPrivateKey) pair.getPrivate()));
      Files.writeString(
          publicFile, Pem.of((RSAPublicKey) pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the key pair into " + dir + " failed", e);
    }
    invocation.out().println("wrote " + privateFile + " and " + publicFile);
    return RhythmCli.OK;
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM cannot make RSA keys", e);
    }
  }
}
