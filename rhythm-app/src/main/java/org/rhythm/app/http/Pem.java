package org.rhythm.app.http;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA keys as PEM text, as {@code openssl} writes them: public keys as {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo) or {@code RSA PUBLIC KEY} (PKCS#1), private keys as {@code PRIVATE KEY}
 * (PKCS#8) or {@code RSA PRIVATE KEY} (PKCS#1). Writes the first form of each.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private Pem() {}

  /** The public key in this PEM text. */
  public static RSAPublicKey publicKey(String pem) {
    Block block = block(pem, "PUBLIC KEY", "RSA PUBLIC KEY");
    byte[] der = block.type.equals("PUBLIC KEY") ? block.der : subjectPublicKeyInfo(block.der);
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("the PEM text holds no RSA public key: " + e, e);
    }
  }

  /** The private key in this PEM text. */
  public static RSAPrivateKey privateKey(String pem) {
    Block block = block(pem, "PRIVATE KEY", "RSA PRIVATE KEY");
    byte[] der = block.type.equals("PRIVATE KEY") ? block.der : privateKeyInfo(block.der);
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("the PEM text holds no RSA private key: " + e, e);
    }
  }

  /** {@code PUBLIC KEY} PEM text of a public key. */
  public static String of(RSAPublicKey key) {
    return text("PUBLIC KEY", key);
  }

  /** {@code PRIVATE KEY} (PKCS#8) PEM text of a private key. */
  public static String of(RSAPrivateKey key) {
    return text("PRIVATE KEY", key);
  }

  private static String text(String type, Key key) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }

  private record Block(String type, byte[] der) {}

  private static Block block(String pem, String... types) {
    Matcher matcher = BLOCK.matcher(pem);
    while (matcher.find()) {
      for (String type : types) {
        if (matcher.group(1).equals(type)) {
          try {
            return new Block(type, Base64.getMimeDecoder().decode(matcher.group(2)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block " + type + " is not base64", e);
          }
        }
      }
    }
    throw new IllegalArgumentException(
        "no PEM block of type " + String.join(" or ", types) + " was found");
  }

  /** SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING { PKCS#1 key } }. */
  private static byte[] subjectPublicKeyInfo(byte[] pkcs1) {
    byte[] bits = new byte[pkcs1.length + 1];
    System.arraycopy(pkcs1, 0, bits, 1, pkcs1.length);
    return sequence(RSA_ALGORITHM, tagged(0x03, bits));
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, OCTET STRING { PKCS#1 key } }. */
  private static byte[] privateKeyInfo(byte[] pkcs1) {
    return sequence(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tagged(0x04, pkcs1));
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tagged(0x30, content.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
